/**
 * The DAEMON strategy's step, pure: one task of the primary deployment on every eligible
 * instance (ACTIVE and meeting the service's constraints), none anywhere else. Source: ECS API
 * SchedulingStrategy; reference/ecs-api.md §4.1. maximumPercent is 100 for DAEMON, so an
 * instance's old task is stopped before its new one starts, while the healthy count stays at or
 * above ceil(eligible × minimumHealthyPercent / 100) (default minimum 0).
 *
 * Example: instances a, b eligible, c DRAINING; a runs the old revision, c runs one task →
 * stop c's, stop a's (min 0), start one on b; a gets its new task once the old one is STOPPED.
 */
import type { TaskFacts } from "./task-health.js";

export interface DaemonInput {
  primaryId: string;
  eligible: readonly string[];
  tasks: readonly TaskFacts[];
  minimumHealthyPercent: number;
  canStart: boolean;
}

export interface DaemonStep {
  stop: string[];
  startOn: string[];
}

export function daemonStep(input: DaemonInput): DaemonStep {
  const eligible = new Set(input.eligible);
  const stop: string[] = [];
  const startOn: string[] = [];
  const open = input.tasks.filter((t) => !t.stopped);
  const live = open.filter((t) => t.live);
  for (const t of live) if (t.instanceArn === undefined || !eligible.has(t.instanceArn)) stop.push(t.id);
  const minHealthy = Math.ceil((input.eligible.length * input.minimumHealthyPercent) / 100);
  let healthy = live.filter((t) => t.healthy && t.instanceArn !== undefined && eligible.has(t.instanceArn)).length;
  for (const arn of [...eligible].sort()) {
    const here = open.filter((t) => t.instanceArn === arn);
    const mine = here.filter((t) => t.live && t.deploymentId === input.primaryId);
    const old = here.filter((t) => t.live && t.deploymentId !== input.primaryId);
    for (const extra of mine.slice(1)) stop.push(extra.id);
    if (mine.length > 0) {
      for (const t of old) stop.push(t.id);
      continue;
    }
    if (old.length > 0) {
      for (const t of old) {
        if (t.healthy) {
          if (healthy - 1 < minHealthy) continue;
          healthy--;
        }
        stop.push(t.id);
      }
      continue;
    }
    if (here.length === 0 && input.canStart) startOn.push(arn);
  }
  return { stop, startOn };
}
