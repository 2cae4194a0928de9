/**
 * The control plane's controllers, started by the server (app.ts): the service scheduler and
 * the lost-instance sweep, each a loop (loop.ts) woken by every committed write and by a
 * periodic resync.
 */
import { lostTasksPass } from "../services/ecs/container-instances/lost-tasks-pass.js";
import { serviceSchedulerPass } from "../services/ecs/services/scheduler.js";
import { onElbChange } from "../load-balancing/changes.js";
import { startLoop, type RunningLoop } from "./loop.js";
import type { WatchedStore } from "./watched-store.js";

export interface Controllers {
  stop(): Promise<void>;
}

export const RESYNC_MS = 5_000;

export function startControllers(opts: { store: WatchedStore; accountId: string; log?: (m: string) => void }): Controllers {
  const loops: RunningLoop[] = [
    startLoop({ name: "service-scheduler", pass: serviceSchedulerPass({ store: opts.store, accountId: opts.accountId }), resyncMs: RESYNC_MS, log: opts.log }),
    startLoop({ name: "lost-tasks", pass: lostTasksPass({ store: opts.store }), resyncMs: 30_000, log: opts.log }),
  ];
  const unsubscribe = opts.store.onCommit(() => {
    for (const l of loops) l.wake();
  });
  // Target health changes (written by the health checker) matter to the service scheduler.
  const unsubscribeElb = onElbChange(opts.store, () => loops[0]!.wake());
  return {
    async stop() {
      unsubscribe();
      unsubscribeElb();
      await Promise.all(loops.map((l) => l.stop()));
    },
  };
}
