/**
 * ECS's Resource shape as DescribeContainerInstances shows it: every member present, the unused
 * numbers 0 (`{name: "CPU", type: "INTEGER", doubleValue: 0, longValue: 0, integerValue: 2048}`),
 * and STRINGSET resources listing their strings (PORTS: the reserved and bound host ports).
 */
import type { AgentResources } from "../../../agent-protocol/messages.js";
import { invalidParameter } from "../errors.js";
import type { Resource } from "../types.js";

const RESOURCE_TYPES = ["INTEGER", "DOUBLE", "LONG", "STRINGSET"];
/** The resources berth's placement reads; an instance always shows these four. */
const STANDARD: Resource[] = [
  { name: "CPU", type: "INTEGER" },
  { name: "MEMORY", type: "INTEGER" },
  { name: "PORTS", type: "STRINGSET" },
  { name: "PORTS_UDP", type: "STRINGSET" },
];

/** A resource with ECS's zero-filled members. */
export function resource(name: string, type: string, value: { integerValue?: number; longValue?: number; doubleValue?: number; stringSetValue?: string[] }): Resource {
  const r: Resource = { name, type, doubleValue: value.doubleValue ?? 0, longValue: value.longValue ?? 0, integerValue: value.integerValue ?? 0 };
  if (type === "STRINGSET") r.stringSetValue = value.stringSetValue ?? [];
  return r;
}

const ports = (list: number[]) => [...new Set(list)].map(String);

/** The resources an agent reports, in ECS's order. */
export function resourcesFromAgent(r: AgentResources): Resource[] {
  if (!Number.isInteger(r.cpu) || r.cpu < 0) throw invalidParameter("resources.cpu must be a non-negative integer (CPU units, 1024 per core).");
  if (!Number.isInteger(r.memory) || r.memory < 0) throw invalidParameter("resources.memory must be a non-negative integer (MiB).");
  for (const p of [...r.reservedPorts, ...r.reservedPortsUdp]) {
    if (!Number.isInteger(p) || p < 1 || p > 65535) throw invalidParameter(`Reserved port ${p} is not a port number between 1 and 65535.`);
  }
  return [
    resource("CPU", "INTEGER", { integerValue: r.cpu }),
    resource("MEMORY", "INTEGER", { integerValue: r.memory }),
    resource("PORTS", "STRINGSET", { stringSetValue: ports(r.reservedPorts) }),
    resource("PORTS_UDP", "STRINGSET", { stringSetValue: ports(r.reservedPortsUdp) }),
  ];
}

/**
 * RegisterContainerInstance's `totalResources`: names unique, types ECS knows, CPU and MEMORY
 * INTEGERs that are not negative. Standard resources it leaves out are registered as 0 / empty.
 */
export function resourcesFromWire(input: Partial<Resource>[] | undefined): Resource[] {
  const seen = new Map<string, Resource>();
  for (const r of input ?? []) {
    if (!r.name) throw invalidParameter("Resource name cannot be empty.");
    if (seen.has(r.name)) throw invalidParameter(`Duplicate resource name: ${r.name}`);
    const type = r.type ?? "INTEGER";
    if (!RESOURCE_TYPES.includes(type)) throw invalidParameter(`Invalid type '${type}' for resource ${r.name}: use one of ${RESOURCE_TYPES.join(", ")}.`);
    const std = STANDARD.find((s) => s.name === r.name);
    if (std && std.type !== type) throw invalidParameter(`Resource ${r.name} must have type ${std.type}.`);
    if (type === "INTEGER" && (r.integerValue ?? 0) < 0) throw invalidParameter(`Resource ${r.name} cannot be negative.`);
    seen.set(r.name, resource(r.name, type, r));
  }
  const out = STANDARD.map((s) => seen.get(s.name) ?? resource(s.name, s.type, {}));
  for (const [name, r] of seen) if (!STANDARD.some((s) => s.name === name)) out.push(r);
  return out;
}
