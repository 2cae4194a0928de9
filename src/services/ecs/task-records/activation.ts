/**
 * A task record with a new activation (../tasks/activation.ts), pure: the activation only moves
 * forward (`laterActivation`), the shown lastStatus follows it (`restatus`: ACTIVATING → RUNNING
 * when activated, RUNNING → DEACTIVATING when stopped), and the record's version goes up so its
 * agent takes the new assignment (a released task is STOPPED to it). Undefined when nothing changes.
 */
import type { TaskRecord } from "../../../store/store.js";
import { agentDesiredStatus, laterActivation, restatus, sameActivation, type Activation } from "../tasks/activation.js";
import type { TaskStatus } from "../tasks/statuses.js";
import { taskDoc, type TaskDoc } from "./doc.js";

export function withActivation(record: TaskRecord, next: Activation): TaskRecord | undefined {
  const doc = taskDoc(record);
  const activation = laterActivation(doc.activation, next);
  if (sameActivation(activation, doc.activation)) return undefined;
  const lastStatus = restatus(record.lastStatus as TaskStatus, activation);
  const version = record.version + 1;
  const updated: TaskDoc = { ...doc, activation, task: { ...doc.task, lastStatus, version } };
  const desired = record.desiredStatus as Parameters<typeof agentDesiredStatus>[0];
  const reassigned = agentDesiredStatus(desired, doc.activation) !== agentDesiredStatus(desired, activation);
  return { ...record, lastStatus, version, doc: updated as unknown as Record<string, unknown>, ...(reassigned && { reassigned }) };
}
