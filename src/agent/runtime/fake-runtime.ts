/**
 * An in-memory `ContainerRuntime` for fast controller tests. Containers move through
 * created → running → exited when told (`exit`, `setHealth`), or by a `FakeBehaviour` that plays
 * the part of the container's process; every change is emitted as Docker would, asynchronously.
 * Errors carry Docker's messages so the code above can't tell the difference.
 */
import {
  RuntimeError,
  type ContainerEvent,
  type ContainerRuntime,
  type ContainerSpec,
  type ContainerState,
  type ContainerStats,
  type ContainerSummary,
  type EngineInfo,
  type HealthStatus,
  type LogLine,
  type NetworkSpec,
  type NetworkState,
  type PublishedPort,
  type PullProgress,
  type Subscription,
  type VolumeSpec,
} from "./runtime.js";

/** How fake containers behave by themselves; the default: run until stopped, exit 143 on stop. */
export interface FakeBehaviour {
  /** At start: return an exit for a container that ends by itself (soon after its start event). */
  onStart?(spec: ContainerSpec): { exitCode: number; oom?: boolean; oomAfterDie?: boolean } | undefined;
  /** The exit code when stopped. Default 143 (SIGTERM honoured). */
  onStop?(spec: ContainerSpec): number;
  /** For a spec with a health check: the status it reaches after starting; default none (stays "starting"). */
  healthAfterStart?(spec: ContainerSpec): "healthy" | "unhealthy" | undefined;
  /** Lines the container writes when it starts. */
  output?(spec: ContainerSpec): { stream: "stdout" | "stderr"; line: string }[];
}

export interface FakeRuntimeOptions {
  /** Images present from the start. */
  images?: string[];
  /** Images a pull would find. */
  pullable?: string[];
  behaviour?: FakeBehaviour;
  info?: EngineInfo;
}

interface FakeContainer {
  id: string;
  name: string;
  spec: ContainerSpec;
  imageId: string;
  status: "created" | "running" | "exited";
  createdAt: Date;
  exitCode: number;
  oomKilled: boolean;
  startedAt?: Date;
  finishedAt?: Date;
  health: HealthStatus;
  ports: PublishedPort[];
  ip: string;
  logs: LogLine[];
}

/** Docker's normal form for our purposes: a tag defaults to "latest". */
export function normalizeRef(ref: string): string {
  if (ref.includes("@")) return ref;
  const lastSlash = ref.lastIndexOf("/");
  return ref.slice(lastSlash + 1).includes(":") ? ref : `${ref}:latest`;
}

function repoOf(ref: string): string {
  const at = ref.indexOf("@");
  if (at >= 0) return ref.slice(0, at);
  const lastSlash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  return colon > lastSlash ? ref.slice(0, colon) : ref;
}

function hexId(n: number, salt: string): string {
  let h = 0x811c9dc5 ^ n;
  let out = "";
  const seed = `${salt}:${n}`;
  while (out.length < 64) {
    for (const ch of seed + out.length) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
    out += h.toString(16).padStart(8, "0");
  }
  return out.slice(0, 64);
}

export class FakeRuntime implements ContainerRuntime {
  private readonly images = new Map<string, string>(); // normalized ref → image id
  private readonly pullable: Set<string>;
  private readonly containers = new Map<string, FakeContainer>();
  readonly volumes = new Map<string, VolumeSpec>();
  private readonly networks = new Map<string, { id: string; labels: Record<string, string>; subnet: string; gateway: string }>();
  private networkSeq = 0;
  private readonly subscribers = new Set<{ filter: Record<string, string>; onEvent: (e: ContainerEvent) => void }>();
  private readonly behaviour: FakeBehaviour;
  private readonly engineInfo: EngineInfo;
  private seq = 0;
  private nextPort = 49153;

  constructor(opts: FakeRuntimeOptions = {}) {
    for (const i of opts.images ?? []) this.addImage(i);
    this.pullable = new Set((opts.pullable ?? []).map(normalizeRef));
    this.behaviour = opts.behaviour ?? {};
    this.engineInfo = opts.info ?? { cpus: 2, memoryBytes: 4 * 1024 ** 3, version: "fake", architecture: "x86_64", os: "linux" };
  }

  /** Makes an image present, as if built or loaded. */
  addImage(ref: string): void {
    this.images.set(normalizeRef(ref), `sha256:${hexId(this.seq++, ref)}`);
  }

  async info(): Promise<EngineInfo> {
    return { ...this.engineInfo };
  }

