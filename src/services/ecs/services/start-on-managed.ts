/**
 * Starting a Fargate service's tasks, inside the applier's transaction: RunTask's own
 * managed-capacity path (launch/run-on-managed-capacity.ts: Fargate checks, a seat and a loopback
 * address per task, the task written PROVISIONING), with the deployment's platform version and,
 * on a capacity provider strategy, each task's provider chosen so that the deployment's live tasks
 * come as close as they can to the strategy (service-launch.ts providersForStart).
 */
import type { RequestContext } from "../../../server/service.js";
import type { StoreTx, Tag, TaskRecord } from "../../../store/store.js";
import { prepareTask, type TaskStartInput } from "../actions/run-task.js";
import { LATEST_PLATFORM_VERSION } from "../launch/fargate-checks.js";
import { runOnManagedCapacity } from "../launch/run-on-managed-capacity.js";
import { taskDoc } from "../task-records/doc.js";
import { launchOfDoc, providersForStart } from "./service-launch.js";
import type { StoredDeployment } from "./types.js";

export interface ManagedStart {
  started: TaskRecord[];
  /** Seats whose agents are to be woken after commit. */
  seats: string[];
  /** Why tasks could not be started (ECS's capacity failure), when some could not. */
  failure?: string;
}

export async function startOnManagedCapacity(
  tx: StoreTx,
  ctx: RequestContext,
  cluster: { name: string; arn: string },
  deployment: StoredDeployment,
  input: TaskStartInput,
  tags: Tag[],
  tasks: readonly TaskRecord[],
  count: number,
): Promise<ManagedStart> {
  const prepared = await prepareTask(tx, ctx, input, tags, "FARGATE", { allowInactive: true });
  const strategy = launchOfDoc(deployment).capacityProviderStrategy;
  let providers: (string | undefined)[] = new Array<undefined>(count).fill(undefined);
  if (strategy) {
    const existing: Record<string, number> = {};
    for (const t of tasks) {
      if (t.desiredStatus !== "RUNNING" || t.startedBy !== deployment.id) continue;
      const provider = taskDoc(t).task.capacityProviderName;
      if (provider !== undefined) existing[provider] = (existing[provider] ?? 0) + 1;
    }
    providers = providersForStart(strategy, existing, count);
  }
  const run = await runOnManagedCapacity(tx, ctx, cluster, prepared, input, providers, deployment.platformVersion ?? LATEST_PLATFORM_VERSION);
  return { started: run.records, seats: run.seats, ...(run.failures[0] !== undefined && { failure: run.failures[0].reason }) };
}
