/**
 * Applying an agent's TaskReport to a task: the agent is the only writer of observed fields
 * (lastStatus, the containers' runtime facts, pull/start/stop times, health); the times of the
 * transitions themselves (connectivityAt, startedAt, stoppingAt, stoppedAt) are this clock's, as
 * ECS records them when it learns of the change. Statuses only move
 * forward (`advance`), so a late or repeated report cannot undo a later one. A service task's
 * RUNNING is shown ACTIVATING or DEACTIVATING after its activation (`shownStatus`); its startedAt
 * is when its containers run (ACTIVATING or RUNNING). Pure: record and
 * clock in, the new record (version +1) out, or undefined when the report changes nothing.
 *
 * A task reported STOPPED that was still desired RUNNING stopped on its own (an essential
 * container exited, a pull failed): its desiredStatus follows to STOPPED, as ECS shows it, with
 * the agent's stopCode and stoppedReason.
 */
import type { ReportedContainer, TaskReport } from "../../../agent-protocol/messages.js";
import type { TaskRecord } from "../../../store/store.js";
import { advance, rank, type ContainerStatus, type TaskStatus } from "../tasks/statuses.js";
import { shownStatus } from "../tasks/activation.js";
import { attachmentStatusFor, laterAttachment } from "../tasks/task-network.js";
import type { Container, NetworkBinding } from "../types.js";
import { taskDoc, type StoredTask, type TaskDoc } from "./doc.js";

function applyContainer(c: Container, r: ReportedContainer | undefined): Container {
  if (!r) return c;
  const out: Container = { ...c, lastStatus: advance(c.lastStatus as ContainerStatus, r.lastStatus).status };
  if (r.runtimeId !== undefined) out.runtimeId = r.runtimeId;
  if (r.exitCode !== undefined) out.exitCode = r.exitCode;
  if (r.reason !== undefined) out.reason = r.reason;
  if (r.imageDigest !== undefined) out.imageDigest = r.imageDigest;
  out.networkBindings = r.networkBindings.map((b): NetworkBinding => ({ bindIP: b.bindIP, containerPort: b.containerPort, hostPort: b.hostPort, protocol: b.protocol }));
  out.healthStatus = r.healthStatus;
  return out;
}

export function applyReport(record: TaskRecord, report: TaskReport, now: Date): TaskRecord | undefined {
  const doc = taskDoc(record);
  const before = doc.task;
  // A service task's RUNNING is shown ACTIVATING / DEACTIVATING after its activation.
  const lastStatus = advance(before.lastStatus as TaskStatus, shownStatus(report.lastStatus, doc.activation)).status;
  const byName = new Map(report.containers.map((c) => [c.name, c]));
  const task: StoredTask = {
    ...before,
    lastStatus,
    healthStatus: report.healthStatus,
    containers: before.containers.map((c) => applyContainer(c, byName.get(c.name))),
  };
  for (const key of ["pullStartedAt", "pullStoppedAt", "executionStoppedAt"] as const) {
    const at = report[key];
    if (at !== undefined && task[key] === undefined) task[key] = at;
  }
  // startedAt is when the task went PENDING → RUNNING as ECS records it: this clock, applying the
  // RUNNING report (what DescribeTasks shows from then on). A task first reported past RUNNING
  // (it stopped before its RUNNING report was sent) takes the agent's own time.
  if (task.startedAt === undefined) {
    if (lastStatus === "RUNNING" || lastStatus === "ACTIVATING") task.startedAt = now.getTime();
    else if (report.startedAt !== undefined && rank(lastStatus) > rank("RUNNING")) task.startedAt = report.startedAt;
  }
  // CONNECTED once the agent has the task past PROVISIONING: its network (awsvpc) is attached.
  if (lastStatus !== "PROVISIONING" && task.connectivity === undefined) {
    task.connectivity = "CONNECTED";
    task.connectivityAt = now.getTime();
  }
  const stopping = ["DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED"].includes(lastStatus);
  if (stopping && task.stopCode === undefined && report.stopCode !== undefined) {
    task.stopCode = report.stopCode;
    if (report.stoppedReason !== undefined) task.stoppedReason = report.stoppedReason;
  }
  // A task that stopped on its own reaches STOPPING no later than its containers stopped.
  if (stopping && task.stoppingAt === undefined) task.stoppingAt = Math.min(now.getTime(), report.executionStoppedAt ?? Infinity);
  if (lastStatus === "STOPPED") {
    task.desiredStatus = "STOPPED";
    task.stoppedAt ??= now.getTime();
    task.executionStoppedAt ??= task.stoppedAt;
  }
  // The ENI attachment follows the task's status (task-network.ts), forward only.
  const attachment = attachmentStatusFor(lastStatus);
  task.attachments = task.attachments.map((a) => ({ ...a, status: laterAttachment(a.status ?? "PRECREATED", attachment) }));
  if (JSON.stringify(task) === JSON.stringify(before)) return undefined;
  const version = record.version + 1;
  task.version = version;
  const next: TaskDoc = { ...doc, task };
  return {
    ...record,
    lastStatus,
    desiredStatus: task.desiredStatus === "STOPPED" ? "STOPPED" : record.desiredStatus,
    version,
    ...(task.stoppedAt !== undefined && { stoppedAt: task.stoppedAt }),
    doc: next as unknown as Record<string, unknown>,
  };
}
