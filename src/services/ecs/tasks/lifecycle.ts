// What the agent should do next for one task, and what the task's status and health are, decided
// from plain data: the task's desired status and each container's known state. No Docker, no I/O,
// no clock of its own (`now` is passed in). The agent applies the returned actions and calls again
// whenever a container event arrives (level-triggered: the answer depends only on the inputs).
//
// Rule sources are cited beside each rule; "agent" is github.com/aws/amazon-ecs-agent.
import { checkDependencies } from "./dependencies.js";
import {
  DEPENDENCY_FAILED_EXIT_CODE,
  ESSENTIAL_CONTAINER_EXITED,
  truncateReason,
  type StopCode,
} from "./reasons.js";
import type { DesiredStatus, HealthStatus, TaskStatus } from "./statuses.js";
import type { ContainerView } from "./view.js";
import type { TaskNetworkState } from "./task-network.js";

export * from "./statuses.js";
export * from "./task-network.js";
export * from "./reasons.js";
export * from "./view.js";
export { checkDependencies, agentContainerString, nextDependencyDeadline, type DependencyCheck } from "./dependencies.js";

export interface TaskView {
  /** RUNNING, or STOPPED once something (StopTask, the scheduler, a previous pass) decided to stop it. */
  desiredStatus: DesiredStatus;
}

export type LifecycleAction =
  /** Pull (if needed), create and start this container. */
  | { kind: "start-container"; name: string }
  /** Stop a running container (stop signal, then SIGKILL after its stopTimeout). */
  | { kind: "stop-container"; name: string }
  /** Record a never-started container as STOPPED without running it. */
  | { kind: "abandon-container"; name: string; stoppedAt: Date; exitCode?: number; reason?: string }
  /** Set the task's desiredStatus to STOPPED with this stopCode and stoppedReason. */
  | { kind: "stop-task"; stopCode: StopCode; stoppedReason: string; stoppingAt: Date };

function started(c: ContainerView): boolean {
  return c.startedAt !== undefined || c.lastStatus === "RUNNING";
}

/**
 * The next actions for a task.
 *
 * While desired RUNNING:
 * 1. An essential container that has STOPPED stops the task (AWS DG "Container definition –
 *    essential": "If the essential parameter of a container is marked as true, and that container
 *    fails or stops for any reason, all other containers that are part of the task are stopped").
 *    If it had run: stopCode EssentialContainerExited, "Essential container in task exited"
 *    (AWS DG stopped-task errors; ecs-api.md §3.2). If it never ran (image pull, create or start
 *    failure, unresolvable dependency): TaskFailedToStart with the container's reason, e.g.
 *    "CannotPullContainerError: ..." (ecs-api.md §3.2 pairing table).
 * 2. A PENDING container whose dependencies can never resolve is abandoned with the agent's
 *    "CannotStartContainerError: dependency graph: ..." reason and exit code 143 (agent PR #3218);
 *    repeated until nothing changes, since one abandon can doom containers that depend on it.
 *    If an abandoned container is essential the task stops as in rule 1 (TaskFailedToStart).
 * 3. Otherwise every PENDING container whose dependencies are all met is started
 *    (agent/engine/dependencygraph/graph.go DependenciesAreResolved).
 *
 * While desired STOPPED (or once rule 1/2 stops the task, in the same pass):
 * 4. PENDING containers are abandoned (no exit code, no reason): they will never be started.
 * 5. A RUNNING container is stopped once every container that depends on it has stopped or is
 *    being abandoned — shutdown is the reverse of startup order (graph.go verifyShutdownOrder;
 *    AWS DG "Container dependency": "containers are stopped in the reverse order").
 */
export function nextContainerActions(
  task: TaskView,
  containers: readonly ContainerView[],
  now: Date,
): LifecycleAction[] {
  const actions: LifecycleAction[] = [];
  // Our own working copy, updated with this pass's abandons; the input is never mutated.
  const view = new Map<string, ContainerView>(containers.map((c) => [c.name, c]));
  let stopping = task.desiredStatus === "STOPPED";

  if (!stopping) {
    let stop = essentialStop(containers, now);
    if (stop === undefined) {
      let changed = true;
      while (changed) {
        changed = false;
        for (const c of view.values()) {
          if (c.lastStatus !== "PENDING") continue;
          const check = checkDependencies(c, view, now);
          if (check.kind !== "unresolvable") continue;
          const reason = truncateReason(`CannotStartContainerError: ${check.error}`);
          actions.push({
            kind: "abandon-container",
            name: c.name,
            stoppedAt: now,
            exitCode: DEPENDENCY_FAILED_EXIT_CODE,
            reason,
          });
          view.set(c.name, { ...c, lastStatus: "STOPPED", exitCode: DEPENDENCY_FAILED_EXIT_CODE, reason });
          changed = true;
        }
      }
      stop = essentialStop([...view.values()], now);
    }
    if (stop !== undefined) {
      actions.push(stop);
      stopping = true;
    } else {
      for (const c of view.values()) {
        if (c.lastStatus === "PENDING" && checkDependencies(c, view, now).kind === "resolved") {
          actions.push({ kind: "start-container", name: c.name });
        }
      }
    }
  }

  if (stopping) {
    const all = [...view.values()];
    for (const c of all) {
      if (c.lastStatus === "PENDING") actions.push({ kind: "abandon-container", name: c.name, stoppedAt: now });
    }
    for (const c of all) {
      if (c.lastStatus !== "RUNNING") continue;
      const blocked = all.some(
        (other) =>
          other.lastStatus === "RUNNING" && other.dependsOn.some((d) => d.containerName === c.name),
      );
      if (!blocked) actions.push({ kind: "stop-container", name: c.name });
    }
  }
  return actions;
}

