/**
 * The load-balancing data plane of one server: it reads the ELBv2 records from the store, serves
 * every listener (listener-set.ts), runs the health checks (health-checker.ts), and removes
 * targets whose deregistration delay is over. Woken by notifyElbChange and by a resync timer, so
 * listeners come back after a restart from the store alone.
 */
import type { Store } from "../store/store.js";
import type { TargetHealthRecord } from "../store/elbv2.js";
import { onElbChange, notifyElbChange } from "./changes.js";
import { HealthChecker } from "./health-checker.js";
import { clientIp, type Forwarding } from "./http-proxy.js";
import { ListenerSet } from "./listener-set.js";
import { closeIdleUpstreams } from "./raw-forward.js";
import { chooseTargetGroup, eligibleTargets, roundRobin, roundRobinOver } from "./target-choice.js";
import { bySourceIp, cookieValue, setCookieHeader, stickyCookie, stuckTarget } from "./stickiness.js";
import { buildView, type DataPlaneView, type StoreSnapshot, type TargetView } from "./view.js";

export interface LoadBalancingDataPlane {
  /** Re-read the store and apply it now (resolves when applied). */
  refresh(): Promise<void>;
  /** Requests in flight per target (`address:port`). */
  inFlight(): Map<string, number>;
  close(): Promise<void>;
}

const RESYNC_MS = 2000;

export async function startLoadBalancing(opts: { store: Store; log?: (message: string, err?: unknown) => void; clock?: () => number }): Promise<LoadBalancingDataPlane> {
  const { store } = opts;
  const log = opts.log ?? ((m: string, e?: unknown) => console.error(m, e ?? ""));
  const clock = opts.clock ?? Date.now;
  let view: DataPlaneView = { listeners: [], targetGroups: new Map(), drained: [] };
  const counters = new Map<string, number>();
  const inFlight = new Map<string, number>();
  // Each target group's eligible targets, worked out once per view rather than per request.
  let eligibleOf = new Map<string, TargetView[]>();
  const eligible = (arn: string, targets: readonly TargetView[]): TargetView[] => {
    let pool = eligibleOf.get(arn);
    if (!pool) eligibleOf.set(arn, (pool = eligibleTargets(targets)));
    return pool;
  };

  const fwd: Forwarding = {
    chooseGroup: (action) => {
      const groups = action.ForwardConfig?.TargetGroups ?? (action.TargetGroupArn ? [{ TargetGroupArn: action.TargetGroupArn, Weight: 1 }] : []);
      return groups.length === 1 ? groups[0]!.TargetGroupArn : chooseTargetGroup(groups, Math.random());
    },
    pick: (arn, client) => {
      const tg = view.targetGroups.get(arn);
      if (!tg) return {};
      const sticky = tg.attributes["stickiness.enabled"] === "true" ? tg.attributes["stickiness.type"] : undefined;
      if (sticky === "source_ip") return { target: bySourceIp(eligible(arn, tg.targets), clientIp(client)) };
      if (sticky === "lb_cookie") {
        const stuck = stuckTarget(arn, eligible(arn, tg.targets), stickyCookie(client.headers?.cookie));
        const chosen = stuck ?? roundRobin(tg.targets, counters.get(arn) ?? 0);
        let target: TargetView | undefined;
        if ("next" in chosen) {
          counters.set(arn, chosen.next);
          target = chosen.target;
        } else target = chosen;
        const duration = Number(tg.attributes["stickiness.lb_cookie.duration_seconds"] ?? "86400");
        return { target, setCookie: target && setCookieHeader(cookieValue(arn, target), duration, clock()) };
      }
      const { target, next } = roundRobinOver(eligible(arn, tg.targets), counters.get(arn) ?? 0);
      counters.set(arn, next);
      return { target };
    },
    begin: (t: TargetView) => {
      const key = `${t.address}:${t.port}`;
      inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
      let ended = false;
      return () => {
        if (ended) return;
        ended = true;
        const n = (inFlight.get(key) ?? 1) - 1;
        if (n <= 0) inFlight.delete(key);
        else inFlight.set(key, n);
      };
    },
  };

  const listeners = new ListenerSet(fwd, (m) => log(m));
  const checker = new HealthChecker(store, () => notifyElbChange(store), log);
  let closed = false;
  let running: Promise<void> | undefined;
  let again = false;
  let drainTimer: NodeJS.Timeout | undefined;

  async function applyOnce(): Promise<void> {
    const snap: StoreSnapshot = await store.read(async (tx) => ({
      loadBalancers: await tx.elbv2.loadBalancers.list(),
      targetGroups: await tx.elbv2.targetGroups.list(),
      listeners: await tx.elbv2.listeners.list(),
      rules: await tx.elbv2.rules.list(),
      targets: await tx.elbv2.targets.all(),
    }));
    if (closed) return;
    const now = clock();
    view = buildView(snap, now);
    eligibleOf = new Map();
    if (view.drained.length) {
      const drained = view.drained;
      await store.write(async (tx) => {
        for (const t of drained) {
          const current = (await tx.elbv2.targets.list(t.targetGroupArn)).find((r) => r.id === t.id && r.port === t.port);
          if (current?.drainUntil !== undefined && current.drainUntil <= now) await tx.elbv2.targets.delete(t.targetGroupArn, t.id, t.port);
        }
      });
    }
    await listeners.apply(view.listeners);
    const stored = new Map<string, TargetHealthRecord>(snap.targets.map((t) => [`${t.targetGroupArn}|${t.id}|${t.port}`, t.health]));
    checker.sync(view, stored);
    clearTimeout(drainTimer);
    if (view.nextDrainEnd !== undefined) drainTimer = setTimeout(() => void refresh(), Math.max(0, view.nextDrainEnd - clock()) + 5);
  }

  function refresh(): Promise<void> {
    if (closed) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await applyOnce();
        } while (again && !closed);
      } catch (err) {
        log("[berth] load-balancing data plane:", err);
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  const unsubscribe = onElbChange(store, () => void refresh());
  const timer = setInterval(() => void refresh(), RESYNC_MS);
  timer.unref();
  await refresh();

  return {
    refresh,
    inFlight: () => new Map(inFlight),
    async close() {
      closed = true;
      unsubscribe();
      clearInterval(timer);
      clearTimeout(drainTimer);
      await running;
      checker.close();
      await listeners.close();
      closeIdleUpstreams();
    },
  };
}
