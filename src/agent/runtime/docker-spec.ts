/** Maps a `ContainerSpec` to Docker's container-create body. */
import type { ContainerCreateOptions } from "dockerode";
import type { ContainerSpec, NetworkMode } from "./runtime.js";

export function portKey(containerPort: number, protocol: string | undefined): string {
  return `${containerPort}/${protocol ?? "tcp"}`;
}

function networkModeString(n: NetworkMode | undefined): string {
  if (!n) return "bridge";
  switch (n.kind) {
    case "bridge":
    case "host":
    case "none":
      return n.kind;
    case "container":
      return `container:${n.containerId}`;
    case "network":
      return n.name;
  }
}

function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

export function toCreateOptions(spec: ContainerSpec): ContainerCreateOptions {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of spec.ports ?? []) {
    const key = portKey(p.containerPort, p.protocol);
    exposed[key] = {};
    (bindings[key] ??= []).push({
      HostIp: p.hostIp ?? "127.0.0.1",
      HostPort: p.hostPort ? String(p.hostPort) : "",
    });
  }
  const hc = spec.healthcheck;
  const net = spec.network;
  return defined({
    name: spec.name,
    Image: spec.image,
    Cmd: spec.command,
    Entrypoint: spec.entrypoint,
    Env: spec.env ? Object.entries(spec.env).map(([k, v]) => `${k}=${v}`) : undefined,
    WorkingDir: spec.workingDir,
    User: spec.user,
    Tty: spec.tty,
    OpenStdin: spec.openStdin,
    Labels: spec.labels,
    Hostname: spec.hostname,
    ExposedPorts: spec.ports?.length ? exposed : undefined,
    Healthcheck: hc
      ? defined({
          Test: hc.test,
          Interval: hc.intervalNs,
          Timeout: hc.timeoutNs,
          Retries: hc.retries,
          StartPeriod: hc.startPeriodNs,
        })
      : undefined,
    StopSignal: spec.stopSignal,
    StopTimeout: spec.stopTimeoutSeconds,
    HostConfig: defined({
      ExtraHosts: spec.extraHosts?.map((h) => `${h.hostname}:${h.ipAddress}`),
      Dns: spec.dns,
      Ulimits: spec.ulimits?.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })),
      Init: spec.init,
      CapAdd: spec.capAdd,
      CapDrop: spec.capDrop,
      ShmSize: spec.shmSizeBytes,
      Tmpfs: spec.tmpfs,
      ReadonlyRootfs: spec.readonlyRootfs,
      Privileged: spec.privileged,
      CpuShares: spec.cpuShares,
      NanoCpus: spec.nanoCpus,
      Memory: spec.memoryBytes,
      MemorySwap: spec.memorySwapBytes,
      MemoryReservation: spec.memoryReservationBytes,
      PortBindings: spec.ports?.length ? bindings : undefined,
      NetworkMode: networkModeString(net),
      Mounts: spec.mounts?.map((m) => ({
        Type: m.kind,
        Source: m.source,
        Target: m.target,
        ReadOnly: m.readOnly ?? false,
      })),
      VolumesFrom: spec.volumesFrom,
      LogConfig: spec.logConfig ? { Type: spec.logConfig.type, Config: spec.logConfig.options ?? {} } : undefined,
    }),
    NetworkingConfig:
      net?.kind === "network" ? { EndpointsConfig: { [net.name]: { Aliases: net.aliases ?? [] } } } : undefined,
  }) as ContainerCreateOptions;
}
