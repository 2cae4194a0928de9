/**
 * What the agent knows of one task, and the pure steps on it: the lifecycle's view of each
 * container, folding an engine observation (inspect) into a container, moving the task's status
 * forward, and the TaskReport the control plane receives. No Docker, no clock of its own.
 */
import type { AssignedTask, ReportedBinding, ReportedContainer, TaskReport } from "../../agent-protocol/messages.js";
import type { ContainerDefinition } from "../../services/ecs/task-definitions/types.js";
import {
  advance,
  containerExitFields,
  laterNetwork,
  taskHealth,
  taskLastStatus,
  type ContainerStatus,
  type ContainerView,
  type DesiredStatus,
  type HealthStatus,
  type StopCode,
  type TaskNetworkState,
  type TaskStatus,
} from "../../services/ecs/tasks/lifecycle.js";
import type { ContainerState } from "../runtime/runtime.js";

export interface KnownContainer {
  name: string;
  def: ContainerDefinition;
  lastStatus: ContainerStatus;
  runtimeId?: string;
  imageDigest?: string;
  exitCode?: number;
  reason?: string;
  healthStatus: HealthStatus;
  startedAt?: Date;
  finishedAt?: Date;
  networkBindings: ReportedBinding[];
}

export interface KnownTask {
  assigned: AssignedTask;
  /** The desired status the agent acts on: the assignment's, or STOPPED once the lifecycle stopped the task. */
  desiredStatus: DesiredStatus;
  lastStatus: TaskStatus;
  stopCode?: StopCode | string;
  stoppedReason?: string;
  pullStartedAt?: Date;
  pullStoppedAt?: Date;
  startedAt?: Date;
  executionStoppedAt?: Date;
  /** awsvpc only: the task's own network (its loopback address, held by the pause container). */
  network?: TaskNetworkState;
  containers: KnownContainer[];
}

export function definitions(task: AssignedTask): ContainerDefinition[] {
  return task.containers.map((c) => c.definition as ContainerDefinition);
}

export function newTask(assigned: AssignedTask): KnownTask {
  const awsvpc = assigned.networkMode === "awsvpc";
  return {
    assigned,
    desiredStatus: assigned.desiredStatus,
    // awsvpc: PROVISIONING until the task's network is attached (task-network.ts).
    lastStatus: awsvpc ? "PROVISIONING" : "PENDING",
    ...(awsvpc && { network: "ATTACHING" as const }),
    stopCode: assigned.desiredStatus === "STOPPED" ? assigned.stopCode : undefined,
    stoppedReason: assigned.desiredStatus === "STOPPED" ? assigned.stoppedReason : undefined,
    containers: definitions(assigned).map((def) => ({
      name: def.name!,
      def,
      lastStatus: "PENDING",
      healthStatus: "UNKNOWN",
      networkBindings: [],
    })),
  };
}

/**
 * A newer assignment: only desiredStatus moves (RUNNING → STOPPED, never back); the containers are
 * those of the first assignment. The first stop reason wins (the agent's own, e.g.
 * EssentialContainerExited, if it stopped the task before StopTask arrived).
 */
export function reassign(t: KnownTask, assigned: AssignedTask): KnownTask {
  if (assigned.version <= t.assigned.version) return t;
  const next: KnownTask = { ...t, assigned };
  if (assigned.desiredStatus === "STOPPED" && t.desiredStatus !== "STOPPED") {
    next.desiredStatus = "STOPPED";
    next.stopCode = assigned.stopCode;
    next.stoppedReason = assigned.stoppedReason;
  }
  return next;
}

/**
 * dependsOn, plus the implicit order ECS keeps for volumesFrom: a container that takes another's
 * volumes is created only once that one has started (the ECS agent's volume dependencies).
 */
function dependencies(def: ContainerDefinition): NonNullable<ContainerDefinition["dependsOn"]> {
  const explicit = def.dependsOn ?? [];
  const named = new Set(explicit.map((d) => d.containerName));
  const implicit = (def.volumesFrom ?? [])
    .map((f) => f.sourceContainer)
    .filter((n): n is string => typeof n === "string" && !named.has(n))
    .map((containerName) => ({ containerName, condition: "START" as const }));
  return implicit.length === 0 ? explicit : [...explicit, ...implicit];
}

export function toView(c: KnownContainer): ContainerView {
  return {
    name: c.name,
    image: c.def.image ?? "",
    essential: c.def.essential ?? true,
    dependsOn: dependencies(c.def),
    hasHealthCheck: c.def.healthCheck !== undefined,
    startTimeout: c.def.startTimeout,
    lastStatus: c.lastStatus,
    startedAt: c.startedAt,
    exitCode: c.exitCode,
    reason: c.reason,
    healthStatus: c.healthStatus,
  };
}

