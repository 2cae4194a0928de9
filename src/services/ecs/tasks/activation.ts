// ACTIVATING and DEACTIVATING: the two task statuses that are the control plane's, not the
// containers'. Pure: plain data in, plain data out.
//
// Source: AWS DG "Amazon ECS task lifecycle" (reference/ecs-api.md §3.1): a service task with load
// balancers or service discovery is ACTIVATING after its containers run, until it is registered
// with its target groups and Cloud Map, then RUNNING; when it is stopped it is DEACTIVATING while it
// is deregistered and its connections drain (the target groups' deregistration delay), then
// STOPPING (its containers being stopped), DEPROVISIONING (awsvpc), STOPPED.
//
// The agent knows none of this: it reports its containers' RUNNING, and the control plane shows it
// as ACTIVATING, RUNNING or DEACTIVATING after the task's `Activation`. A draining task is desired
// STOPPED (as ECS shows it) while its agent is still told RUNNING, so its containers serve until
// the drain is over; then it is `released` and its agent stops it.
//
// Example: created activating; agent RUNNING → ACTIVATING; registered (activate) → RUNNING;
// StopTask → desired STOPPED, deactivating → DEACTIVATING, agent still told RUNNING; deregistered,
// drains until t + delay; released at t + delay → agent told STOPPED → STOPPING … STOPPED.
import { later, type DesiredStatus, type TaskStatus } from "./statuses.js";

export type Activation =
  /** Not yet registered with its target groups / registries (created so). */
  | { kind: "activating" }
  /** Registered: the agent's RUNNING is RUNNING. */
  | { kind: "active" }
  /** Stopped while its containers ran: deregistered, draining until `until` (epoch ms, set by the pass that deregisters it). */
  | { kind: "deactivating"; until?: number }
  /** Drained: its agent is told to stop it. */
  | { kind: "released" };

export type ActivationKind = Activation["kind"];

const ORDER: readonly ActivationKind[] = ["activating", "active", "deactivating", "released"];

/** The agent's status behind a shown one: ACTIVATING and DEACTIVATING are the agent's RUNNING. */
export function agentStatusOf(shown: TaskStatus): TaskStatus {
  return shown === "ACTIVATING" || shown === "DEACTIVATING" ? "RUNNING" : shown;
}

/** The task's containers run (the agent says RUNNING): shown ACTIVATING, RUNNING or DEACTIVATING. */
export const containersRun = (shown: string): boolean => shown === "ACTIVATING" || shown === "RUNNING" || shown === "DEACTIVATING";

/**
 * The status ECS shows for the agent's status: its RUNNING becomes ACTIVATING until the task is
 * registered, DEACTIVATING once it is being (or has been) drained; every other status, and every
 * task without an activation (RunTask, a service without load balancers or registries), as is.
 * Combine with the stored status through `advance`: shown statuses only move forward.
 */
export function shownStatus(agentStatus: TaskStatus, activation: Activation | undefined): TaskStatus {
  if (activation === undefined || agentStatus !== "RUNNING") return agentStatus;
  switch (activation.kind) {
    case "activating":
      return "ACTIVATING";
    case "active":
      return "RUNNING";
    case "deactivating":
    case "released":
      return "DEACTIVATING";
  }
}

/** A stored status after a change of activation: the agent's status behind it, shown anew, never backwards. */
export function restatus(current: TaskStatus, activation: Activation | undefined): TaskStatus {
  return later(current, shownStatus(agentStatusOf(current), activation));
}

/** What the agent is told: a draining task (desired STOPPED, deactivating) is still RUNNING to it. */
export function agentDesiredStatus(desired: DesiredStatus, activation: Activation | undefined): DesiredStatus {
  if (desired === "STOPPED" && activation?.kind === "deactivating") return "RUNNING";
  return desired;
}

/**
 * A task's activation when it is asked to stop (StopTask or the scheduler): one whose containers
 * run is deactivating (drained before its agent stops it); one that never ran is released at once
 * (nothing of it was registered). A task without activation keeps none; one already deactivating
 * or released is unchanged.
 */
export function activationOnStop(activation: Activation | undefined, lastStatus: string): Activation | undefined {
  if (activation === undefined || activation.kind === "deactivating" || activation.kind === "released") return activation;
  return containersRun(lastStatus) ? { kind: "deactivating" } : { kind: "released" };
}

/**
 * The later of two activations (forward only: activating < active < deactivating < released). A
 * drain's `until`, once set, is kept: a later pass (or a restart) finishes that drain, never
 * starts it again.
 */
export function laterActivation(current: Activation | undefined, next: Activation): Activation {
  if (current === undefined) return next;
  const a = ORDER.indexOf(current.kind);
  const b = ORDER.indexOf(next.kind);
  if (b < a) return current;
  if (b === a) {
    if (current.kind === "deactivating" && current.until === undefined && next.kind === "deactivating" && next.until !== undefined) return next;
    return current;
  }
  return next;
}

export const sameActivation = (a: Activation | undefined, b: Activation | undefined): boolean => JSON.stringify(a) === JSON.stringify(b);
