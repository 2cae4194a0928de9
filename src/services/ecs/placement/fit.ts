/**
 * Whether one instance can take one more task, and what it looks like after it does.
 *
 * Checks run in a fixed order and the first that fails is the instance's one reason (ECS reports a
 * single reason per rejected instance): AGENT, ATTRIBUTE, memberOf, distinctInstance, then
 * RESOURCE:CPU, RESOURCE:MEMORY, RESOURCE:PORTS, RESOURCE:PORTS_UDP.
 * Example: an instance with 256 CPU left and a disconnected agent, task needs 512 → "AGENT".
 *
 * Instances that are not ACTIVE (DRAINING, REGISTERING, ...) are not candidates at all: ECS does not
 * schedule new tasks on them and does not list them in `failures`.
 */
import type { CandidateInstance, FailureReason, PlacementRequest, ResourceNeeds } from "./types.js";

export function isCandidate(instance: CandidateInstance): boolean {
  return instance.status === "ACTIVE";
}

type FitContext = Pick<PlacementRequest, "needs" | "group" | "requiresAttributes" | "constraints">;

/** The reason `instance` cannot take the task, or undefined when it can. */
export function rejectReason(instance: CandidateInstance, ctx: FitContext): FailureReason | undefined {
  if (!instance.agentConnected) return "AGENT";
  for (const name of ctx.requiresAttributes ?? []) {
    if (!(name in instance.attributes)) return "ATTRIBUTE";
  }
  for (const c of ctx.constraints) {
    if (c.kind === "memberOf" && !c.matches(instance)) return "MemberOf placement constraint unsatisfied.";
  }
  for (const c of ctx.constraints) {
    // "Each task in the group on a different instance": tasks already running in the group count,
    // and so do tasks placed earlier in this call (they are added to `tasks` by `consume`).
    if (c.kind === "distinctInstance" && instance.tasks.some((t) => t.group === ctx.group)) {
      return "DistinctInstance placement constraint unsatisfied.";
    }
  }
  return resourceShortfall(instance, ctx.needs);
}

/** Example: 1024 CPU / 2048 MiB left, ports [22, 80] reserved; task 512 CPU, 4096 MiB → RESOURCE:MEMORY. */
export function resourceShortfall(instance: CandidateInstance, needs: ResourceNeeds): FailureReason | undefined {
  const { remaining } = instance;
  if (needs.cpu > remaining.cpu) return "RESOURCE:CPU";
  if (needs.memory > remaining.memory) return "RESOURCE:MEMORY";
  const tcp = needs.hostPorts.filter((p) => p.protocol === "tcp").map((p) => p.port);
  const udp = needs.hostPorts.filter((p) => p.protocol === "udp").map((p) => p.port);
  if (hasClash(tcp, remaining.ports)) return "RESOURCE:PORTS";
  if (hasClash(udp, remaining.portsUdp)) return "RESOURCE:PORTS_UDP";
  return undefined;
}

/** A clash is a port already reserved, or the same port asked twice by one task. */
function hasClash(wanted: readonly number[], reserved: readonly number[]): boolean {
  if (wanted.length === 0) return false;
  const taken = new Set(reserved);
  for (const port of wanted) {
    if (taken.has(port)) return true;
    taken.add(port);
  }
  return false;
}

/** The instance after taking one task: resources subtracted, ports reserved, task recorded. Never mutates. */
export function consume(instance: CandidateInstance, needs: ResourceNeeds, task: { group: string; family: string }): CandidateInstance {
  const tcp = needs.hostPorts.filter((p) => p.protocol === "tcp").map((p) => p.port);
  const udp = needs.hostPorts.filter((p) => p.protocol === "udp").map((p) => p.port);
  return {
    ...instance,
    remaining: {
      cpu: instance.remaining.cpu - needs.cpu,
      memory: instance.remaining.memory - needs.memory,
      ports: [...instance.remaining.ports, ...tcp],
      portsUdp: [...instance.remaining.portsUdp, ...udp],
    },
    tasks: [...instance.tasks, { group: task.group, family: task.family }],
  };
}
