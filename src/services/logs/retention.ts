/**
 * Retention: the day counts CloudWatch Logs accepts, the oldest timestamp a group keeps, and the
 * sweep that deletes what fell out. Reads apply the same cutoff, so an expired event is never
 * returned even before the sweep has run.
 */
import type { LogStore } from "./store/log-store.js";

export const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const DAY_MS = 86_400_000;

/** The oldest timestamp kept under `retentionDays` (0 when the group keeps everything). */
export function retentionCutoff(retentionDays: number | null, now: number): number {
  return retentionDays === null ? 0 : Math.max(0, now - retentionDays * DAY_MS);
}

export function sweepRetention(store: LogStore, now: number): void {
  for (const g of store.groupsWithRetention()) store.expire(g.id, retentionCutoff(g.retentionDays, now));
}
