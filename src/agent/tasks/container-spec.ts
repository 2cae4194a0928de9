/**
 * ECS ContainerDefinition → the runtime's ContainerSpec: a pure mapping, no Docker. The acting part
 * (`task-runner.ts`) adds nothing but the pause container's id for awsvpc tasks.
 *
 * Rule sources: the ECS API reference (ContainerDefinition members; units: memory in MiB, health
 * check times in seconds, sharedMemorySize and tmpfs size in MiB) and the ECS agent's
 * agent/api/task/task.go (dockerHostConfig: CPU shares at least 2, awslogs handled by the agent).
 */
import type { AssignedTask } from "../../agent-protocol/messages.js";
import type { ContainerDefinition, HealthCheck } from "../../services/ecs/task-definitions/types.js";
import type { ContainerSpec, HealthCheckSpec, LogConfig, NetworkMode, PortBinding, Ulimit } from "../runtime/runtime.js";
import { mountsOf, volumesFromOf } from "./volumes.js";

const MIB = 1024 * 1024;
const SECOND_NS = 1_000_000_000;
/** ECS's health-check defaults (API reference, HealthCheck). */
export const HEALTH_DEFAULTS = { interval: 30, timeout: 5, retries: 3, startPeriod: 0 } as const;
/** Docker's smallest CPU share count; the ECS agent raises 0 and 1 to it (task.go minimumCPUShare). */
export const MIN_CPU_SHARES = 2;

/** What the mapping needs besides the definition. */
export interface SpecContext {
  task: Pick<AssignedTask, "taskArn" | "networkMode" | "privateIpv4Address" | "volumes" | "cpu" | "memory">;
  /** Engine-side container name. */
  dockerName: string;
  /** berth's labels (cluster, task, container, agent); they win over the user's dockerLabels. */
  labels: Record<string, string>;
  /** Host address for bridge port bindings (the instance's loopback address). */
  hostIp: string;
  /** stopTimeout when the definition has none (the agent's configurable default). */
  defaultStopTimeoutSeconds: number;
  /** awsvpc: the id of the container holding the task's network namespace. Without one (a task of a
   * single container, see `needsPause`) the container holds the namespace itself: it publishes its
   * ports on the task's address and joins the cluster network (`extras.network`). */
  pauseContainerId?: string;
  /** From the agent's networking (network/task-networking.ts): the metadata endpoint's environment
   * and label, and for bridge the cluster network with the container's aliases. They win over the
   * definition's environment and dockerLabels. */
  extras?: { env: Record<string, string>; labels: Record<string, string>; network?: NetworkMode; dns?: string[] };
}

export function healthCheckSpec(h: HealthCheck): HealthCheckSpec {
  return {
    test: [...h.command],
    intervalNs: (h.interval ?? HEALTH_DEFAULTS.interval) * SECOND_NS,
    timeoutNs: (h.timeout ?? HEALTH_DEFAULTS.timeout) * SECOND_NS,
    retries: h.retries ?? HEALTH_DEFAULTS.retries,
    startPeriodNs: (h.startPeriod ?? HEALTH_DEFAULTS.startPeriod) * SECOND_NS,
  };
}

/** awslogs belongs to the log-ingest work; until then its containers log to json-file. */
export function logConfig(def: ContainerDefinition): LogConfig | undefined {
  const lc = def.logConfiguration;
  if (lc === undefined) return undefined;
  if (lc.logDriver === "awslogs") return { type: "json-file" };
  return lc.options === undefined ? { type: lc.logDriver } : { type: lc.logDriver, options: { ...lc.options } };
}

function ulimits(def: ContainerDefinition): Ulimit[] | undefined {
  if (def.ulimits === undefined) return undefined;
  return def.ulimits.map((u) => ({ name: String(u.name), soft: Number(u.softLimit), hard: Number(u.hardLimit) }));
}

/** linuxParameters.tmpfs: [{containerPath, size (MiB), mountOptions}] → Docker's path → "opts". */
function tmpfs(def: ContainerDefinition): Record<string, string> | undefined {
  const list = def.linuxParameters?.tmpfs;
  if (list === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const t of list) {
    const opts = [...((t.mountOptions as string[] | undefined) ?? [])];
    if (typeof t.size === "number") opts.push(`size=${t.size}m`);
    out[String(t.containerPath)] = opts.join(",");
  }
  return out;
}

function env(def: ContainerDefinition): Record<string, string> | undefined {
  if (def.environment === undefined || def.environment.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const e of def.environment) if (e.name !== undefined) out[e.name] = e.value ?? "";
  return out;
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.map(String) : undefined;
}

/** Bridge port mappings: hostPort 0 or absent → an ephemeral port; all bound on `hostIp`. */
export function bridgePorts(def: ContainerDefinition, hostIp: string): PortBinding[] {
  return (def.portMappings ?? [])
    .filter((p) => typeof p.containerPort === "number")
    .map((p) => ({ containerPort: p.containerPort!, protocol: p.protocol ?? "tcp", hostIp, hostPort: p.hostPort ?? 0 }));
}

/** awsvpc: every container's ports, published by the pause container on the task's own address at
 * the same port (in awsvpc, hostPort equals containerPort). */
export function awsvpcPorts(defs: readonly ContainerDefinition[], address: string): PortBinding[] {
  return defs.flatMap((d) =>
    (d.portMappings ?? [])
      .filter((p) => typeof p.containerPort === "number")
      .map((p) => ({ containerPort: p.containerPort!, protocol: p.protocol ?? "tcp", hostIp: address, hostPort: p.containerPort! })),
  );
}

