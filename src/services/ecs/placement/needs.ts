/**
 * What a task reserves on an EC2 instance, computed from its task definition as ECS does:
 * - CPU: the task-level `cpu` if set, else the sum of container `cpu` (absent counts 0).
 *   "cpu 512, containers 100+100" → 512; "no task cpu, containers 100+0" → 100.
 * - Memory: the task-level `memory` if set, else per container `memoryReservation` when given
 *   (the soft limit is what ECS subtracts), otherwise `memory`.
 *   "containers {memory 512, reservation 128} + {memory 256}" → 128 + 256 = 384.
 * - Ports: every fixed `hostPort` (> 0) per protocol. Dynamic ports (`hostPort` 0 or absent in bridge
 *   mode) reserve nothing up front; awsvpc tasks bind on their own ENI, so they reserve no host port.
 */
import type { HostPort, ResourceNeeds } from "./types.js";

export interface TaskDefinitionResources {
  networkMode?: "bridge" | "host" | "awsvpc" | "none";
  cpu?: string;
  memory?: string;
  containerDefinitions: readonly {
    cpu?: number;
    memory?: number;
    memoryReservation?: number;
    portMappings?: readonly { containerPort?: number; hostPort?: number; protocol?: "tcp" | "udp" }[];
  }[];
}

/** "1024" → 1024, "1 vCPU" → 1024, "0.5 vcpu" → 512; undefined when absent or unreadable. */
export function parseTaskCpu(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(vcpu)?\s*$/i.exec(value);
  if (!m) return undefined;
  return m[2] ? Math.round(Number(m[1]) * 1024) : Number(m[1]);
}

/** "2048" → 2048, "2GB" / "2 gb" → 2048 (MiB); undefined when absent or unreadable. */
export function parseTaskMemory(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(gb)?\s*$/i.exec(value);
  if (!m) return undefined;
  return m[2] ? Math.round(Number(m[1]) * 1024) : Number(m[1]);
}

export function taskResourceNeeds(td: TaskDefinitionResources): ResourceNeeds {
  const containers = td.containerDefinitions;
  const cpu = parseTaskCpu(td.cpu) ?? containers.reduce((sum, c) => sum + (c.cpu ?? 0), 0);
  const memory = parseTaskMemory(td.memory) ?? containers.reduce((sum, c) => sum + (c.memoryReservation ?? c.memory ?? 0), 0);
  const hostPorts: HostPort[] = [];
  if (td.networkMode !== "awsvpc") {
    for (const c of containers) {
      for (const p of c.portMappings ?? []) {
        // host mode ties hostPort to containerPort (normalisation fills it in; be safe if it didn't).
        const port = p.hostPort ?? (td.networkMode === "host" ? p.containerPort : undefined);
        if (port !== undefined && port > 0) hostPorts.push({ port, protocol: p.protocol ?? "tcp" });
      }
    }
  }
  return { cpu, memory, hostPorts };
}
