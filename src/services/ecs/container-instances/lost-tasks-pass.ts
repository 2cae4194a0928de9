/**
 * The controller pass for lost instances (see lost-tasks.ts): every instance that is INACTIVE,
 * or ACTIVE/DRAINING with a silent agent, has its unfinished tasks recorded STOPPED; a live
 * instance's reserved resources and counts follow, as when its agent reports a stop.
 */
import type { QuietStore } from "../services/scheduler.js";
import type { PassResult } from "../../../controllers/loop.js";
import { countBucket, move } from "../task-records/instance-accounting.js";
import { taskDoc } from "../task-records/doc.js";
import { DEFAULT_LOST_AFTER_MS, instanceLoss, lostTask } from "./lost-tasks.js";

export function lostTasksPass(opts: { store: QuietStore; clock?: () => Date; lostAfterMs?: number }): () => Promise<PassResult> {
  const clock = opts.clock ?? (() => new Date());
  const lostAfterMs = opts.lostAfterMs ?? DEFAULT_LOST_AFTER_MS;
  return async () => {
    const now = clock().getTime();
    const instances = await opts.store.read((tx) => tx.containerInstances.everywhere(["INACTIVE", "ACTIVE", "DRAINING"]));
    let changed = false;
    let wakeAt: number | undefined;
    for (const instance of instances) {
      if (instance.status !== "INACTIVE" && instance.lastHeartbeatAt !== undefined) {
        const at = instance.lastHeartbeatAt + lostAfterMs + 1;
        wakeAt = Math.min(wakeAt ?? Infinity, at);
      }
      const reason = instanceLoss(instance, now, lostAfterMs);
      if (!reason) continue;
      const open = await opts.store.read((tx) => tx.tasks.assignedTo(instance.arn));
      if (!open.some((t) => t.lastStatus !== "STOPPED")) continue;
      await opts.store.writeQuietly(async (tx) => {
        let current = await tx.containerInstances.get(instance.region, instance.cluster, instance.id);
        if (!current || instanceLoss(current, now, lostAfterMs) === undefined) return;
        for (const t of await tx.tasks.assignedTo(instance.arn)) {
          if (t.lastStatus === "STOPPED") continue;
          await tx.tasks.put(lostTask(t, reason, now));
          const moved = move(current, taskDoc(t).spec.reserved, countBucket(t.lastStatus), "stopped");
          if (moved && current.status !== "INACTIVE") {
            await tx.containerInstances.put(moved);
            current = moved;
          }
          changed = true;
        }
      });
    }
    if (changed) opts.store.notify();
    return { again: changed, ...(wakeAt !== undefined && { wakeAt }) };
  };
}
