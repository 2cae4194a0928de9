/**
 * A target's health after one check, pure (ELB's thresholds): HealthyThresholdCount consecutive
 * successes make an initial or unhealthy target healthy; UnhealthyThresholdCount consecutive
 * failures make an initial or healthy one unhealthy, with the reason of the last failure.
 * Example (healthy 2, unhealthy 2): initial —ok→ initial —ok→ healthy —404→ healthy —404→ unhealthy
 * (Target.ResponseCodeMismatch, "Health checks failed with these codes: [404]").
 */
import type { TargetHealthRecord } from "../store/elbv2.js";
import { health } from "./target-health.js";

export type CheckResult = { kind: "ok" } | { kind: "code"; code: number } | { kind: "timeout" } | { kind: "failed" };

export interface CheckCounters {
  health: TargetHealthRecord;
  ok: number;
  failed: number;
}

const failure = (r: CheckResult): TargetHealthRecord =>
  r.kind === "code" ? health.codeMismatch([r.code]) : r.kind === "timeout" ? health.timeout() : health.failed();

export function nextHealth(c: CheckCounters, r: CheckResult, thresholds: { healthy: number; unhealthy: number }): CheckCounters {
  if (r.kind === "ok") {
    const ok = c.ok + 1;
    const becomesHealthy = c.health.state !== "healthy" && ok >= thresholds.healthy;
    return { health: becomesHealthy ? health.healthy() : c.health.state === "healthy" ? c.health : c.health.state === "initial" ? health.initialChecking() : c.health, ok, failed: 0 };
  }
  const failed = c.failed + 1;
  if (c.health.state === "unhealthy") return { health: failure(r), ok: 0, failed };
  if (failed >= thresholds.unhealthy) return { health: failure(r), ok: 0, failed };
  return { health: c.health.state === "initial" ? health.initialChecking() : c.health, ok: 0, failed };
}

/** Does an HTTP status satisfy a matcher like "200", "200,202" or "200-299"? */
export function matcherAccepts(httpCode: string, status: number): boolean {
  return httpCode.split(",").some((part) => {
    const [lo, hi] = part.split("-").map(Number);
    return hi === undefined ? status === lo : status >= lo! && status <= hi;
  });
}

export const sameHealth = (a: TargetHealthRecord, b: TargetHealthRecord) => a.state === b.state && a.reason === b.reason && a.description === b.description;
