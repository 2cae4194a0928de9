/**
 * Runs one step per node of a dependency graph: a node starts once every node it needs is
 * done, independent nodes run concurrently. After the first failure no new node starts; the
 * steps already running finish. Returns the nodes that failed (with their errors) and the
 * nodes done.
 */
import { ready } from "../template/graph.js";

export interface ScheduleResult {
  done: Set<string>;
  failed: Map<string, unknown>;
}

export async function schedule(graph: ReadonlyMap<string, ReadonlySet<string>>, step: (id: string) => Promise<void>): Promise<ScheduleResult> {
  const done = new Set<string>();
  const failed = new Map<string, unknown>();
  const started = new Set<string>();
  const running = new Map<string, Promise<void>>();
  for (;;) {
    if (failed.size === 0) {
      for (const id of ready(graph, done, started)) {
        started.add(id);
        running.set(
          id,
          step(id).then(
            () => void done.add(id),
            (err) => void failed.set(id, err),
          ).finally(() => running.delete(id)),
        );
      }
    }
    if (running.size === 0) return { done, failed };
    await Promise.race(running.values());
  }
}
