/**
 * Tasks whose container instance is gone, pure. An instance deregistered with `force` (INACTIVE)
 * or whose agent has been silent for `lostAfterMs` will never report its tasks again: the control
 * plane records them STOPPED itself, with ECS's host-loss reasons (reference/ecs-api.md §3.2), so
 * that services replace them. This is the one place the control plane writes a task's observed
 * status: its only observer is gone. An agent that comes back finds its tasks desired STOPPED and
 * stops their containers.
 *
 * Example: instance i-abc silent since t, lostAfter 10 min → at t + 10 min its RUNNING task is
 * STOPPED with "Host EC2 (instance i-abc) stopped/terminated", its containers STOPPED.
 */
import type { ContainerInstanceRecord, TaskRecord } from "../../../store/store.js";
import { taskDoc, type TaskDoc } from "../task-records/doc.js";

export const DEREGISTERED_REASON = "Container instance deregistration forced by user";
export const hostGoneReason = (ec2InstanceId: string) => `Host EC2 (instance ${ec2InstanceId}) stopped/terminated`;
export const DEFAULT_LOST_AFTER_MS = 10 * 60_000;

/** Why the instance's tasks are lost, or undefined while it may still report. */
export function instanceLoss(instance: Pick<ContainerInstanceRecord, "status" | "lastHeartbeatAt" | "ec2InstanceId">, now: number, lostAfterMs: number): string | undefined {
  if (instance.status === "INACTIVE") return DEREGISTERED_REASON;
  if (instance.lastHeartbeatAt !== undefined && now - instance.lastHeartbeatAt > lostAfterMs) return hostGoneReason(instance.ec2InstanceId);
  return undefined;
}

/** The task recorded STOPPED: every container STOPPED, desired STOPPED, times set, version +1. */
export function lostTask(record: TaskRecord, reason: string, now: number): TaskRecord {
  const doc = taskDoc(record);
  const version = record.version + 1;
  const task = {
    ...doc.task,
    lastStatus: "STOPPED",
    desiredStatus: "STOPPED",
    stoppedReason: doc.task.stoppedReason ?? reason,
    stoppingAt: doc.task.stoppingAt ?? now,
    executionStoppedAt: doc.task.executionStoppedAt ?? now,
    stoppedAt: now,
    containers: doc.task.containers.map((c) => ({ ...c, lastStatus: "STOPPED" })),
    attachments: doc.task.attachments.map((a) => ({ ...a, status: "DELETED" })),
    version,
  };
  const next: TaskDoc = { ...doc, task };
  return { ...record, lastStatus: "STOPPED", desiredStatus: "STOPPED", stoppedAt: now, version, doc: next as unknown as Record<string, unknown> };
}
