/**
 * ACTIVATING → RUNNING and DEACTIVATING → released for one service's tasks, pure (the reconcile
 * calls this; the applier writes the steps on the task records through
 * `../task-records/activation.ts`). The statuses themselves are `../tasks/activation.ts`.
 *
 * - A live task whose containers run and that is not yet active is activated by the pass that
 *   registers it: its targets are known in every target group of the service (this pass registers
 *   those that are not) and it is registered, or being registered, in every current registry.
 * - A task being stopped whose containers run (ordered by this plan, or by StopTask before) is
 *   deactivating: the pass that first sees it deregisters its registered targets and sets `until`
 *   to now + the LONGEST deregistration delay of the groups it was registered in (nothing
 *   registered: now). Its agent still runs it. Once `until` has passed it is released (its agent
 *   stops it). `until` is on the task record, so after a restart the drain goes on where it was.
 *   Example: groups with delays 2 s and 10 s, registered in both, stopped at t → deregistered from
 *   both at t, released at t + 10 s. Registered in the 2 s one only → released at t + 2 s.
 */
import { activationOnStop, containersRun, type Activation } from "../tasks/activation.js";
import { drainMs, registeredTargets } from "./load-balancers.js";
import type { TaskFacts, TaskTarget } from "./task-health.js";

export type ActivationStep =
  /** `targets`: the task's targets ("<group> <id>:<port>"); a failed registration of one holds the activation. */
  | { kind: "activate"; id: string; targets: string[] }
  | { kind: "drain"; id: string; until: number }
  | { kind: "release"; id: string };

export const targetKey = (t: TaskTarget): string => `${t.targetGroupArn} ${t.id}:${t.port}`;

export interface ActivationInput {
  /** The service's tasks that are not STOPPED. */
  tasks: readonly TaskFacts[];
  /** Tasks this plan orders to stop. */
  stopping: ReadonlySet<string>;
  now: number;
  /** Each existing target group's deregistration delay (ms); absent without load balancers. */
  delayMs?: Readonly<Record<string, number>>;
  /** The service has serviceRegistries. */
  registries: boolean;
  /** A task is registered, or this plan registers it, in every registry the service names. */
  inRegistries: (taskId: string) => boolean;
  /** False while the service is being deleted: nothing is activated. */
  active: boolean;
}

export interface ActivationPlan {
  steps: ActivationStep[];
  /** Targets of tasks this plan stops, deregistered now (before their drain). */
  deregister: TaskTarget[];
  /** Tasks that begin draining connections (registered somewhere, with a delay to wait out). */
  draining: number;
  /** The earliest drain that has not ended (epoch ms). */
  wakeAt?: number;
}

/** The activation a task will have once this plan's stops are written. */
export function activationAfter(t: TaskFacts, stopping: ReadonlySet<string>): Activation | undefined {
  return stopping.has(t.id) ? activationOnStop(t.activation, t.lastStatus) : t.activation;
}

export function activationSteps(input: ActivationInput): ActivationPlan {
  const { now } = input;
  const out: ActivationPlan = { steps: [], deregister: [], draining: 0 };
  const groups = Object.keys(input.delayMs ?? {});
  const registrations = input.delayMs !== undefined || input.registries;
  for (const t of input.tasks) {
    const activation = activationAfter(t, input.stopping);
    if (t.live && !input.stopping.has(t.id)) {
      // A task from before activations existed is adopted (active) once registered; one whose
      // service no longer names any load balancer or registry has nothing to wait for.
      const pending = activation === undefined ? registrations : activation.kind === "activating";
      const known = groups.every((g) => (t.targets ?? []).some((x) => x.targetGroupArn === g));
      if (input.active && pending && t.running && known && input.inRegistries(t.id)) out.steps.push({ kind: "activate", id: t.id, targets: (t.targets ?? []).map(targetKey) });
      continue;
    }
    if (activation?.kind !== "deactivating") continue;
    if (activation.until === undefined) {
      // A StopTask'd task's targets are deregistered by the reconcile's pass over stopped tasks;
      // this plan's own stops are deregistered here.
      const regs = containersRun(t.lastStatus) ? registeredTargets(t) : [];
      if (input.stopping.has(t.id)) out.deregister.push(...regs);
      const until = now + (regs.length > 0 ? drainMs(regs, input.delayMs ?? {}) : 0);
      if (until > now) {
        out.steps.push({ kind: "drain", id: t.id, until });
        out.draining++;
        out.wakeAt = Math.min(out.wakeAt ?? Infinity, until);
      } else out.steps.push({ kind: "release", id: t.id });
    } else if (activation.until <= now) out.steps.push({ kind: "release", id: t.id });
    else out.wakeAt = Math.min(out.wakeAt ?? Infinity, activation.until);
  }
  return out;
}
