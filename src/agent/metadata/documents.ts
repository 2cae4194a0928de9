/**
 * The task metadata endpoint's JSON documents, v4 and v3, built from what the agent knows of a task
 * (KnownTask) and what the engine says of its containers (inspect): a pure function each.
 *
 * Shapes: the ECS Developer Guide's "task metadata v4 JSON response" and examples, and the ECS
 * agent's agent/handlers/v4 and v2 response types. Container Limits.CPU is the container's CPU units,
 * task Limits.CPU is vCPUs (units / 1024); memory in MiB. Times are RFC 3339 in UTC. Fields berth has
 * no value for (VPCID, MACAddress, ServiceName, ...) are left out, as the ECS agent omits empty ones.
 */
import type { ContainerState } from "../runtime/runtime.js";
import type { KnownContainer, KnownTask } from "../tasks/task-state.js";

export interface TaskTags {
  taskTags: { key: string; value?: string }[];
  containerInstanceTags: { key: string; value?: string }[];
}

export interface MetadataFacts {
  task: KnownTask;
  /** Inspect results by container name (absent when not created yet, or removed). */
  inspected: ReadonlyMap<string, ContainerState>;
  /** The Docker network the task's containers (or its pause container) are on. */
  networkName?: string;
  /** The pause container's state (awsvpc). */
  pause?: ContainerState;
  /** The cluster network's subnet and gateway (bridge, awsvpc). */
  subnet?: string;
  gateway?: string;
  /** Where host-mode containers are (the instance's loopback address). */
  hostIp: string;
  region?: string;
}

type Json = Record<string, unknown>;

