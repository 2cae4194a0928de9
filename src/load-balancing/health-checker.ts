/**
 * The health checker: for every target of every target group in use, a probe each
 * HealthCheckIntervalSeconds (the first right away), its result folded by health-transition.ts,
 * and each change of health written to the store (the only writer of target health) and
 * announced. `sync(view)` starts, re-tunes and stops the per-target loops.
 */
import type { Store } from "../store/store.js";
import type { TargetHealthRecord } from "../store/elbv2.js";
import { nextHealth, sameHealth, type CheckCounters } from "./health-transition.js";
import { probe, type ProbeSpec } from "./probes.js";
import { health } from "./target-health.js";
import type { DataPlaneView, TargetGroupView, TargetView } from "./view.js";

interface Loop {
  settings: string;
  counters: CheckCounters;
  timer?: NodeJS.Timeout;
  stopped: boolean;
}

function specOf(tg: TargetGroupView, t: TargetView): { spec: ProbeSpec; intervalMs: number; healthy: number; unhealthy: number } {
  const hc = tg.healthCheck;
  return {
    spec: {
      protocol: hc.HealthCheckProtocol ?? "HTTP",
      address: t.address,
      port: !hc.HealthCheckPort || hc.HealthCheckPort === "traffic-port" ? t.port : Number(hc.HealthCheckPort),
      path: hc.HealthCheckPath ?? "/",
      matcher: hc.Matcher?.HttpCode ?? "200",
      timeoutMs: (hc.HealthCheckTimeoutSeconds ?? 5) * 1000,
    },
    intervalMs: (hc.HealthCheckIntervalSeconds ?? 30) * 1000,
    healthy: hc.HealthyThresholdCount ?? 5,
    unhealthy: hc.UnhealthyThresholdCount ?? 2,
  };
}

export class HealthChecker {
  private readonly loops = new Map<string, Loop>();

  constructor(
    private readonly store: Store,
    private readonly changed: () => void,
    private readonly log: (message: string, err?: unknown) => void,
  ) {}

  sync(view: DataPlaneView, stored: Map<string, TargetHealthRecord>): void {
    const wanted = new Set<string>();
    for (const tg of view.targetGroups.values()) {
      if (!tg.inUse) continue;
      for (const t of tg.targets) {
        if (t.draining) continue;
        const key = `${tg.arn}|${t.id}|${t.port}`;
        wanted.add(key);
        const s = specOf(tg, t);
        const settings = JSON.stringify(s);
        const loop = this.loops.get(key);
        if (loop && loop.settings === settings) continue;
        if (loop) this.stopLoop(key);
        this.startLoop(key, tg.arn, t, settings, s, stored.get(key) ?? health.registering());
      }
    }
    for (const key of [...this.loops.keys()]) if (!wanted.has(key)) this.stopLoop(key);
  }

  private startLoop(key: string, tgArn: string, t: TargetView, settings: string, s: ReturnType<typeof specOf>, current: TargetHealthRecord): void {
    const loop: Loop = { settings, counters: { health: current, ok: 0, failed: 0 }, stopped: false };
    this.loops.set(key, loop);
    const run = async () => {
      if (loop.stopped) return;
      if (loop.counters.health.reason === "Elb.RegistrationInProgress") await this.write(loop, tgArn, t, health.initialChecking());
      const result = await probe(s.spec);
      if (loop.stopped) return;
      const next = nextHealth(loop.counters, result, { healthy: s.healthy, unhealthy: s.unhealthy });
      const before = loop.counters.health;
      loop.counters = next;
      if (!sameHealth(before, next.health)) await this.write(loop, tgArn, t, next.health);
      if (!loop.stopped) loop.timer = setTimeout(() => void run(), s.intervalMs);
    };
    loop.timer = setTimeout(() => void run(), 0);
  }

  private async write(loop: Loop, tgArn: string, t: TargetView, h: TargetHealthRecord): Promise<void> {
    loop.counters = { ...loop.counters, health: h };
    try {
      await this.store.write((tx) => tx.elbv2.targets.setHealth(tgArn, t.id, t.port, h));
      this.changed();
    } catch (err) {
      this.log("[berth] health checker could not record target health:", err);
    }
  }

  private stopLoop(key: string): void {
    const loop = this.loops.get(key);
    if (!loop) return;
    loop.stopped = true;
    clearTimeout(loop.timer);
    this.loops.delete(key);
  }

  close(): void {
    for (const key of [...this.loops.keys()]) this.stopLoop(key);
  }
}
