// Container ordering (`dependsOn`): may a PENDING container start now, must it wait, or can it
// never start?
//
// Source: aws/amazon-ecs-agent agent/engine/dependencygraph/graph.go
// (verifyContainerOrderingStatusResolvable, containerOrderingDependenciesIsResolved,
// hasDependencyTimedOut) and PR #3218, which made unresolvable dependencies terminal. Error texts
// are the agent's, with containers rendered as its Container.String() does:
// `name(image) (KNOWN->DESIRED)` plus ` - Exit: N` when an exit code is known.
import type { ContainerDependency, ContainerView } from "./view.js";

export type DependencyCheck =
  | { kind: "resolved" }
  | { kind: "waiting"; on: ContainerDependency }
  | { kind: "unresolvable"; error: string };

/**
 * The agent's Container.String() (agent/api/container/container.go). Our PENDING is the agent's
 * NONE for a container that has not been created; the desired status is RUNNING because
 * dependencies are only checked while the task should run.
 */
export function agentContainerString(c: ContainerView): string {
  const known = c.lastStatus === "PENDING" ? "NONE" : c.lastStatus;
  const exit = c.exitCode === undefined ? "" : ` - Exit: ${c.exitCode}`;
  return `${c.name}(${c.image}) (${known}->RUNNING)${exit}`;
}

function started(c: ContainerView): boolean {
  return c.startedAt !== undefined || c.lastStatus === "RUNNING";
}

/**
 * Whether `dependency` is satisfied now (graph.go containerOrderingDependenciesIsResolved), with one
 * deliberate difference: START is satisfied once the dependency has started, even if it has
 * since exited (AWS DG "Container dependency": "START – ... validates that a dependent container is
 * started before permitting other containers to start"); the agent requires it to be RUNNING still,
 * which would leave the target waiting for startTimeout and then fail.
 */
function satisfied(dep: ContainerView, condition: ContainerDependency["condition"]): boolean {
  switch (condition) {
    case "START":
      return started(dep);
    case "COMPLETE":
      return dep.lastStatus === "STOPPED" && dep.exitCode !== undefined;
    case "SUCCESS":
      return dep.lastStatus === "STOPPED" && dep.exitCode === 0;
    case "HEALTHY":
      return dep.hasHealthCheck && dep.healthStatus === "HEALTHY";
  }
}

/**
 * Check every `dependsOn` entry of `target` against the known containers, in the agent's order:
 * missing container, startTimeout, SUCCESS with a non-zero exit, a dependency that will never
 * start, then "not yet". The first terminal error wins; otherwise the last unmet dependency is
 * reported as the one waited on (as the agent's blockedDependency).
 */
export function checkDependencies(
  target: ContainerView,
  byName: ReadonlyMap<string, ContainerView>,
  now: Date,
): DependencyCheck {
  let waitingOn: ContainerDependency | undefined;
  const t = agentContainerString(target);
  for (const dependency of target.dependsOn) {
    const dep = byName.get(dependency.containerName);
    if (dep === undefined) {
      // graph.go: "container ordering dependency [%v] for target [%v] does not exist." (%v of a nil pointer is <nil>)
      return {
        kind: "unresolvable",
        error: `dependency graph: container ordering dependency [<nil>] for target [${t}] does not exist.`,
      };
    }
    const d = agentContainerString(dep);

    // graph.go hasDependencyTimedOut: only SUCCESS/COMPLETE/HEALTHY, only while the dependency is not
    // STOPPED, measured from the dependency's startedAt plus the dependency's startTimeout.
    if (
      dep.lastStatus !== "STOPPED" &&
      dependency.condition !== "START" &&
      dep.startedAt !== undefined &&
      dep.startTimeout !== undefined &&
      dep.startTimeout > 0 &&
      now.getTime() > dep.startedAt.getTime() + dep.startTimeout * 1000
    ) {
      return {
        kind: "unresolvable",
        error: `dependency graph: container ordering dependency [${d}] for target [${t}] has timed out.`,
      };
    }

    // graph.go: SUCCESS on a dependency that stopped with a non-zero (or no) exit code.
    if (dependency.condition === "SUCCESS" && dep.lastStatus === "STOPPED" && dep.exitCode !== 0) {
      return {
        kind: "unresolvable",
        error: `dependency graph: failed to resolve container ordering dependency [${d}] for target [${t}] as dependency did not exit successfully.`,
      };
    }

    // graph.go HasNotAndWillNotStart: the dependency stopped without ever running (pull failure,
    // start failure, its own dependencies failed).
    if (dep.lastStatus === "STOPPED" && !started(dep)) {
      return {
        kind: "unresolvable",
        error: `dependency graph: failed to resolve container ordering dependency [${d}] for target [${t}] because dependency will never start`,
      };
    }

    // berth rule (the brief's, not the agent's): a HEALTHY dependency that has exited, reports
    // UNHEALTHY, or has no health check can never satisfy HEALTHY at startup. The agent instead waits
    // until the dependency's startTimeout runs out. Wording follows the agent's SUCCESS message.
    if (
      dependency.condition === "HEALTHY" &&
      (dep.lastStatus === "STOPPED" || dep.healthStatus === "UNHEALTHY" || !dep.hasHealthCheck)
    ) {
      return {
        kind: "unresolvable",
        error: `dependency graph: failed to resolve container ordering dependency [${d}] for target [${t}] as dependency did not become healthy.`,
      };
    }

    if (!satisfied(dep, dependency.condition)) waitingOn = dependency;
  }
  return waitingOn === undefined ? { kind: "resolved" } : { kind: "waiting", on: waitingOn };
}

/**
 * When the next dependency timeout can fire: the earliest startedAt + startTimeout of a started,
 * not yet STOPPED dependency that a PENDING container waits on with SUCCESS, COMPLETE or HEALTHY
 * (the cases `checkDependencies` times out). The acting side asks the lifecycle again then, so a
 * timeout is noticed without any other event. undefined when nothing can time out.
 *
 * Example: app PENDING dependsOn {init, SUCCESS}; init RUNNING since 10:00:00 with startTimeout 5
 * → 10:00:05.
 */
export function nextDependencyDeadline(containers: readonly ContainerView[]): Date | undefined {
  const byName = new Map(containers.map((c) => [c.name, c]));
  let earliest: number | undefined;
  for (const target of containers) {
    if (target.lastStatus !== "PENDING") continue;
    for (const d of target.dependsOn) {
      if (d.condition === "START") continue;
      const dep = byName.get(d.containerName);
      if (dep === undefined || dep.lastStatus === "STOPPED" || dep.startedAt === undefined || !dep.startTimeout || dep.startTimeout <= 0) continue;
      const at = dep.startedAt.getTime() + dep.startTimeout * 1000;
      if (earliest === undefined || at < earliest) earliest = at;
    }
  }
  return earliest === undefined ? undefined : new Date(earliest);
}
