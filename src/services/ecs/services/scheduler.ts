/**
 * The service scheduler as a controller pass: for every service that is not INACTIVE, reconcile
 * a snapshot read outside any write; only when the plan would change something, open a write
 * transaction, read the snapshot again there, reconcile again and apply (so what is applied was
 * decided on the state it is written over). Agents whose assignments changed are woken.
 */
import { randomBytes } from "node:crypto";
import type { Store, StoreTx } from "../../../store/store.js";
import { notifyAssignments } from "../../berth-agent/assignments.js";
import { notifyElbChange } from "../../../load-balancing/changes.js";
import { discoveryChanged } from "../../servicediscovery/changes.js";
import type { PassResult } from "../../../controllers/loop.js";
import { applyPlan, mergeEvents } from "./apply.js";
import { reconcileService, type ServicePlan } from "./reconcile.js";
import { readSnapshot } from "./snapshot.js";
import { DEFAULT_SETTLE_MS } from "./task-health.js";
import { serviceDoc } from "./types.js";

/** The store as the scheduler needs it: writes that notify only when it says so. */
export interface QuietStore extends Store {
  writeQuietly<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  notify(): void;
}

export interface SchedulerOptions {
  store: QuietStore;
  accountId: string;
  clock?: () => Date;
  /** How long a task without health checks runs before it counts as healthy (ECS: 40 s). */
  settleMs?: number;
}

/** `ecs-svc/` and 19 digits, as ECS's deployment ids. */
export function newDeploymentId(): string {
  const n = randomBytes(8).readBigUInt64BE() % 9_000_000_000_000_000_000n;
  return `ecs-svc/${(n + 1_000_000_000_000_000_000n).toString()}`;
}

function isNoop(plan: ServicePlan, status: string, doc: ReturnType<typeof serviceDoc>): boolean {
  if (plan.register.length > 0 || plan.deregister.length > 0 || plan.discovery.length > 0 || plan.activation.length > 0) return false;
  if (plan.stop.length > 0 || plan.start > 0 || plan.startOn.length > 0 || plan.status !== status) return false;
  if (plan.desiredCount !== doc.desiredCount || plan.taskDefinition !== doc.taskDefinition) return false;
  if (JSON.stringify(plan.deployments) !== JSON.stringify(doc.deployments) || JSON.stringify(plan.scheduler) !== JSON.stringify(doc.scheduler)) return false;
  const merged = mergeEvents(doc.events, plan.events, 0, () => "");
  return merged.length === doc.events.length && merged[0] === doc.events[0];
}

export function serviceSchedulerPass(opts: SchedulerOptions): () => Promise<PassResult> {
  const clock = opts.clock ?? (() => new Date());
  const settleMs = opts.settleMs ?? DEFAULT_SETTLE_MS;
  const deps = { newDeploymentId };
  return async () => {
    const services = await opts.store.read((tx) => tx.services.live());
    let changed = false;
    let wakeAt: number | undefined;
    for (const service of services) {
      const now = clock();
      const first = await opts.store.read((tx) => readSnapshot(tx, service, now, settleMs));
      const plan = reconcileService(first.snapshot, deps);
      if (plan.wakeAt !== undefined) wakeAt = Math.min(wakeAt ?? Infinity, plan.wakeAt);
      if (isNoop(plan, service.status, serviceDoc(service))) continue;
      // A pass that turns out to change nothing (a task that still can't be placed) must not
      // wake the controllers, or it would run again at once, forever.
      const { wake, applied, targetsChanged, instancesChanged } = await opts.store.writeQuietly(async (tx) => {
        const record = await tx.services.get(service.region, service.cluster, service.name);
        if (!record || record.status === "INACTIVE") return { wake: [], applied: false, targetsChanged: false, instancesChanged: false };
        const at = clock();
        const snap = await readSnapshot(tx, record, at, settleMs);
        const again = reconcileService(snap.snapshot, deps);
        const applied = await applyPlan(tx, record, again, snap.records, snap.instances, { accountId: opts.accountId, now: at });
        return { wake: applied.wake, applied: applied.changed, targetsChanged: applied.targetsChanged ?? false, instancesChanged: applied.instancesChanged ?? false };
      });
      if (targetsChanged) notifyElbChange(opts.store);
      if (instancesChanged) discoveryChanged(opts.store);
      if (applied) {
        changed = true;
        opts.store.notify();
      }
      notifyAssignments(wake);
    }
    return { again: changed, ...(wakeAt !== undefined && { wakeAt }) };
  };
}
