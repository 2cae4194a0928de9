import type { RequestContext } from "../../../server/service.js";
import { invalidParameter } from "../errors.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { findTask } from "../task-records/lookup.js";
import { taskDoc, type TaskDoc } from "../task-records/doc.js";
import { taskView } from "../task-records/view.js";
import { TASK_STOPPED_BY_USER } from "../tasks/reasons.js";
import { activationOnStop, restatus } from "../tasks/activation.js";
import type { TaskStatus } from "../tasks/statuses.js";
import type { Task } from "../types.js";
import { notifyAssignments } from "../../berth-agent/assignments.js";

export interface StopTaskRequest {
  cluster?: string;
  task: string;
  reason?: string;
}

export interface StopTaskResponse {
  task: Task;
}

/** StopTask's `reason` is at most 1024 characters, as Task.stoppedReason. */
export const MAX_REASON = 1024;

/**
 * Asks a task to stop and answers at once, as ECS does: desiredStatus STOPPED, stopCode
 * UserInitiated, stoppedReason the given reason or "Task stopped by user", stoppingAt now, while
 * lastStatus stays what the agent last reported (or becomes DEACTIVATING, below). The task's tags are deleted (ECS API, StopTask).
 * Its agent is woken and does the stopping; a task already asked to stop is returned unchanged.
 * A service task with load balancers or serviceRegistries whose containers run is DEACTIVATING
 * instead (../tasks/activation.ts): the service scheduler deregisters it and lets it drain, and
 * only then is its agent told to stop it.
 */
export async function stopTask(input: StopTaskRequest, ctx: RequestContext): Promise<StopTaskResponse> {
  if (input.reason !== undefined && input.reason.length > MAX_REASON) throw invalidParameter(`reason must be at most ${MAX_REASON} characters.`);
  let wake: string | undefined;
  const response = await ctx.store.write(async (tx) => {
    const cluster = await requireActiveCluster(tx, ctx, input.cluster);
    const record = await findTask(tx, ctx, cluster, input.task);
    // Observed: griptape-ai/griptape-nodes-engine#1454, wazuh/wazuh#25439.
    if (!record) throw invalidParameter("The referenced task was not found.");
    if (record.desiredStatus === "STOPPED") return { task: taskView(record, []) };
    const doc = taskDoc(record);
    const version = record.version + 1;
    const activation = activationOnStop(doc.activation, record.lastStatus);
    const lastStatus = restatus(record.lastStatus as TaskStatus, activation);
    const stopped: TaskDoc = {
      ...doc,
      ...(activation !== undefined && { activation }),
      task: {
        ...doc.task,
        lastStatus,
        desiredStatus: "STOPPED",
        stopCode: "UserInitiated",
        stoppedReason: input.reason || TASK_STOPPED_BY_USER,
        stoppingAt: ctx.now.getTime(),
        version,
      },
    };
    const updated = { ...record, lastStatus, desiredStatus: "STOPPED" as const, version, doc: stopped as unknown as Record<string, unknown> };
    await tx.tasks.put(updated);
    const tags = await tx.tags.get(record.arn);
    if (tags.length > 0) await tx.tags.remove(record.arn, tags.map((t) => t.key));
    wake = record.containerInstanceArn;
    return { task: taskView(updated, []) };
  });
  if (wake) notifyAssignments([wake]);
  return response;
}