function health(c: KnownContainer, s: ContainerState): HealthStatus {
  if (c.def.healthCheck === undefined) return "UNKNOWN";
  return s.health === "healthy" ? "HEALTHY" : s.health === "unhealthy" ? "UNHEALTHY" : "UNKNOWN";
}

/**
 * Folds an inspect result into a container, forward only: a running container becomes RUNNING with
 * its start time, bindings and health; an exited one STOPPED with its exit code (and the OOM reason
 * when the kernel killed it). Once STOPPED nothing changes. `reportBindings` is false in awsvpc,
 * where ECS reports network interfaces instead.
 */
export function observe(c: KnownContainer, s: ContainerState, reportBindings: boolean): KnownContainer {
  if (c.lastStatus === "STOPPED") return c;
  const next: KnownContainer = { ...c, runtimeId: s.id, imageDigest: c.imageDigest ?? s.imageDigest };
  if (s.running) {
    next.lastStatus = advance(c.lastStatus, "RUNNING").status;
    next.startedAt = c.startedAt ?? s.startedAt;
    next.healthStatus = health(c, s);
    if (reportBindings && s.ports.length > 0) {
      next.networkBindings = s.ports.map((p) => ({
        bindIP: p.hostIp,
        containerPort: p.containerPort,
        hostPort: p.hostPort,
        protocol: p.protocol,
      }));
    }
  } else if (s.status === "exited" || s.status === "dead") {
    next.lastStatus = "STOPPED";
    next.startedAt = c.startedAt ?? s.startedAt;
    next.finishedAt = s.finishedAt;
    Object.assign(next, containerExitFields({ kind: "exited", exitCode: s.exitCode, oomKilled: s.oomKilled }));
  }
  return next;
}

/** The container's process ended but it can no longer be inspected (removed): the event's word. */
export function observeExit(c: KnownContainer, exitCode: number, oomKilled: boolean, at: Date): KnownContainer {
  if (c.lastStatus === "STOPPED") return c;
  return { ...c, lastStatus: "STOPPED", finishedAt: at, ...containerExitFields({ kind: "exited", exitCode, oomKilled }) };
}

/**
 * The engine's "oom" event for a container already seen exiting: the engine may send it after
 * "die" (containerd's OOM and exit notices race on a loaded machine). A container that stopped
 * with 137 (SIGKILL) and no reason was the OOM killer's: it gets ECS's OutOfMemoryError reason.
 */
export function observeLateOom(c: KnownContainer): KnownContainer {
  if (c.lastStatus !== "STOPPED" || c.exitCode !== 137 || c.reason !== undefined) return c;
  return { ...c, ...containerExitFields({ kind: "exited", exitCode: 137, oomKilled: true }) };
}

/** The task's own network moves forward only (awsvpc; a task without one is left as it is). */
export function setNetwork(t: KnownTask, state: TaskNetworkState): KnownTask {
  if (t.network === undefined) return t;
  const network = laterNetwork(t.network, state);
  return network === t.network ? t : { ...t, network };
}

/**
 * The task's status from its containers and (awsvpc) its network, moved forward only, with
 * startedAt (RUNNING) and executionStoppedAt (every container stopped: DEPROVISIONING or STOPPED).
 */
export function settle(t: KnownTask, now: Date): KnownTask {
  const derived = taskLastStatus(t.containers.map(toView), t.desiredStatus, t.network);
  const moved = advance(t.lastStatus, derived);
  if (moved.kind !== "moved") return t;
  const next: KnownTask = { ...t, lastStatus: moved.status };
  if (moved.status === "RUNNING") next.startedAt ??= now;
  if (moved.status === "DEPROVISIONING" || moved.status === "STOPPED") next.executionStoppedAt ??= now;
  return next;
}

const ms = (d: Date | undefined): number | undefined => (d === undefined ? undefined : d.getTime());

function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

export function reportOf(t: KnownTask): TaskReport {
  const containers: ReportedContainer[] = t.containers.map((c) =>
    defined({
      name: c.name,
      runtimeId: c.runtimeId,
      lastStatus: c.lastStatus,
      exitCode: c.exitCode,
      reason: c.reason,
      imageDigest: c.imageDigest,
      networkBindings: c.networkBindings.map((b) => ({ ...b })),
      healthStatus: c.healthStatus,
      startedAt: ms(c.startedAt),
      finishedAt: ms(c.finishedAt),
    }),
  );
  return defined({
    taskArn: t.assigned.taskArn,
    version: t.assigned.version,
    lastStatus: t.lastStatus,
    healthStatus: taskHealth(t.containers.map(toView)),
    stopCode: t.stopCode,
    stoppedReason: t.stoppedReason,
    pullStartedAt: ms(t.pullStartedAt),
    pullStoppedAt: ms(t.pullStoppedAt),
    startedAt: ms(t.startedAt),
    executionStoppedAt: ms(t.executionStoppedAt),
    containers,
  });
}
