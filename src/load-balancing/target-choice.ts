/**
 * Which target gets the next request, pure. A weighted forward picks a target group by weight
 * (`r` is a uniform draw in [0, 1)); within a group, round robin over the healthy targets that are
 * not draining, or over every target that is not draining when none is healthy (ALB fails open).
 */
import type { TargetView } from "./view.js";

export function chooseTargetGroup(groups: readonly { TargetGroupArn?: string; Weight?: number }[], r: number): string | undefined {
  const total = groups.reduce((s, g) => s + (g.Weight ?? 1), 0);
  if (total <= 0) return undefined;
  let x = r * total;
  for (const g of groups) {
    const w = g.Weight ?? 1;
    if (x < w) return g.TargetGroupArn;
    x -= w;
  }
  return groups.filter((g) => (g.Weight ?? 1) > 0).at(-1)?.TargetGroupArn;
}

/** The targets that may take a new request. */
export function eligibleTargets(targets: readonly TargetView[]): TargetView[] {
  const live = targets.filter((t) => !t.draining);
  const healthy = live.filter((t) => t.state === "healthy");
  return healthy.length ? healthy : live;
}

/** Round robin: the target at `counter` modulo the eligible ones, and the next counter. */
export function roundRobin(targets: readonly TargetView[], counter: number): { target?: TargetView; next: number } {
  return roundRobinOver(eligibleTargets(targets), counter);
}

/** Round robin over targets already known eligible. */
export function roundRobinOver(pool: readonly TargetView[], counter: number): { target?: TargetView; next: number } {
  if (pool.length === 0) return { next: counter };
  return { target: pool[counter % pool.length], next: (counter + 1) % 1_000_000_007 };
}
