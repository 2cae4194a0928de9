import type { RequestContext } from "../../../server/service.js";
import type { ContainerInstanceRecord, TaskRecord } from "../../../store/store.js";
import { invalidParameter } from "../errors.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { findInstance, missingArn } from "../container-instances/lookup.js";
import { resourceShortfall } from "../placement/fit.js";
import type { Failure, Task } from "../types.js";
import { taskView } from "../task-records/view.js";
import { candidateOf } from "../task-records/run.js";
import { notifyAssignments } from "../../berth-agent/assignments.js";
import { addressesInUse, checkTaskInput, prepareTask, startTaskOn, type RunTaskRequest } from "./run-task.js";

/** StartTask takes RunTask's members, less placement and launch choices, plus the instances to use. */
export interface StartTaskRequest
  extends Pick<
    RunTaskRequest,
    | "taskDefinition"
    | "cluster"
    | "networkConfiguration"
    | "overrides"
    | "group"
    | "startedBy"
    | "tags"
    | "propagateTags"
    | "enableECSManagedTags"
    | "enableExecuteCommand"
    | "referenceId"
    | "volumeConfigurations"
  > {
  containerInstances: string[];
}

export interface StartTaskResponse {
  tasks: Task[];
  failures: Failure[];
}

/** StartTask takes up to 10 instances; its startedBy is shorter than RunTask's (API reference). */
export const MAX_START_INSTANCES = 10;
export const MAX_START_STARTED_BY = 36;

/**
 * Starts one copy of a task definition on each named container instance (id or ARN), without
 * placement: an instance the cluster does not have is a MISSING failure (with its ARN), one that
 * is not ACTIVE is INACTIVE, one without the CPU, memory or host ports left is RESOURCE:CPU /
 * RESOURCE:MEMORY / RESOURCE:PORTS. Tasks are written PENDING and their resources reserved in one
 * transaction, as RunTask does, and their agents are woken. An instance named twice gets two tasks
 * if it has room for both.
 */
export async function startTask(input: StartTaskRequest, ctx: RequestContext): Promise<StartTaskResponse> {
  const refs = input.containerInstances ?? [];
  if (!Array.isArray(refs) || refs.length < 1 || refs.length > MAX_START_INSTANCES) {
    throw invalidParameter(`containerInstances must contain between 1 and ${MAX_START_INSTANCES} container instances.`);
  }
  const requestTags = checkTaskInput(input, MAX_START_STARTED_BY);

  const placed: string[] = [];
  const response = await ctx.store.write(async (tx): Promise<StartTaskResponse> => {
    const cluster = await requireActiveCluster(tx, ctx, input.cluster);
    const prepared = await prepareTask(tx, ctx, input, requestTags);
    const inUse = await addressesInUse(tx, prepared);
    // Instances as this call left them, so one named twice is charged twice.
    const current = new Map<string, ContainerInstanceRecord>();
    const tasks: TaskRecord[] = [];
    const failures: Failure[] = [];
    for (const ref of refs) {
      const found = await findInstance(tx, ctx, cluster, ref);
      if (!found) {
        failures.push({ arn: missingArn(ctx, cluster.name, ref), reason: "MISSING" });
        continue;
      }
      const instance = current.get(found.arn) ?? found;
      if (instance.status !== "ACTIVE") {
        failures.push({ arn: instance.arn, reason: "INACTIVE" });
        continue;
      }
      const shortfall = resourceShortfall(candidateOf(instance, ctx.now, []), prepared.needs);
      if (shortfall) {
        failures.push({ arn: instance.arn, reason: shortfall });
        continue;
      }
      const started = await startTaskOn(tx, ctx, cluster, prepared, input, instance, inUse);
      current.set(instance.arn, started.instance);
      tasks.push(started.record);
      placed.push(instance.arn);
    }
    return { tasks: tasks.map((t) => taskView(t, prepared.tags)), failures };
  });
  notifyAssignments(placed);
  return response;
}
