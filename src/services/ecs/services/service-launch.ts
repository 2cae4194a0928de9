/**
 * Where a service's tasks run, pure: CreateService's launchType / capacityProviderStrategy (or the
 * cluster's default strategy) resolved to what the service keeps and shows, ECS's refusals for
 * Fargate services, UpdateService's switches between a launch type and a strategy, and the
 * capacity provider of each task the scheduler starts. Messages are ECS's, observed unless marked.
 *
 * - Resolution (ECS API CreateService): a launch type and a non-empty strategy together are refused;
 *   the request's strategy, else its launch type, else the cluster's default strategy, else EC2.
 *   A service on a strategy shows `capacityProviderStrategy` (the cluster default copied in) and
 *   no launchType; one on a launch type shows `launchType`.
 * - DAEMON with a strategy (also the cluster's default): "Specifying a capacity provider strategy
 *   is not supported when you create a service using the DAEMON scheduling strategy."
 *   (containers-roadmap#692); with FARGATE: refused (DG: Fargate doesn't support DAEMON; wording
 *   not observed).
 * - Fargate (launch type FARGATE, or a strategy: berth's providers are FARGATE / FARGATE_SPOT):
 *   placement constraints and strategies are refused as RunTask refuses them; platformVersion is
 *   kept as given (LATEST when omitted) and checked (launch/fargate-checks.ts); the task
 *   definition must be FARGATE-compatible and awsvpc, which then needs a networkConfiguration.
 *   EC2 with a platformVersion: "The platform version must be null when specifying an EC2 launch
 *   type." (amazon-ecs-cli#1040).
 * - UpdateService: a strategy that differs from the service's (launch type → strategy, or another
 *   strategy) needs forceNewDeployment: "When switching from launch type to capacity provider
 *   strategy on an existing service, or making a change to a capacity provider strategy on a
 *   service that is already using one, you must force a new deployment." (ecs_deploy#74). An
 *   empty list on a strategy service goes back to a launch type (API UpdateService): FARGATE when
 *   the strategy was Fargate's, which berth's always are.
 */
import { invalidParameter } from "../errors.js";
import { normalizeStrategy, validateCapacityProviders } from "../clusters/capacity-providers.js";
import { checkFargateRequest, PLATFORM_FAMILY } from "../launch/fargate-checks.js";
import { checkLaunchRequest, splitByStrategy, type ClusterCapacity } from "../launch/launch-choice.js";
import type { CapacityProviderStrategyItem } from "../types.js";

export interface ServiceLaunch {
  launchType?: "EC2" | "FARGATE";
  /** Normalized (weight and base filled in); never empty. */
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
}

/** What a Fargate service shows: the platform version asked (LATEST by default) and the one its tasks run. */
export interface FargatePlatform {
  platformVersion: string;
  resolvedPlatformVersion: string;
  platformFamily: string;
}

const DAEMON_STRATEGY = "Specifying a capacity provider strategy is not supported when you create a service using the DAEMON scheduling strategy.";
export const FORCE_NEEDED =
  "When switching from launch type to capacity provider strategy on an existing service, or making a change to a capacity provider strategy on a service that is already using one, you must force a new deployment.";

/** Tasks run on berth's managed capacity (FARGATE, FARGATE_SPOT), not on container instances. */
export const isManaged = (launch: ServiceLaunch): boolean => launch.launchType === "FARGATE" || (launch.capacityProviderStrategy?.length ?? 0) > 0;

export function resolveServiceLaunch(
  input: { launchType?: string; capacityProviderStrategy?: CapacityProviderStrategyItem[] },
  cluster: ClusterCapacity,
  scheduling: "REPLICA" | "DAEMON",
): ServiceLaunch {
  checkLaunchRequest(input);
  const asked = normalizeStrategy(input.capacityProviderStrategy);
  if (asked.length > 0) {
    if (scheduling === "DAEMON") throw invalidParameter(DAEMON_STRATEGY);
    validateCapacityProviders(cluster.capacityProviders ?? [], asked);
    return { capacityProviderStrategy: asked };
  }
  if (input.launchType === "FARGATE") {
    if (scheduling === "DAEMON") throw invalidParameter("The DAEMON scheduling strategy is not supported with FARGATE launch type.");
    return { launchType: "FARGATE" };
  }
  if (input.launchType === "EC2") return { launchType: "EC2" };
  const fallback = normalizeStrategy(cluster.defaultCapacityProviderStrategy);
  if (fallback.length > 0) {
    if (scheduling === "DAEMON") throw invalidParameter(DAEMON_STRATEGY);
    return { capacityProviderStrategy: fallback };
  }
  return { launchType: "EC2" };
}

