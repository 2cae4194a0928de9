/**
 * An instance's remainingResources and task counts as its tasks come and go. Pure: record in,
 * new record out (version +1, as ECS bumps a container instance's version on every change).
 *
 * A task counts as pending until it is reported RUNNING (shown ACTIVATING or later), then as
 * running, and holds its CPU, memory and fixed host ports until it is reported STOPPED.
 * Example: 2048 CPU left, a task needing 512 placed → 1536 left, pendingTasksCount 1; reported
 * RUNNING → pending 0, running 1; reported STOPPED → 2048 left, running 0.
 */
import type { ContainerInstanceRecord } from "../../../store/store.js";
import type { CandidateInstance, ResourceNeeds } from "../placement/types.js";
import { instanceDoc, type InstanceDoc } from "../container-instances/view.js";
import { resource } from "../container-instances/resources.js";
import type { Resource } from "../types.js";

export type CountBucket = "pending" | "running" | "stopped";

/** Which count a task with this lastStatus is in. */
export function countBucket(lastStatus: string): CountBucket {
  if (lastStatus === "STOPPED") return "stopped";
  // ACTIVATING is the agent's RUNNING (../tasks/activation.ts): its changes to RUNNING or
  // DEACTIVATING, which the control plane makes, never move a task between counts.
  return ["PROVISIONING", "PENDING"].includes(lastStatus) ? "pending" : "running";
}

const integer = (rs: readonly Resource[], name: string) => rs.find((r) => r.name === name)?.integerValue ?? 0;
const strings = (rs: readonly Resource[], name: string) => (rs.find((r) => r.name === name)?.stringSetValue ?? []).map(Number);

/** The instance's remaining resources as the placer reads them. */
export function remainingOf(doc: InstanceDoc): CandidateInstance["remaining"] {
  const rs = doc.remainingResources;
  return { cpu: integer(rs, "CPU"), memory: integer(rs, "MEMORY"), ports: strings(rs, "PORTS"), portsUdp: strings(rs, "PORTS_UDP") };
}

function withRemaining(doc: InstanceDoc, r: CandidateInstance["remaining"]): Resource[] {
  const replaced: Record<string, Resource> = {
    CPU: resource("CPU", "INTEGER", { integerValue: r.cpu }),
    MEMORY: resource("MEMORY", "INTEGER", { integerValue: r.memory }),
    PORTS: resource("PORTS", "STRINGSET", { stringSetValue: r.ports.map(String) }),
    PORTS_UDP: resource("PORTS_UDP", "STRINGSET", { stringSetValue: r.portsUdp.map(String) }),
  };
  return doc.remainingResources.map((x) => replaced[x.name] ?? x);
}

/** Remove one occurrence of each port (a port reserved twice stays reserved once). */
function without(ports: readonly number[], remove: readonly number[]): number[] {
  const out = [...ports];
  for (const p of remove) {
    const i = out.indexOf(p);
    if (i >= 0) out.splice(i, 1);
  }
  return out;
}

function counts(doc: InstanceDoc, from: CountBucket | undefined, to: CountBucket): Pick<InstanceDoc, "pendingTasksCount" | "runningTasksCount"> {
  let pending = doc.pendingTasksCount ?? 0;
  let running = doc.runningTasksCount ?? 0;
  if (from === "pending") pending--;
  if (from === "running") running--;
  if (to === "pending") pending++;
  if (to === "running") running++;
  return { pendingTasksCount: Math.max(0, pending), runningTasksCount: Math.max(0, running) };
}

const update = (record: ContainerInstanceRecord, doc: InstanceDoc): ContainerInstanceRecord => ({
  ...record,
  doc: { ...record.doc, ...doc, version: instanceDoc(record).version + 1 },
});

/** A task placed on the instance: its needs subtracted, counted pending. */
export function reserve(record: ContainerInstanceRecord, needs: ResourceNeeds): ContainerInstanceRecord {
  const doc = instanceDoc(record);
  const r = remainingOf(doc);
  const tcp = needs.hostPorts.filter((p) => p.protocol === "tcp").map((p) => p.port);
  const udp = needs.hostPorts.filter((p) => p.protocol === "udp").map((p) => p.port);
  const remaining = { cpu: r.cpu - needs.cpu, memory: r.memory - needs.memory, ports: [...r.ports, ...tcp], portsUdp: [...r.portsUdp, ...udp] };
  return update(record, { ...doc, remainingResources: withRemaining(doc, remaining), ...counts(doc, undefined, "pending") });
}

/**
 * A task of the instance moved from one count to another; reaching `stopped` gives its needs
 * back. Returns undefined when nothing changes.
 */
export function move(record: ContainerInstanceRecord, needs: ResourceNeeds, from: CountBucket, to: CountBucket): ContainerInstanceRecord | undefined {
  if (from === to) return undefined;
  const doc = instanceDoc(record);
  let remainingResources = doc.remainingResources;
  if (to === "stopped") {
    const r = remainingOf(doc);
    const tcp = needs.hostPorts.filter((p) => p.protocol === "tcp").map((p) => p.port);
    const udp = needs.hostPorts.filter((p) => p.protocol === "udp").map((p) => p.port);
    remainingResources = withRemaining(doc, {
      cpu: r.cpu + needs.cpu,
      memory: r.memory + needs.memory,
      ports: without(r.ports, tcp),
      portsUdp: without(r.portsUdp, udp),
    });
  }
  return update(record, { ...doc, remainingResources, ...counts(doc, from, to) });
}