function network(ctx: SpecContext): NetworkMode {
  switch (ctx.task.networkMode) {
    case "awsvpc":
      if (ctx.pauseContainerId !== undefined) return { kind: "container", containerId: ctx.pauseContainerId };
      if (ctx.extras?.network === undefined) throw new Error("awsvpc container spec needs the pause container's id or the task's network");
      return ctx.extras.network;
    case "host":
      return { kind: "host" };
    case "none":
      return { kind: "none" };
    case "bridge":
      return ctx.extras?.network ?? { kind: "bridge" };
  }
}

function nonEmpty<T>(list: T[]): T[] | undefined {
  return list.length > 0 ? list : undefined;
}

function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

export function containerSpec(def: ContainerDefinition, ctx: SpecContext): ContainerSpec {
  const mode = ctx.task.networkMode;
  // Docker refuses hostname, DNS and extra hosts on a container that joins another's namespace
  // ("conflicting options"); ECS refuses them in awsvpc task definitions anyway.
  const ownNamespace = mode !== "awsvpc";
  // An awsvpc task of one container holds its namespace itself (needsPause): it gets the DNS relay,
  // as a pause container does.
  const holdsNamespace = ownNamespace || ctx.pauseContainerId === undefined;
  const lp = def.linuxParameters;
  // Task-level memory bounds every container without a hard limit of its own, and task-level cpu
  // caps each container (Docker has no per-task cgroup here; each container gets the task's cap).
  const memoryMib = def.memory ?? ctx.task.memory;
  const memoryBytes = memoryMib !== undefined ? memoryMib * MIB : undefined;
  return defined({
    name: ctx.dockerName,
    image: def.image!,
    command: stringList(def.command),
    entrypoint: stringList(def.entryPoint),
    env: ctx.extras !== undefined ? { ...(env(def) ?? {}), ...ctx.extras.env } : env(def),
    workingDir: typeof def.workingDirectory === "string" ? def.workingDirectory : undefined,
    user: def.user,
    labels: { ...(def.dockerLabels ?? {}), ...ctx.labels, ...(ctx.extras?.labels ?? {}) },
    hostname: ownNamespace && typeof def.hostname === "string" ? def.hostname : undefined,
    extraHosts: ownNamespace
      ? (def.extraHosts as { hostname: string; ipAddress: string }[] | undefined)?.map((h) => ({ hostname: h.hostname, ipAddress: h.ipAddress }))
      : undefined,
    // The task definition's own dnsServers win over the agent's DNS relay (network/task-dns.ts).
    dns: holdsNamespace ? (stringList(def.dnsServers) ?? ctx.extras?.dns) : undefined,
    ulimits: ulimits(def),
    init: lp?.initProcessEnabled,
    capAdd: lp?.capabilities?.add,
    capDrop: lp?.capabilities?.drop,
    shmSizeBytes: lp?.sharedMemorySize !== undefined ? lp.sharedMemorySize * MIB : undefined,
    tmpfs: tmpfs(def),
    readonlyRootfs: typeof def.readonlyRootFilesystem === "boolean" ? def.readonlyRootFilesystem : undefined,
    privileged: def.privileged,
    tty: def.pseudoTerminal,
    openStdin: def.interactive,
    cpuShares: Math.max(def.cpu ?? 0, MIN_CPU_SHARES),
    nanoCpus: ctx.task.cpu !== undefined ? Math.round((ctx.task.cpu / 1024) * 1e9) : undefined,
    memoryBytes,
    memorySwapBytes:
      memoryBytes !== undefined && lp?.maxSwap !== undefined ? memoryBytes + lp.maxSwap * MIB : undefined,
    memoryReservationBytes: def.memoryReservation !== undefined ? def.memoryReservation * MIB : undefined,
    healthcheck: def.healthCheck ? healthCheckSpec(def.healthCheck) : undefined,
    stopTimeoutSeconds: def.stopTimeout ?? ctx.defaultStopTimeoutSeconds,
    ports:
      mode === "bridge"
        ? bridgePorts(def, ctx.hostIp)
        : mode === "awsvpc" && ctx.pauseContainerId === undefined
          ? nonEmpty(awsvpcPorts([def], ctx.task.privateIpv4Address ?? ctx.hostIp))
          : undefined,
    network: network(ctx),
    mounts: nonEmpty(mountsOf(def, ctx.task)),
    volumesFrom: nonEmpty(volumesFromOf(def, ctx.task)),
    logConfig: logConfig(def),
  });
}

/**
 * Does an awsvpc task need a pause container? Only to share one network namespace between several
 * containers that each may stop on their own. A task of one container holds its namespace itself,
 * which saves an engine create and start per task (what ECS users see is the same: the task's
 * address, its ports there, its aliases on the cluster network; the namespace ends with the task).
 */
export function needsPause(defs: readonly ContainerDefinition[]): boolean {
  return defs.length > 1;
}

/**
 * awsvpc's pause container: holds the task's network namespace and publishes every container's
 * ports on the task's own loopback address. It runs `sleep` from the task's first image (busybox
 * style); Docker's init is PID 1 so SIGTERM ends it at once.
 */
export function pauseSpec(
  defs: readonly ContainerDefinition[],
  ctx: { dockerName: string; labels: Record<string, string>; address: string; network?: NetworkMode; dns?: string[] },
): ContainerSpec {
  return {
    name: ctx.dockerName,
    image: defs[0]!.image!,
    entrypoint: ["sleep"],
    command: ["2147483647"],
    init: true,
    labels: { ...ctx.labels },
    stopTimeoutSeconds: 1,
    ports: awsvpcPorts(defs, ctx.address),
    network: ctx.network ?? { kind: "bridge" },
    // The task's containers share the pause container's resolver (Docker refuses --dns on --network container:).
    ...(ctx.dns !== undefined && { dns: ctx.dns }),
  };
}
