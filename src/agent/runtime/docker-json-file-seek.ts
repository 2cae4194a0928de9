/**
 * Where to start reading a json-file log for lines from `since` on, without reading what comes
 * before: a resumed log shipper (agent restart, its cursor a few lines from the end of a log of
 * gigabytes) would otherwise read and parse the whole file to skip it.
 *
 * Docker appends entries in the order it takes them, each with its `"time"`, so the times grow
 * along the file (stdout and stderr are taken by two goroutines: neighbours may be out of order by
 * a little). A binary search over byte offsets, reading one window at each probe, finds an entry
 * whose time is at least SLACK_MS before `since`; the reader starts there and its own `since`
 * filter (docker-json-file.ts) drops the lines before `since` as it did from the start of the file.
 * The slack also covers a line Docker cut into 16 KB entries: the cut entries of one write are
 * taken together, so starting in the middle of one leaves its first part out only when that
 * part is over SLACK_MS older than `since`, and then the rest is dropped by the filter too.
 * When a probe can't read a time (a torn or unusual entry), the search stops and the reader starts
 * at the last good offset: at worst it reads more, never less.
 */
import type { FileHandle } from "node:fs/promises";
import { TimestampReader } from "./docker-log-timestamp.js";

/** How much older than `since` the entry where reading starts must be. */
export const SLACK_MS = 10_000;
/** Bytes read at each probe; an entry is at most 16 KB of text, escaped up to 6 bytes a byte. */
const WINDOW = 128 * 1024;
const TIME_KEY = Buffer.from('"time":"');

/** A byte offset where an entry starts, with every entry from `sinceMs` on at or after it (0 when unsure). */
export async function jsonFileOffsetFor(file: FileHandle, sinceMs: number): Promise<number> {
  const size = (await file.stat()).size;
  const target = sinceMs - SLACK_MS;
  const buf = Buffer.allocUnsafe(WINDOW);
  const ts = new TimestampReader();
  let lo = 0; // an entry start older than target (or the file's start)
  let hi = size; // every entry starting at or after hi... is not known to be older
  while (hi - lo > WINDOW) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const { bytesRead } = await file.read(buf, 0, WINDOW, mid);
    const entry = entryAfter(buf.subarray(0, bytesRead), ts);
    if (entry === undefined) break;
    if (entry.ms < target) lo = mid + entry.start;
    else hi = mid;
  }
  return lo;
}

/** The first whole entry after the window's first newline: its offset in the window and its time. */
export function entryAfter(window: Buffer, ts: TimestampReader): { start: number; ms: number } | undefined {
  const nl = window.indexOf(0x0a);
  if (nl < 0) return undefined;
  const start = nl + 1;
  const end = window.indexOf(0x0a, start);
  if (end < 0) return undefined;
  const t = window.lastIndexOf(TIME_KEY, end);
  if (t < start) return undefined;
  const t0 = t + TIME_KEY.length;
  const t1 = window.indexOf(0x22, t0);
  if (t1 < 0 || t1 > end) return undefined;
  const ms = ts.read(window, t0, t1);
  return Number.isNaN(ms) ? undefined : { start, ms };
}