/** Rule 1 above: the stop an essential STOPPED container causes, if any (first in definition order). */
function essentialStop(
  containers: readonly ContainerView[],
  now: Date,
): Extract<LifecycleAction, { kind: "stop-task" }> | undefined {
  const exited = containers.find((c) => c.essential && c.lastStatus === "STOPPED");
  if (exited === undefined) return undefined;
  if (started(exited) || exited.reason === undefined) {
    return {
      kind: "stop-task",
      stopCode: "EssentialContainerExited",
      stoppedReason: ESSENTIAL_CONTAINER_EXITED,
      stoppingAt: now,
    };
  }
  return { kind: "stop-task", stopCode: "TaskFailedToStart", stoppedReason: exited.reason, stoppingAt: now };
}

/**
 * The task's lastStatus as derived from its containers. Source: agent/api/task/task.go
 * updateTaskKnownStatus — the task's known status is the minimum of its containers' statuses
 * (a container that has exited counts as STOPPED, which is above RUNNING, so exited non-essential
 * containers do not hold a task back), except that while an essential container has stopped and
 * the rest are running the agent does not update the status.
 *
 * `network` is given for awsvpc tasks (task-network.ts): the task's own network as the agent set
 * it up. It adds the two statuses of the awsvpc mode: PROVISIONING until the network is ATTACHED,
 * DEPROVISIONING once every container has stopped while it is still ATTACHED or DETACHING. A network
 * that never attached (its setup failed, or the task was stopped first) has nothing to tear down.
 * ACTIVATING / DEACTIVATING (load-balancer and service-discovery registration) are the control
 * plane's, not the containers': `shownStatus` in activation.ts adds them around this RUNNING for
 * service tasks with loadBalancers or serviceRegistries. Combine with the current status through `advance`, which refuses to go back: "PENDING" here
 * never undoes a RUNNING the task reached.
 *
 * - all containers STOPPED → DEPROVISIONING while an attached network is still up, else STOPPED
 *   (no containers: PENDING until desired STOPPED)
 * - awsvpc network not yet ATTACHED → PROVISIONING
 * - desired STOPPED and any container RUNNING → STOPPING (DG task lifecycle: STOPPING is the
 *   containers being stopped)
 * - any PENDING → PENDING
 * - an essential container STOPPED while others run → PENDING, i.e. "no change" once combined by
 *   `advance` (the agent holds the previous status)
 * - otherwise → RUNNING
 *
 * Example (awsvpc, one container): ATTACHING → PROVISIONING; ATTACHED, container PENDING → PENDING;
 * container RUNNING → RUNNING; container STOPPED, network ATTACHED → DEPROVISIONING; DETACHED → STOPPED.
 */
export function taskLastStatus(
  containers: readonly ContainerView[],
  desiredStatus: DesiredStatus,
  network?: TaskNetworkState,
): TaskStatus {
  const allStopped = containers.length === 0 ? desiredStatus === "STOPPED" : containers.every((c) => c.lastStatus === "STOPPED");
  if (allStopped) return network === "ATTACHED" || network === "DETACHING" ? "DEPROVISIONING" : "STOPPED";
  if (network === "ATTACHING") return "PROVISIONING";
  if (containers.length === 0) return "PENDING";
  if (desiredStatus === "STOPPED" && containers.some((c) => c.lastStatus === "RUNNING")) return "STOPPING";
  if (containers.some((c) => c.lastStatus === "PENDING")) return "PENDING";
  if (containers.some((c) => c.essential && c.lastStatus === "STOPPED")) return "PENDING";
  return "RUNNING";
}

/**
 * Task healthStatus. Source: ECS API HealthCheck ("If all essential containers in the task are
 * reporting as HEALTHY, the task status also reports as HEALTHY. If any essential containers in the
 * task are reporting as UNHEALTHY or UNKNOWN, the task status also reports as UNHEALTHY or UNKNOWN,
 * accordingly"; ecs-api.md §3.3: essential containers only, UNHEALTHY > UNKNOWN > HEALTHY).
 * Only containers with a health check in the task definition take part; with none the task is
 * UNKNOWN.
 */
export function taskHealth(containers: readonly ContainerView[]): HealthStatus {
  const checked = containers.filter((c) => c.essential && c.hasHealthCheck);
  if (checked.length === 0) return "UNKNOWN";
  if (checked.some((c) => c.healthStatus === "UNHEALTHY")) return "UNHEALTHY";
  if (checked.every((c) => c.healthStatus === "HEALTHY")) return "HEALTHY";
  return "UNKNOWN";
}
