/**
 * One container definition: ECS's checks on it and the defaults its output fills in.
 *
 * Defaults (as real describe-task-definition output shows them): `essential: true`, `cpu: 0`,
 * empty `portMappings`, `environment`, `mountPoints`, `volumesFrom`; each port mapping gets
 * `protocol: "tcp"`, and in awsvpc/host mode `hostPort = containerPort`; a health check gets
 * `interval: 30`, `timeout: 5`, `retries: 3`.
 */
import { NAME_PATTERN } from "../arns.js";
import { clientException } from "../errors.js";
import type { ContainerDefinition, HealthCheck, NetworkMode, PortMapping } from "./types.js";

/** Container `name` and `image` present, name well-formed, names unique. Messages observed. */
export function checkContainerNames(containers: readonly ContainerDefinition[]): void {
  const seen = new Set<string>();
  for (const c of containers) {
    if (!c.name) throw clientException("Container.name should not be null or empty.");
    if (!NAME_PATTERN.test(c.name)) throw clientException("Container.name contains invalid characters.");
    if (!c.image || c.image.trim() === "") throw clientException("Container.image should not be null or empty.");
    if (seen.has(c.name)) throw clientException("Container names must be unique within a Task Definition.");
    seen.add(c.name);
  }
}

/**
 * Container memory against itself and the task. `taskMemory` is the task's MiB, if set.
 * "At least one of..." is observed; "'memory' must be greater than or equal to..." follows the
 * same prefix (unverified).
 */
export function checkContainerMemory(c: ContainerDefinition, taskMemory: number | undefined): void {
  const name = c.name!;
  if (taskMemory === undefined && c.memory === undefined && c.memoryReservation === undefined) {
    throw clientException(`Invalid setting for container '${name}'. At least one of 'memory' or 'memoryReservation' must be specified.`);
  }
  for (const key of ["memory", "memoryReservation"] as const) {
    const v = c[key];
    if (v !== undefined && v <= 0) throw clientException(`Invalid setting for container '${name}'. '${key}' must be greater than 0.`);
  }
  if (c.memory !== undefined && c.memoryReservation !== undefined && c.memory < c.memoryReservation) {
    throw clientException(`Invalid setting for container '${name}'. 'memory' must be greater than or equal to 'memoryReservation'.`);
  }
  if (c.cpu !== undefined && c.cpu < 0) throw clientException(`Invalid setting for container '${name}'. 'cpu' must not be negative.`);
}

/**
 * The task's totals: no container's hard limit above the task memory, and the reservations
 * (memoryReservation, else memory) summing to no more than the task memory; likewise container
 * cpu against task cpu. The memory messages are observed; the cpu one mirrors them (unverified).
 */
export function checkTaskTotals(containers: readonly ContainerDefinition[], taskCpu: number | undefined, taskMemory: number | undefined): void {
  if (taskMemory !== undefined) {
    if (containers.some((c) => c.memory !== undefined && c.memory > taskMemory)) {
      throw clientException("The 'memory' setting for container is greater than for the task.");
    }
    const reserved = containers.reduce((sum, c) => sum + (c.memoryReservation ?? c.memory ?? 0), 0);
    if (reserved > taskMemory) {
      throw clientException("The sum of all container 'memoryReservation' values cannot be greater than the value of the task 'memory'.");
    }
  }
  if (taskCpu !== undefined) {
    const cpu = containers.reduce((sum, c) => sum + (c.cpu ?? 0), 0);
    if (cpu > taskCpu) throw clientException("The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'.");
  }
}

/** Health-check bounds from the model's HealthCheck documentation; messages unverified. */
const HEALTH_BOUNDS: [keyof Omit<HealthCheck, "command">, number, number][] = [
  ["interval", 5, 300],
  ["timeout", 2, 120],
  ["retries", 1, 10],
  ["startPeriod", 0, 300],
];

export function normalizeHealthCheck(name: string, h: HealthCheck): HealthCheck {
  if (h.command.length === 0 || h.command.every((part) => part.trim() === "")) {
    throw clientException(`Invalid 'healthCheck' setting for container '${name}'. 'command' must not be empty.`);
  }
  for (const [key, min, max] of HEALTH_BOUNDS) {
    const v = h[key];
    if (v !== undefined && (v < min || v > max)) {
      throw clientException(`Invalid 'healthCheck' setting for container '${name}'. '${key}' must be between ${min} and ${max}.`);
    }
  }
  return { ...h, interval: h.interval ?? 30, timeout: h.timeout ?? 5, retries: h.retries ?? 3 };
}

/** Port mappings: protocol defaults to tcp; awsvpc and host tie hostPort to containerPort (observed message). */
export function normalizePortMappings(name: string, mappings: readonly PortMapping[], mode: NetworkMode): PortMapping[] {
  if (mode === "none" && mappings.length > 0) {
    throw clientException(`Invalid setting for container '${name}'. Port mappings are not supported when networkMode=none.`);
  }
  return mappings.map((p) => {
    if (p.containerPort === undefined && p.containerPortRange === undefined) {
      throw clientException(`Invalid setting for container '${name}'. A port mapping needs 'containerPort' or 'containerPortRange'.`);
    }
    for (const [key, min] of [["containerPort", 1], ["hostPort", 0]] as const) {
      const v = p[key];
      if (v !== undefined && (v < min || v > 65535)) {
        throw clientException(`Invalid setting for container '${name}'. '${key}' must be between ${min} and 65535.`);
      }
    }
    const out: PortMapping = { ...p, protocol: p.protocol ?? "tcp" };
    if ((mode === "awsvpc" || mode === "host") && p.containerPort !== undefined) {
      if (p.hostPort === undefined) out.hostPort = p.containerPort;
      else if (p.hostPort !== p.containerPort) {
        throw clientException(`When networkMode=${mode}, the host ports and container ports in port mappings must match.`);
      }
    }
    return out;
  });
}

/** The container as ECS stores and returns it: every given member verbatim, defaults filled. */
export function normalizeContainer(c: ContainerDefinition, mode: NetworkMode): ContainerDefinition {
  const name = c.name!;
  const out: ContainerDefinition = {
    ...c,
    cpu: c.cpu ?? 0,
    essential: c.essential ?? true,
    portMappings: normalizePortMappings(name, c.portMappings ?? [], mode),
    environment: c.environment ?? [],
    mountPoints: c.mountPoints ?? [],
    volumesFrom: c.volumesFrom ?? [],
  };
  if (c.healthCheck) out.healthCheck = normalizeHealthCheck(name, c.healthCheck);
  return out;
}