  async ensureImage(ref: string, onProgress?: (p: PullProgress) => void): Promise<void> {
    const n = normalizeRef(ref);
    if (this.images.has(n)) return;
    if (!this.pullable.has(n)) {
      throw new RuntimeError(
        "pull",
        `pull access denied for ${repoOf(ref)}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`,
        404,
      );
    }
    onProgress?.({ status: `Pulling from ${repoOf(ref)}` });
    this.addImage(ref);
    onProgress?.({ status: `Status: Downloaded newer image for ${n}` });
  }

  async imageDigest(ref: string): Promise<string> {
    const id = this.images.get(normalizeRef(ref));
    if (!id) throw new RuntimeError("not-found", `No such image: ${ref}`, 404);
    return id;
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    const imageId = this.images.get(normalizeRef(spec.image));
    if (!imageId) throw new RuntimeError("create", `No such image: ${spec.image}`, 404);
    const id = hexId(this.seq++, "container");
    const name = spec.name ?? `fake_${id.slice(0, 8)}`;
    const clash = [...this.containers.values()].find((c) => c.name === name);
    if (clash) {
      throw new RuntimeError(
        "create",
        `Conflict. The container name "/${name}" is already in use by container "${clash.id}". You have to remove (or rename) that container to be able to reuse that name.`,
        409,
      );
    }
    const net = spec.network;
    if (net?.kind === "network" && !this.findNetwork(net.name)) {
      throw new RuntimeError("create", `network ${net.name} not found`, 404);
    }
    const c: FakeContainer = {
      id,
      name,
      spec: structuredClone(spec),
      imageId,
      status: "created",
      createdAt: new Date(),
      exitCode: 0,
      oomKilled: false,
      health: "none",
      ports: [],
      ip: "",
      logs: [],
    };
    this.containers.set(id, c);
    this.emit(c, { kind: "create" });
    return id;
  }

  async startContainer(id: string): Promise<void> {
    const c = this.get(id, "start");
    if (c.status === "running") return;
    const wanted = c.spec.network;
    if (wanted?.kind === "network" && !this.findNetwork(wanted.name)) throw new RuntimeError("start", `network ${wanted.name} not found`, 404);
    c.status = "running";
    c.startedAt = new Date();
    c.finishedAt = undefined;
    c.exitCode = 0;
    c.oomKilled = false;
    c.health = c.spec.healthcheck && c.spec.healthcheck.test[0] !== "NONE" ? "starting" : "none";
    const mode = c.spec.network?.kind ?? "bridge";
    const net = c.spec.network?.kind === "network" ? this.networks.get(this.findNetwork(c.spec.network.name) ?? "") : undefined;
    const prefix = net ? net.gateway.slice(0, net.gateway.lastIndexOf(".")) : "172.17.0";
    c.ip = mode === "bridge" || mode === "network" ? `${prefix}.${2 + (this.seq++ % 250)}` : "";
    c.ports =
      mode === "bridge" || mode === "network"
        ? (c.spec.ports ?? []).map((p) => ({
            containerPort: p.containerPort,
            protocol: p.protocol ?? "tcp",
            hostIp: p.hostIp ?? "127.0.0.1",
            hostPort: p.hostPort ? p.hostPort : this.nextPort++,
          }))
        : [];
    for (const o of this.behaviour.output?.(c.spec) ?? []) c.logs.push({ ...o, timestamp: new Date() });
    this.emit(c, { kind: "start" });
    const health = c.health === "starting" ? this.behaviour.healthAfterStart?.(c.spec) : undefined;
    if (health) setImmediate(() => this.setHealth(id, health));
    const exit = this.behaviour.onStart?.(c.spec);
    if (exit) setImmediate(() => c.status === "running" && this.exit(id, exit.exitCode, { oom: exit.oom, oomAfterDie: exit.oomAfterDie }));
  }

  async stopContainer(id: string, _timeoutSeconds: number): Promise<void> {
    const c = this.get(id, "engine");
    if (c.status !== "running") return;
    this.exit(id, this.behaviour.onStop?.(c.spec) ?? 143);
  }

  async removeContainer(id: string): Promise<void> {
    const c = this.find(id);
    if (!c) return;
    if (c.status === "running") this.exit(c.id, 137);
    this.containers.delete(c.id);
    this.emit(c, { kind: "destroy" });
  }