function defined(o: Json): Json {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

const time = (d: Date | undefined): string | undefined => d?.toISOString();

function revision(taskDefinitionArn: string): string {
  return taskDefinitionArn.slice(taskDefinitionArn.lastIndexOf(":") + 1);
}

/** ECS's known status for a container: the lifecycle's (PENDING, RUNNING, STOPPED). */
function containerDesired(t: KnownTask): string {
  return t.desiredStatus === "STOPPED" ? "STOPPED" : "RUNNING";
}

function privateDnsName(address: string, region: string | undefined): string {
  return `ip-${address.replace(/\./g, "-")}.${region === undefined || region === "us-east-1" ? "ec2.internal" : `${region}.compute.internal`}`;
}

function networks(f: MetadataFacts, c: KnownContainer, version: 3 | 4): Json[] {
  const a = f.task.assigned;
  switch (a.networkMode) {
    case "awsvpc": {
      const address = a.privateIpv4Address ?? "";
      const base: Json = { NetworkMode: "awsvpc", IPv4Addresses: address ? [address] : [] };
      if (version === 3) return [base];
      return [
        defined({
          ...base,
          AttachmentIndex: 0,
          IPv4SubnetCIDRBlock: "127.0.0.0/8",
          PrivateDNSName: address ? privateDnsName(address, f.region) : undefined,
        }),
      ];
    }
    case "bridge": {
      const ip = f.networkName !== undefined ? f.inspected.get(c.name)?.ipAddresses[f.networkName] : undefined;
      const base: Json = { NetworkMode: "bridge", IPv4Addresses: ip ? [ip] : [] };
      return version === 3 ? [base] : [defined({ ...base, IPv4SubnetCIDRBlock: f.subnet, SubnetGatewayIpv4Address: f.gateway && f.subnet ? `${f.gateway}/${f.subnet.split("/")[1]}` : undefined })];
    }
    case "host":
      return [{ NetworkMode: "host", IPv4Addresses: [f.hostIp] }];
    case "none":
      return [{ NetworkMode: "none", IPv4Addresses: [] }];
  }
}

function ports(f: MetadataFacts, c: KnownContainer): Json[] | undefined {
  const a = f.task.assigned;
  if (a.networkMode === "awsvpc") {
    const list = (c.def.portMappings ?? []).filter((p) => typeof p.containerPort === "number");
    if (list.length === 0) return undefined;
    return list.map((p) => ({ ContainerPort: p.containerPort, Protocol: p.protocol ?? "tcp", HostPort: p.containerPort, HostIp: a.privateIpv4Address }));
  }
  if (c.networkBindings.length === 0) return undefined;
  return c.networkBindings.map((b) => ({ ContainerPort: b.containerPort, Protocol: b.protocol, HostPort: b.hostPort, HostIp: b.bindIP }));
}

/** `${ECS_CONTAINER_METADATA_URI_V4}` (and v3's): one container. */
export function containerDocument(f: MetadataFacts, name: string, version: 3 | 4): Json | undefined {
  const c = f.task.containers.find((k) => k.name === name);
  if (c === undefined) return undefined;
  const s = f.inspected.get(name);
  const assignedContainer = f.task.assigned.containers.find((k) => (k.definition as { name?: string }).name === name);
  const log = c.def.logConfiguration;
  const doc: Json = {
    DockerId: c.runtimeId ?? s?.id ?? "",
    Name: c.name,
    DockerName: s?.name ?? "",
    Image: c.def.image ?? "",
    ImageID: s?.imageId ?? "",
    Ports: ports(f, c),
    Labels: s !== undefined && Object.keys(s.labels).length > 0 ? { ...s.labels } : undefined,
    DesiredStatus: containerDesired(f.task),
    KnownStatus: c.lastStatus,
    ExitCode: c.exitCode,
    Limits: defined({ CPU: c.def.cpu ?? 0, Memory: c.def.memory }),
    CreatedAt: time(s?.createdAt),
    StartedAt: time(c.startedAt),
    FinishedAt: time(c.finishedAt),
    Type: "NORMAL",
  };
  if (version === 4) {
    Object.assign(doc, {
      LogDriver: log?.logDriver,
      LogOptions: log?.options !== undefined ? { ...log.options } : undefined,
      ContainerARN: (assignedContainer as { containerArn?: string } | undefined)?.containerArn,
      Health: c.def.healthCheck !== undefined ? { status: c.healthStatus } : undefined,
    });
  }
  doc.Networks = networks(f, c, version);
  return defined(doc);
}

/** `/task` (and `/taskWithTags` with `tags`): the task and all its containers. */
export function taskDocument(f: MetadataFacts, version: 3 | 4, tags?: TaskTags): Json {
  const t = f.task;
  const a = t.assigned;
  const limits =
    a.cpu !== undefined || a.memory !== undefined ? defined({ CPU: a.cpu !== undefined ? a.cpu / 1024 : undefined, Memory: a.memory }) : undefined;
  const extra = a as { availabilityZone?: string; launchType?: string };
  const doc: Json = {
    Cluster: a.clusterArn,
    TaskARN: a.taskArn,
    Family: a.family,
    Revision: revision(a.taskDefinitionArn),
    DesiredStatus: t.desiredStatus,
    KnownStatus: t.lastStatus,
    Limits: limits,
    PullStartedAt: time(t.pullStartedAt),
    PullStoppedAt: time(t.pullStoppedAt),
    ExecutionStoppedAt: time(t.executionStoppedAt),
    AvailabilityZone: extra.availabilityZone,
  };
  if (version === 4) {
    doc.LaunchType = extra.launchType;
    if (tags !== undefined) {
      doc.TaskTags = Object.fromEntries(tags.taskTags.map((x) => [x.key, x.value ?? ""]));
      doc.ContainerInstanceTags = Object.fromEntries(tags.containerInstanceTags.map((x) => [x.key, x.value ?? ""]));
    }
  }
  doc.Containers = t.containers.map((c) => containerDocument(f, c.name, version)!);
  return defined(doc);
}

/** The network counters of one stats sample, summed over interfaces, with the sample's time. */
export interface NetworkSample {
  at: number;
  rx: number;
  tx: number;
}

export function networkSample(stats: Record<string, unknown>): NetworkSample | undefined {
  const nets = stats.networks as Record<string, { rx_bytes?: number; tx_bytes?: number }> | undefined;
  const at = Date.parse(String(stats.read ?? ""));
  if (nets === undefined || Number.isNaN(at)) return undefined;
  let rx = 0;
  let tx = 0;
  for (const n of Object.values(nets)) {
    rx += n.rx_bytes ?? 0;
    tx += n.tx_bytes ?? 0;
  }
  return { at, rx, tx };
}

/**
 * `/stats`: Docker's stats JSON; v4 adds `network_rate_stats`, bytes per second since the previous
 * sample the endpoint took of the same container (left out for the first sample: no rate yet).
 */
export function statsDocument(stats: Record<string, unknown>, version: 3 | 4, previous?: NetworkSample): Record<string, unknown> {
  if (version === 3) return stats;
  const now = networkSample(stats);
  if (now === undefined || previous === undefined || now.at <= previous.at) return stats;
  const seconds = (now.at - previous.at) / 1000;
  return {
    ...stats,
    network_rate_stats: {
      rx_bytes_per_sec: Math.max(0, (now.rx - previous.rx) / seconds),
      tx_bytes_per_sec: Math.max(0, (now.tx - previous.tx) / seconds),
    },
  };
}
