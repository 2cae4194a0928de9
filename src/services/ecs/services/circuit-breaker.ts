/**
 * The deployment circuit breaker and the launch throttle, pure. Sources: ECS API
 * DeploymentCircuitBreaker / ServiceDeploymentCircuitBreaker; reference/ecs-api.md §4.3, §4.5.
 *
 * Threshold = min(200, max(3, ceil(0.5 × desiredCount))): desired 1 → 3, 4 → 3, 25 → 13, 400 → 200.
 * The breaker counts the deployment's failed tasks (see task-health.ts) while it is IN_PROGRESS;
 * at the threshold the deployment is FAILED.
 *
 * Throttle (DG service-throttle-logic): after THROTTLE_AFTER tasks in a row that stopped without
 * reaching RUNNING, the primary deployment waits before launching again, 10 s doubling per further
 * failure, at most 15 minutes. Example: 3 failures → wait 10 s after the last; 5 → 40 s.
 */
export function circuitBreakerThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(0.5 * desiredCount)));
}

export const THROTTLE_AFTER = 3;
export const THROTTLE_BASE_MS = 10_000;
export const THROTTLE_MAX_MS = 15 * 60_000;

export function throttleDelayMs(consecutiveFailures: number): number {
  if (consecutiveFailures < THROTTLE_AFTER) return 0;
  return Math.min(THROTTLE_MAX_MS, THROTTLE_BASE_MS * 2 ** (consecutiveFailures - THROTTLE_AFTER));
}

/**
 * Failures in a row at the end of a deployment's history: its stopped tasks ordered by when
 * they stopped, counting back from the newest until one that did not fail.
 */
export function consecutiveFailures(stopped: readonly { failed: boolean; stoppedAt?: number }[], healthySince?: number): number {
  const ordered = [...stopped].sort((a, b) => (b.stoppedAt ?? 0) - (a.stoppedAt ?? 0));
  let n = 0;
  for (const t of ordered) {
    if (!t.failed) break;
    if (healthySince !== undefined && (t.stoppedAt ?? 0) < healthySince) break;
    n++;
  }
  return n;
}
