/** Whether an instance's agent counts as connected: pure, with `now` passed in. */
import { HEARTBEAT_TIMEOUT_MS } from "../../../agent-protocol/messages.js";
import type { ContainerInstanceRecord } from "../../../store/store.js";

/**
 * True while the last heartbeat (registration counts as one) is at most HEARTBEAT_TIMEOUT_MS
 * before `now`. A deregistered (INACTIVE) instance is never connected.
 */
export function agentConnected(record: Pick<ContainerInstanceRecord, "status" | "lastHeartbeatAt">, now: Date): boolean {
  if (record.status === "INACTIVE" || record.lastHeartbeatAt === undefined) return false;
  return now.getTime() - record.lastHeartbeatAt <= HEARTBEAT_TIMEOUT_MS;
}
