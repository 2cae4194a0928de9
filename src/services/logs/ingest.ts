/**
 * Events from the awslogs driver (the agent's PutContainerLogs): the stream is opened (created
 * when missing; the group too when the task asked for awslogs-create-group), the events are
 * sorted and held to PutLogEvents' rules, and they are appended together with the agent's resume
 * cursor in one transaction. Two rules keep a line from being stored twice:
 * - a batch whose (end) cursor is the stream's stored one was appended already (the agent retried
 *   a call whose answer it lost): it is not appended again, and the answer is that cursor;
 * - a batch with a start cursor is appended only when it is the stream's stored cursor ("" for
 *   none): otherwise another shipper's batch landed since this shipper last looked (an agent
 *   restarted while its old call was in flight), nothing is appended, and the answer is `stale`
 *   with the stored cursor, from which the agent reads the container's log again.
 * A batch without a start cursor is appended as it comes. The log store is synchronous
 * (better-sqlite3), so reading the stored cursor and appending can't interleave with another call.
 */
import { groupNotFound, invalidParameter } from "./errors.js";
import { judgeBatch } from "./put-rules.js";
import type { LogStore } from "./store/log-store.js";

export interface ContainerLogs {
  region: string;
  logGroupName: string;
  /** Absent: only the group is checked (and created with createGroup). */
  logStreamName?: string;
  createGroup?: boolean;
  events: { timestamp: number; message: string }[];
  cursor?: string;
  /** The stored cursor the batch follows ("" for none); absent: append unconditionally. */
  startCursor?: string;
}

/** The stream's cursor after the call; `stale`: the start cursor wasn't it, nothing was appended. */
export interface IngestResult {
  cursor?: string;
  stale?: true;
}

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const STREAM_NAME = /^[^:*]{1,512}$/;

export function ingestContainerLogs(logs: LogStore, now: number, input: ContainerLogs): IngestResult {
  if (!GROUP_NAME.test(input.logGroupName)) throw invalidParameter(`Invalid log group name: ${input.logGroupName}`);
  if (input.logStreamName !== undefined && !STREAM_NAME.test(input.logStreamName)) throw invalidParameter(`Invalid log stream name: ${input.logStreamName}`);
  let group = logs.group(input.region, input.logGroupName);
  if (group === undefined) {
    if (!input.createGroup) throw groupNotFound();
    logs.createGroup({ region: input.region, name: input.logGroupName, creationTime: now, logGroupClass: "STANDARD", kmsKeyId: null, deletionProtection: false, tags: {} });
    group = logs.group(input.region, input.logGroupName)!;
  }
  if (input.logStreamName === undefined) {
    if (input.events.length > 0) throw invalidParameter("Events need a log stream name.");
    return {};
  }
  let stream = logs.stream(group.id, input.logStreamName);
  if (stream === undefined) {
    logs.createStream(group.id, input.logStreamName, now);
    stream = logs.stream(group.id, input.logStreamName)!;
  }
  // Each batch moves the cursor forward: one ending where the stored cursor is has been appended.
  if (input.cursor !== undefined && input.events.length > 0 && stream.cursor === input.cursor) return { cursor: input.cursor };
  // Optimistic concurrency: the batch follows what its shipper saw stored, or it lands nowhere.
  if (input.startCursor !== undefined && input.startCursor !== (stream.cursor ?? "")) return { ...(stream.cursor !== null && { cursor: stream.cursor }), stale: true };
  const events = input.events.filter((e) => e.message.length > 0).sort((a, b) => a.timestamp - b.timestamp);
  const verdict = judgeBatch(events, now, group.retentionDays);
  logs.append(stream, events.slice(verdict.start, verdict.end), now, input.cursor);
  const cursor = input.cursor ?? stream.cursor ?? undefined;
  return cursor === undefined ? {} : { cursor };
}