  async inspectContainer(id: string): Promise<ContainerState> {
    const c = this.get(id, "engine");
    const ipAddresses: Record<string, string> = {};
    const net = c.spec.network;
    const netName = !net || net.kind === "bridge" ? "bridge" : net.kind === "network" ? net.name : net.kind === "host" ? "host" : net.kind === "none" ? "none" : undefined;
    if (netName) ipAddresses[netName] = c.status === "running" ? c.ip : "";
    return {
      id: c.id,
      name: c.name,
      image: c.spec.image,
      imageId: c.imageId,
      imageDigest: c.imageId,
      status: c.status,
      running: c.status === "running",
      exitCode: c.exitCode,
      oomKilled: c.oomKilled,
      startedAt: c.startedAt,
      finishedAt: c.finishedAt,
      health: c.health,
      createdAt: c.createdAt,
      ipAddresses,
      ports: c.status === "running" ? c.ports.map((p) => ({ ...p })) : [],
      labels: { ...(c.spec.labels ?? {}) },
    };
  }

  async listContainers(labelFilter: Record<string, string>): Promise<ContainerSummary[]> {
    return [...this.containers.values()]
      .filter((c) => matches(c.spec.labels ?? {}, labelFilter))
      .map((c) => ({ id: c.id, name: c.name, image: c.spec.image, status: c.status, labels: { ...(c.spec.labels ?? {}) } }));
  }

  events(labelFilter: Record<string, string>, onEvent: (e: ContainerEvent) => void): Subscription {
    const sub = { filter: { ...labelFilter }, onEvent };
    this.subscribers.add(sub);
    return { ready: Promise.resolve(), close: () => void this.subscribers.delete(sub) };
  }

  async ensureNetwork(spec: NetworkSpec): Promise<string> {
    const existing = this.networks.get(spec.name);
    if (existing) return existing.id;
    const id = hexId(this.seq++, "network");
    // Fake networks sit on loopback subnets, so a server the code under test runs on a gateway
    // address (the metadata endpoint) really listens.
    const n = 240 + (this.networkSeq++ % 15);
    this.networks.set(spec.name, { id, labels: { ...(spec.labels ?? {}) }, subnet: `127.${n}.0.0/16`, gateway: `127.${n}.0.1` });
    return id;
  }

  /** As Docker: only running containers (active endpoints) keep a network from being removed. */
  async removeNetwork(nameOrId: string): Promise<void> {
    const name = this.findNetwork(nameOrId);
    if (!name) return;
    const inUse = [...this.containers.values()].some((c) => c.status === "running" && this.onNetwork(c, name));
    if (inUse) throw new RuntimeError("engine", `error while removing network: network ${name} id ${this.networks.get(name)!.id} has active endpoints`, 403);
    this.networks.delete(name);
  }

  async ensureVolume(spec: VolumeSpec): Promise<void> {
    if (!this.volumes.has(spec.name)) this.volumes.set(spec.name, { ...spec, labels: { ...(spec.labels ?? {}) } });
  }

  async removeVolumes(labelFilter: Record<string, string>): Promise<string[]> {
    const removed: string[] = [];
    for (const [name, v] of this.volumes) {
      const inUse = [...this.containers.values()].some((c) => c.spec.mounts?.some((m) => m.kind === "volume" && m.source === name));
      if (!inUse && Object.entries(labelFilter).every(([k, val]) => v.labels?.[k] === val)) {
        this.volumes.delete(name);
        removed.push(name);
      }
    }
    return removed;
  }

  async inspectNetwork(nameOrId: string): Promise<NetworkState> {
    const name = this.findNetwork(nameOrId);
    if (!name) throw new RuntimeError("not-found", `network ${nameOrId} not found`, 404);
    return this.networkState(name);
  }

  async listNetworks(labelFilter: Record<string, string>): Promise<NetworkState[]> {
    return [...this.networks.entries()].filter(([, n]) => matches(n.labels, labelFilter)).map(([name]) => this.networkState(name));
  }

  async networkContainers(name: string): Promise<ContainerSummary[]> {
    return [...this.containers.values()]
      .filter((c) => this.onNetwork(c, name))
      .map((c) => ({ id: c.id, name: c.name, image: c.spec.image, status: c.status, labels: { ...(c.spec.labels ?? {}) } }));
  }

