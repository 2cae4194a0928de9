// Task and container statuses, their ranks, and the one rule about them: they only move forward.
//
// Sources:
// - Task lastStatus order: AWS DG "Amazon ECS task lifecycle" (task-lifecycle.md), summarised in
//   /work/shared/reference/ecs-api.md §3.1: PROVISIONING → PENDING → ACTIVATING → RUNNING →
//   DEACTIVATING → STOPPING → DEPROVISIONING → STOPPED.
// - Container lastStatus: the agent keeps finer states (NONE, MANIFEST_PULLED, PULLED, CREATED,
//   RUNNING, RESOURCES_PROVISIONED, STOPPED, ZOMBIE) but reports only PENDING / RUNNING / STOPPED
//   (aws/amazon-ecs-agent ecs-agent/api/container/status/containerstatus.go, BackendStatusString);
//   those three are the values of Container.lastStatus in the ECS API.
// - "Forward only": the agent compares statuses by rank and only ever raises a known status
//   (agent/api/task/task.go updateTaskKnownStatus: `if task.GetKnownStatus() < earliest { set }`).

export const TASK_STATUSES = [
  "PROVISIONING",
  "PENDING",
  "ACTIVATING",
  "RUNNING",
  "DEACTIVATING",
  "STOPPING",
  "DEPROVISIONING",
  "STOPPED",
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const CONTAINER_STATUSES = ["PENDING", "RUNNING", "STOPPED"] as const;
export type ContainerStatus = (typeof CONTAINER_STATUSES)[number];

/** desiredStatus is only ever RUNNING or STOPPED (ECS API ListTasks.desiredStatus; ecs-api.md §3.1). */
export type DesiredStatus = "RUNNING" | "STOPPED";

export type HealthStatus = "HEALTHY" | "UNHEALTHY" | "UNKNOWN";

const TASK_RANK: Readonly<Record<TaskStatus, number>> = Object.freeze(
  Object.fromEntries(TASK_STATUSES.map((s, i) => [s, i])) as Record<TaskStatus, number>,
);

/**
 * Rank of a status. Container statuses are a subset of task statuses with the same relative
 * order (PENDING < RUNNING < STOPPED), so one table serves both.
 */
export function rank(status: TaskStatus): number {
  return TASK_RANK[status];
}

export type Advance<S extends TaskStatus> =
  | { kind: "moved"; status: S; from: S }
  | { kind: "unchanged"; status: S }
  | { kind: "refused"; status: S; attempted: S };

/**
 * Move `current` to `next` if that is forward. Going backwards is refused (status stays
 * `current`), so a late or duplicated event — a Docker "start" arriving after "die" — cannot
 * undo a later status. Works for task statuses and, by the subset rule above, container statuses.
 */
export function advance<S extends TaskStatus>(current: S, next: S): Advance<S> {
  const a = rank(current);
  const b = rank(next);
  if (b > a) return { kind: "moved", status: next, from: current };
  if (b === a) return { kind: "unchanged", status: current };
  return { kind: "refused", status: current, attempted: next };
}

/** The later of two statuses (the one `advance` would keep). */
export function later<S extends TaskStatus>(a: S, b: S): S {
  return rank(b) > rank(a) ? b : a;
}