/**
 * The checks of a service's launch against its placement and platform version; for Fargate,
 * what it shows. Placement is what the service will have (after an update, the merged value).
 */
export function checkServicePlatform(
  launch: ServiceLaunch,
  input: { platformVersion?: string; placementConstraints?: unknown[]; placementStrategy?: unknown[] },
): FargatePlatform | undefined {
  if (!isManaged(launch)) {
    if (input.platformVersion !== undefined) throw invalidParameter("The platform version must be null when specifying an EC2 launch type.");
    return undefined;
  }
  const platformVersion = input.platformVersion ?? "LATEST";
  const resolvedPlatformVersion = checkFargateRequest({ ...input, platformVersion });
  return { platformVersion, resolvedPlatformVersion, platformFamily: PLATFORM_FAMILY };
}

/** The service and deployment members of a launch (the strategy as stored records keep it). */
export function launchFields(launch: ServiceLaunch): { launchType?: string; capacityProviderStrategy?: Record<string, unknown>[] } {
  return {
    ...(launch.launchType !== undefined && { launchType: launch.launchType }),
    ...(launch.capacityProviderStrategy !== undefined && { capacityProviderStrategy: launch.capacityProviderStrategy as unknown as Record<string, unknown>[] }),
  };
}

/** A stored service's or deployment's launch. */
export function launchOfDoc(doc: { launchType?: string; capacityProviderStrategy?: Record<string, unknown>[] }): ServiceLaunch {
  if (doc.capacityProviderStrategy !== undefined && doc.capacityProviderStrategy.length > 0) {
    return { capacityProviderStrategy: doc.capacityProviderStrategy as unknown as CapacityProviderStrategyItem[] };
  }
  return { launchType: doc.launchType === "FARGATE" ? "FARGATE" : "EC2" };
}

/** The launch type a task definition must be compatible with. */
export const compatibilityOf = (launch: ServiceLaunch): "EC2" | "FARGATE" => (isManaged(launch) ? "FARGATE" : "EC2");

const sameStrategy = (a: readonly CapacityProviderStrategyItem[], b: readonly CapacityProviderStrategyItem[]) =>
  JSON.stringify(normalizeStrategy([...a])) === JSON.stringify(normalizeStrategy([...b]));

/**
 * UpdateService's capacityProviderStrategy against the service's launch: the launch after the
 * update, and whether it changed (which makes a new deployment). Undefined `asked`: unchanged.
 */
export function updatedLaunch(
  current: ServiceLaunch,
  asked: CapacityProviderStrategyItem[] | undefined,
  forceNewDeployment: boolean,
  cluster: ClusterCapacity,
  scheduling: "REPLICA" | "DAEMON",
): { launch: ServiceLaunch; changed: boolean } {
  if (asked === undefined) return { launch: current, changed: false };
  const strategy = normalizeStrategy(asked);
  if (strategy.length === 0) {
    if (!current.capacityProviderStrategy) return { launch: current, changed: false };
    if (!forceNewDeployment) throw invalidParameter(FORCE_NEEDED);
    return { launch: { launchType: "FARGATE" }, changed: true };
  }
  if (current.capacityProviderStrategy && sameStrategy(current.capacityProviderStrategy, strategy)) return { launch: current, changed: false };
  if (scheduling === "DAEMON") throw invalidParameter(DAEMON_STRATEGY);
  validateCapacityProviders(cluster.capacityProviders ?? [], strategy);
  if (!forceNewDeployment) throw invalidParameter(FORCE_NEEDED);
  return { launch: { capacityProviderStrategy: strategy }, changed: true };
}

/**
 * The capacity provider of each of `count` new tasks, so that with the `existing` live tasks per
 * provider the whole comes as close as it can to the strategy's split (base first, then weight:
 * launch-choice.ts splitByStrategy). Example: [FARGATE weight 1, FARGATE_SPOT weight 3] with
 * {FARGATE: 1} live, 3 more → FARGATE_SPOT ×3 (1:3 over 4).
 */
export function providersForStart(strategy: readonly CapacityProviderStrategyItem[], existing: Readonly<Record<string, number>>, count: number): string[] {
  if (count <= 0) return [];
  const have = strategy.reduce((n, s) => n + (existing[s.capacityProvider] ?? 0), 0);
  const target = splitByStrategy(strategy, have + count);
  const deficit = new Map<string, number>();
  for (const p of target) deficit.set(p, (deficit.get(p) ?? 0) + 1);
  for (const [p, n] of deficit) deficit.set(p, n - (existing[p] ?? 0));
  const out: string[] = [];
  for (const p of target) {
    if (out.length === count) break;
    const d = deficit.get(p)!;
    if (d <= 0) continue;
    deficit.set(p, d - 1);
    out.push(p);
  }
  return out;
}
