/**
 * PutLogEvents' batch rules, as CloudWatch Logs applies them (pure). Failing the whole batch:
 * events out of chronological order, more than 1,048,576 bytes (UTF-8 message bytes plus 26 per
 * event), a span of more than 24 hours. Rejecting some events and keeping the rest: more than
 * 2 hours in the future (tooNew), older than 14 days (tooOld), older than the group's retention
 * (expired). Since the batch is in order, the rejected events are a prefix and a suffix.
 */
import { invalidParameter } from "./errors.js";
import { retentionCutoff } from "./retention.js";

export const MAX_BATCH_BYTES = 1_048_576;
export const EVENT_OVERHEAD_BYTES = 26;
export const MAX_EVENT_BYTES = 1_048_576 - EVENT_OVERHEAD_BYTES;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface RejectedLogEventsInfo {
  tooNewLogEventStartIndex?: number;
  tooOldLogEventEndIndex?: number;
  expiredLogEventEndIndex?: number;
}

export interface BatchVerdict {
  /** Accepted events are [start, end). */
  start: number;
  end: number;
  rejected?: RejectedLogEventsInfo;
}

export function judgeBatch(events: readonly { timestamp: number; message: string }[], now: number, retentionDays: number | null): BatchVerdict {
  let bytes = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const size = Buffer.byteLength(e.message, "utf8");
    if (size > MAX_EVENT_BYTES) throw invalidParameter(`Log event too large: ${size + EVENT_OVERHEAD_BYTES} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
    bytes += size + EVENT_OVERHEAD_BYTES;
    if (i > 0 && e.timestamp < events[i - 1]!.timestamp) {
      throw invalidParameter("Log events in a single PutLogEvents request must be in chronological order.");
    }
  }
  if (bytes > MAX_BATCH_BYTES) throw invalidParameter(`Upload too large: ${bytes} bytes exceeds limit of ${MAX_BATCH_BYTES}`);
  const tooOldBefore = now - 14 * DAY_MS;
  const expiredBefore = retentionCutoff(retentionDays, now);
  const tooNewAfter = now + 2 * HOUR_MS;
  let tooOld = -1;
  let expired = -1;
  let tooNew = events.length;
  events.forEach((e, i) => {
    if (e.timestamp < tooOldBefore) tooOld = i;
    if (e.timestamp < expiredBefore) expired = i;
    if (e.timestamp > tooNewAfter && tooNew === events.length) tooNew = i;
  });
  const start = Math.max(tooOld, expired) + 1;
  const end = Math.max(start, tooNew);
  if (end > start && events[end - 1]!.timestamp - events[start]!.timestamp > DAY_MS) {
    throw invalidParameter("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");
  }
  const rejected: RejectedLogEventsInfo = {};
  if (tooNew < events.length) rejected.tooNewLogEventStartIndex = tooNew;
  if (tooOld >= 0) rejected.tooOldLogEventEndIndex = tooOld;
  if (expired >= 0) rejected.expiredLogEventEndIndex = expired;
  return { start, end, ...(Object.keys(rejected).length > 0 ? { rejected } : {}) };
}