  async stats(id: string): Promise<ContainerStats> {
    const c = this.get(id, "engine");
    const now = new Date();
    const running = c.status === "running";
    return {
      read: running ? now.toISOString() : "0001-01-01T00:00:00Z",
      preread: running ? new Date(now.getTime() - 1000).toISOString() : "0001-01-01T00:00:00Z",
      name: `/${c.name}`,
      id: c.id,
      num_procs: 0,
      pids_stats: running ? { current: 1 } : {},
      cpu_stats: { cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 }, system_cpu_usage: 0, online_cpus: this.engineInfo.cpus, throttling_data: {} },
      precpu_stats: { cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 }, throttling_data: {} },
      memory_stats: running ? { usage: 0, limit: c.spec.memoryBytes ?? this.engineInfo.memoryBytes, stats: {} } : {},
      blkio_stats: {},
      storage_stats: {},
      ...(running && c.ip ? { networks: { eth0: { rx_bytes: 0, rx_packets: 0, rx_errors: 0, rx_dropped: 0, tx_bytes: 0, tx_packets: 0, tx_errors: 0, tx_dropped: 0 } } } : {}),
    };
  }

  async *logs(id: string, options: { since?: Date; follow?: boolean } = {}): AsyncIterable<LogLine> {
    const c = this.get(id, "engine");
    for (const l of c.logs) if (!options.since || l.timestamp >= options.since) yield { ...l };
  }

  // ---- controls ----

  /**
   * The container's process ends with `code` (with `oom`, as the kernel's OOM killer ends it; the
   * "oom" event comes before "die", or after it with `oomAfterDie`, as a loaded engine may send them).
   */
  exit(id: string, code: number, opts: { oom?: boolean; oomAfterDie?: boolean } = {}): void {
    const c = this.get(id, "engine");
    if (c.status !== "running") throw new Error(`fake container ${id} is ${c.status}, not running`);
    c.status = "exited";
    c.exitCode = code;
    c.oomKilled = opts.oom ?? false;
    c.finishedAt = new Date();
    if (c.health !== "none") c.health = "unhealthy";
    if (c.oomKilled && !opts.oomAfterDie) this.emit(c, { kind: "oom" });
    this.emit(c, { kind: "die", exitCode: code });
    if (c.oomKilled && opts.oomAfterDie) this.emit(c, { kind: "oom" });
  }

  /** The health check now reports `health`. */
  setHealth(id: string, health: "healthy" | "unhealthy"): void {
    const c = this.get(id, "engine");
    if (c.status !== "running" || c.health === "none") return;
    c.health = health;
    this.emit(c, { kind: "health_status", health });
  }

  /** Appends a log line, as the process would write it. */
  write(id: string, stream: "stdout" | "stderr", line: string): void {
    this.get(id, "engine").logs.push({ stream, line, timestamp: new Date() });
  }

  // ---- internals ----

  private onNetwork(c: FakeContainer, name: string): boolean {
    const net = c.spec.network;
    return net?.kind === "network" && this.findNetwork(net.name) === name;
  }

  private networkState(name: string): NetworkState {
    const n = this.networks.get(name)!;
    return { id: n.id, name, labels: { ...n.labels }, subnet: n.subnet, gateway: n.gateway };
  }

  private findNetwork(nameOrId: string): string | undefined {
    if (this.networks.has(nameOrId)) return nameOrId;
    for (const [name, n] of this.networks) if (n.id === nameOrId || n.id.startsWith(nameOrId)) return name;
    return undefined;
  }

  private find(idOrName: string): FakeContainer | undefined {
    const byId = this.containers.get(idOrName);
    if (byId) return byId;
    for (const c of this.containers.values()) if (c.name === idOrName || (idOrName.length >= 4 && c.id.startsWith(idOrName))) return c;
    return undefined;
  }

  private get(idOrName: string, _kind: "start" | "engine"): FakeContainer {
    const c = this.find(idOrName);
    if (!c) throw new RuntimeError("not-found", `No such container: ${idOrName}`, 404);
    return c;
  }

  private emit(c: FakeContainer, e: { kind: "create" | "start" | "oom" | "destroy" } | { kind: "die"; exitCode: number } | { kind: "health_status"; health: "healthy" | "unhealthy" }): void {
    const labels = { ...(c.spec.labels ?? {}) };
    const event = { ...e, id: c.id, time: new Date(), labels } as ContainerEvent;
    for (const s of this.subscribers) {
      if (!matches(labels, s.filter)) continue;
      // Asynchronous and in order, like a stream.
      setImmediate(() => this.subscribers.has(s) && s.onEvent(event));
    }
  }
}

function matches(labels: Record<string, string>, filter: Record<string, string>): boolean {
  return Object.entries(filter).every(([k, v]) => labels[k] === v);
}
