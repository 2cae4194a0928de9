/**
 * A service's load balancers, pure (the reconcile calls these; the applier carries out what they
 * return through the ELBv2 target registry). ECS's behaviour (DG "service load balancing",
 * reference/ecs-api.md §4.2):
 *
 * - A live task whose containers run (ACTIVATING or RUNNING) has its targets registered (one per
 *   loadBalancers entry: awsvpc the task's address and containerPort; bridge the instance id or
 *   127.0.0.1 and the host port). Event: "(service X) registered N targets in (target-group ARN)".
 *   The pass that registers them activates the task (activation-steps.ts): ACTIVATING → RUNNING.
 * - A task stopped (by the scheduler or StopTask) is deregistered from every group it is registered
 *   in, and is DEACTIVATING for the groups' deregistration delay (the longest), its containers
 *   still running; then its agent stops it (activation-steps.ts): "(service X) has begun draining
 *   connections on N tasks." and "(service X) deregistered N targets in (target-group ARN)".
 *   Example: delay 5 s, stopped at t → deregistered at t, its agent told to stop it at t + 5 s.
 * - A task's targets must be healthy for the task to count healthy; an unhealthy target after the
 *   grace period gets the task replaced (task-health.ts decides, events here).
 */
import type { TaskFacts, TaskTarget } from "./task-health.js";

export interface TargetAction {
  targetGroupArn: string;
  targets: { id: string; port: number }[];
}

const svc = (name: string) => `(service ${name})`;
export const lbEvents = {
  registered: (service: string, n: number, tg: string) => `${svc(service)} registered ${n} targets in (target-group ${tg})`,
  deregistered: (service: string, n: number, tg: string) => `${svc(service)} deregistered ${n} targets in (target-group ${tg})`,
  draining: (service: string, n: number) => `${svc(service)} has begun draining connections on ${n} tasks.`,
  unhealthy: (service: string, taskId: string, t: TaskTarget) =>
    `${svc(service)} (task ${taskId}) (port ${t.port}) is unhealthy in (target-group ${t.targetGroupArn}) due to (reason ${t.health?.description ?? t.health?.reason ?? "Health checks failed"}).`,
};

/** ECS's stoppedReason for a task replaced because its target failed ELB health checks. */
export const elbHealthCheckFailed = (targetGroupArn: string) => `Task failed ELB health checks in (target-group ${targetGroupArn})`;

/** Group target refs by target group, in first-seen order. */
export function byGroup(targets: readonly TaskTarget[]): TargetAction[] {
  const out = new Map<string, TargetAction>();
  for (const t of targets) {
    const a = out.get(t.targetGroupArn) ?? { targetGroupArn: t.targetGroupArn, targets: [] };
    a.targets.push({ id: t.id, port: t.port });
    out.set(t.targetGroupArn, a);
  }
  return [...out.values()];
}

/** Targets to register: a live task whose containers run, not being stopped, whose target is not registered (or is draining). */
export function toRegister(tasks: readonly TaskFacts[], stopping: ReadonlySet<string>): TaskTarget[] {
  const out: TaskTarget[] = [];
  for (const t of tasks) {
    if (!t.live || !t.running || stopping.has(t.id)) continue;
    for (const target of t.targets ?? []) if (!target.health || target.health.state === "draining") out.push(target);
  }
  return out;
}

/** A task's targets that are registered and not already draining: what deregistering it removes. */
export const registeredTargets = (t: TaskFacts): TaskTarget[] => (t.targets ?? []).filter((x) => x.health && x.health.state !== "draining");

/** How long a task with these targets drains: the longest delay of its groups (ms). */
export function drainMs(targets: readonly TaskTarget[], delayMs: Readonly<Record<string, number>>): number {
  return Math.max(0, ...targets.map((t) => delayMs[t.targetGroupArn] ?? 300_000));
}
