/**
 * Where RunTask's tasks run, from the request and the cluster (pure):
 *
 * - `launchType` and a non-empty `capacityProviderStrategy` together are refused (ECS's message).
 * - `launchType` EC2 → the cluster's container instances; FARGATE → managed capacity, tasks show
 *   no capacityProviderName. EXTERNAL and MANAGED_INSTANCES are refused ("not yet").
 * - A strategy (the request's, else the cluster's default when no launchType is given) → managed
 *   capacity (FARGATE and FARGATE_SPOT are the only providers berth has), each task showing the
 *   provider it was given. The request's strategy must name providers associated with the cluster.
 * - Neither, and no default strategy on the cluster → EC2, as ECS does.
 *
 * Providers per task (`splitByStrategy`): the provider with a `base` gets the first `base` tasks,
 * the rest go by `weight`, each next task to the provider furthest below its share (ties: strategy
 * order). Example: [FARGATE base 2 weight 1, FARGATE_SPOT weight 3], count 6 → FARGATE ×2 (base),
 * then FARGATE_SPOT, FARGATE, FARGATE_SPOT, FARGATE_SPOT (1:3 over the other 4).
 */
import { invalidParameter } from "../errors.js";
import { normalizeStrategy, validateCapacityProviders } from "../clusters/capacity-providers.js";
import type { CapacityProviderStrategyItem } from "../types.js";

export type Launch =
  | { kind: "instances" }
  /** One entry per task: its capacity provider, or undefined when launchType FARGATE was asked. */
  | { kind: "managed"; providers: (string | undefined)[] };

export interface LaunchRequest {
  launchType?: string;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
}

export interface ClusterCapacity {
  capacityProviders?: string[];
  defaultCapacityProviderStrategy?: CapacityProviderStrategyItem[];
}

/** berth runs tasks on registered instances and managed capacity; it says so rather than pretend. */
const notYet = (what: string) =>
  invalidParameter(`berth does not run ${what} tasks yet: use launchType EC2 (tasks run on the cluster's registered container instances) or FARGATE.`);

/** The checks that need no cluster. */
export function checkLaunchRequest(input: LaunchRequest): void {
  if (input.launchType !== undefined && (input.capacityProviderStrategy ?? []).length > 0) {
    // Observed (CreateService; tflint-ruleset-aws#349); RunTask follows the same rule (API reference).
    throw invalidParameter("Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.");
  }
  if (input.launchType !== undefined && input.launchType !== "EC2" && input.launchType !== "FARGATE") throw notYet(input.launchType);
}

export function chooseLaunch(input: LaunchRequest, cluster: ClusterCapacity, count: number): Launch {
  checkLaunchRequest(input);
  if (input.launchType === "EC2") return { kind: "instances" };
  if (input.launchType === "FARGATE") return { kind: "managed", providers: new Array<undefined>(count).fill(undefined) };
  let strategy = normalizeStrategy(input.capacityProviderStrategy);
  if (strategy.length > 0) {
    // Observed for RunTask with FARGATE_SPOT not on the cluster (dask/dask-cloudprovider#328).
    validateCapacityProviders(cluster.capacityProviders ?? [], strategy);
  } else {
    strategy = normalizeStrategy(cluster.defaultCapacityProviderStrategy);
    if (strategy.length === 0) return { kind: "instances" };
  }
  return { kind: "managed", providers: splitByStrategy(strategy, count) };
}

/** The provider of each of `count` tasks: base first, then by weight (see the header). */
export function splitByStrategy(strategy: readonly CapacityProviderStrategyItem[], count: number): string[] {
  const out: string[] = [];
  const based = strategy.find((s) => (s.base ?? 0) > 0);
  if (based) for (let i = 0; i < Math.min(based.base!, count); i++) out.push(based.capacityProvider);
  const weighted = strategy.filter((s) => (s.weight ?? 0) > 0);
  // Only a based provider with weight 0 and nothing else: it takes every task.
  if (weighted.length === 0) {
    while (out.length < count) out.push(based?.capacityProvider ?? strategy[0]!.capacityProvider);
    return out;
  }
  const given = new Map<string, number>(weighted.map((s) => [s.capacityProvider, 0]));
  const totalWeight = weighted.reduce((n, s) => n + s.weight!, 0);
  for (let n = 1; out.length < count; n++) {
    // After n weighted tasks, each provider's share is n * weight / total; pick the largest deficit.
    let best = weighted[0]!;
    let bestDeficit = -Infinity;
    for (const s of weighted) {
      const deficit = (n * s.weight!) / totalWeight - given.get(s.capacityProvider)!;
      if (deficit > bestDeficit + 1e-9) {
        best = s;
        bestDeficit = deficit;
      }
    }
    given.set(best.capacityProvider, given.get(best.capacityProvider)! + 1);
    out.push(best.capacityProvider);
  }
  return out;
}
