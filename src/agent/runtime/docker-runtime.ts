/**
 * `ContainerRuntime` over the Docker Engine API, through dockerode (`new Docker()` honours
 * DOCKER_HOST). Every engine failure leaves here as a `RuntimeError` carrying the engine's message.
 */
import { open } from "node:fs/promises";
import Docker from "dockerode";
import { toRuntimeError, statusOf, engineMessage } from "./docker-errors.js";
import { subscribeEvents, labelFilters } from "./docker-events.js";
import { demuxLogBatches } from "./docker-logs.js";
import { ttyLogBatches } from "./docker-tty-logs.js";
import { openContainerLogs, waitNotRunning } from "./docker-log-socket.js";
import { jsonFileLogBatches, jsonLogFile } from "./docker-json-file-logs.js";
import { toCreateOptions } from "./docker-spec.js";
import {
  RuntimeError,
  type ContainerEvent,
  type ContainerRuntime,
  type ContainerSpec,
  type ContainerState,
  type ContainerStatus,
  type ContainerStats,
  type ContainerSummary,
  type EngineInfo,
  type HealthStatus,
  type LogLine,
  type TimedLine,
  type NetworkSpec,
  type NetworkState,
  type Protocol,
  type PublishedPort,
  type PullProgress,
  type Subscription,
  type VolumeSpec,
} from "./runtime.js";

const ZERO_TIME = "0001-01-01T00:00:00Z";

function dateOrUndefined(s: string | undefined): Date | undefined {
  if (!s || s.startsWith("0001-01-01")) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function sinceParam(d: Date): string {
  const ms = d.getTime();
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1_000_000).padStart(9, "0")}`;
}

export class DockerRuntime implements ContainerRuntime {
  readonly docker: Docker;
  /**
   * Image references this runtime has seen present: ensureImage answers them without asking the
   * engine (an inspect on every task start is time on the way to RUNNING). A reference removed
   * since is found out by createContainer ("No such image"), which then pulls it and creates
   * again, as `docker run` does.
   */
  private readonly present = new Set<string>();
  /**
   * Digest by image id (content-addressed: an id names one image for good), so inspecting a
   * container does not inspect its image again. An image known by its id alone (built locally)
   * gains a repo digest when pulled: every pull forgets them all. (One pushed by hand meanwhile
   * keeps being reported by its id, which still names it.)
   */
  private readonly digests = new Map<string, string>();

  constructor(docker: Docker = new Docker()) {
    this.docker = docker;
  }

  async info(): Promise<EngineInfo> {
    try {
      const i = await this.docker.info();
      return {
        cpus: i.NCPU,
        memoryBytes: i.MemTotal,
        version: i.ServerVersion,
        architecture: i.Architecture,
        os: i.OSType,
      };
    } catch (e) {
      throw toRuntimeError(e, "engine");
    }
  }

  async ensureImage(ref: string, onProgress?: (p: PullProgress) => void): Promise<void> {
    if (this.present.has(ref)) return;
    try {
      await this.docker.getImage(ref).inspect();
      this.present.add(ref);
      return;
    } catch (e) {
      if (statusOf(e) !== 404) throw toRuntimeError(e, "engine");
    }
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.docker.pull(ref);
    } catch (e) {
      throw toRuntimeError(e, "pull");
    }
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(
        stream,
        (err: Error | null, output: { error?: string; errorDetail?: { message?: string } }[]) => {
          const failed = output?.find((o) => o.error || o.errorDetail);
          if (err) reject(toRuntimeError(err, "pull"));
          else if (failed) reject(new RuntimeError("pull", failed.errorDetail?.message ?? failed.error ?? "pull failed"));
          else resolve();
        },
        (p: PullProgress) => onProgress?.({ status: p.status, id: p.id, progress: p.progress }),
      );
    });
    this.present.add(ref);
    this.digests.clear(); // the pulled image may be one known by its id alone until now
  }

  async imageDigest(ref: string): Promise<string> {
    try {
      const img = await this.docker.getImage(ref).inspect();
      const repoDigest = img.RepoDigests?.[0];
      return repoDigest ? repoDigest.slice(repoDigest.indexOf("@") + 1) : img.Id;
    } catch (e) {
      throw toRuntimeError(e, "engine", { notFound: true });
    }
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    try {
      const c = await this.docker.createContainer(toCreateOptions(spec));
      return c.id;
    } catch (e) {
      // An image seen present but removed since: pull it again (a pull failure says so), then retry.
      if (statusOf(e) !== 404 || !this.present.delete(spec.image)) throw toRuntimeError(e, "create");
    }
    await this.ensureImage(spec.image);
    try {
      const c = await this.docker.createContainer(toCreateOptions(spec));
      return c.id;
    } catch (e) {
      throw toRuntimeError(e, "create");
    }
  }

  async startContainer(id: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.docker.getContainer(id).start();
        return;
      } catch (e) {
        if (statusOf(e) === 304) return;
        // The engine joins networks by name at start: another agent's racing duplicate of the
        // cluster network (not yet settled by it) makes the name ambiguous. Settle it, then retry.
        const ambiguous = /network (\S+) is ambiguous/.exec(e instanceof Error ? e.message : String(e))?.[1];
        if (ambiguous !== undefined && attempt < 3) {
          await this.settleNetwork(ambiguous).catch(() => undefined);
          continue;
        }
        throw toRuntimeError(e, "start", { notFound: true });
      }
    }
  }

  /** Keeps the oldest (then lowest id) network of `name` and removes the others it can. */
  private async settleNetwork(name: string): Promise<string | undefined> {
    const nets = (await this.docker.listNetworks({ filters: { name: [name] } })).filter((n) => n.Name === name);
    nets.sort((a, b) => (a.Created ?? "").localeCompare(b.Created ?? "") || a.Id.localeCompare(b.Id));
    for (const extra of nets.slice(1)) await this.docker.getNetwork(extra.Id).remove().catch(() => undefined);
    return nets[0]?.Id;
  }

  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    try {
      await this.docker.getContainer(id).stop({ t: Math.max(0, Math.round(timeoutSeconds)) });
    } catch (e) {
      if (statusOf(e) === 304) return;
      throw toRuntimeError(e, "engine", { notFound: true });
    }
  }

  async removeContainer(id: string): Promise<void> {
    try {
      await this.docker.getContainer(id).remove({ force: true, v: true });
    } catch (e) {
      const s = statusOf(e);
      // 404: already gone. 409 "removal already in progress": someone else is removing it.
      if (s === 404 || (s === 409 && /already in progress/i.test(engineMessage(e)))) return;
      throw toRuntimeError(e, "engine");
    }
  }

  async inspectContainer(id: string): Promise<ContainerState> {
    let c: Docker.ContainerInspectInfo;
    try {
      c = await this.docker.getContainer(id).inspect();
    } catch (e) {
      throw toRuntimeError(e, "engine", { notFound: true });
    }
    let imageDigest = this.digests.get(c.Image);
    if (imageDigest === undefined) {
      try {
        this.digests.set(c.Image, (imageDigest = await this.imageDigest(c.Image)));
      } catch {
        // The image may have been removed under a running container; its id still names it.
        imageDigest = c.Image;
      }
    }
    const ports: PublishedPort[] = [];
    for (const [key, bindings] of Object.entries(c.NetworkSettings.Ports ?? {})) {
      const [port, proto] = key.split("/");
      for (const b of bindings ?? []) {
        ports.push({
          containerPort: Number(port),
          protocol: (proto ?? "tcp") as Protocol,
          hostIp: b.HostIp,
          hostPort: Number(b.HostPort),
        });
      }
    }
    const ipAddresses: Record<string, string> = {};
    for (const [name, n] of Object.entries(c.NetworkSettings.Networks ?? {})) ipAddresses[name] = n.IPAddress ?? "";
    const st = c.State;
    return {
      id: c.Id,
      name: c.Name.replace(/^\//, ""),
      image: c.Config.Image,
      imageId: c.Image,
      imageDigest,
      status: st.Status as ContainerStatus,
      running: st.Running,
      exitCode: st.ExitCode,
      oomKilled: st.OOMKilled,
      startedAt: dateOrUndefined(st.StartedAt),
      finishedAt: st.FinishedAt === ZERO_TIME ? undefined : dateOrUndefined(st.FinishedAt),
      health: ((st as { Health?: { Status?: string } }).Health?.Status ?? "none") as HealthStatus,
      createdAt: dateOrUndefined(c.Created),
      ipAddresses,
      ports,
      labels: c.Config.Labels ?? {},
    };
  }

  async listContainers(labelFilter: Record<string, string>): Promise<ContainerSummary[]> {
    const labels = labelFilters(labelFilter);
    return this.list(labels.length ? { label: labels } : undefined);
  }

  async networkContainers(name: string): Promise<ContainerSummary[]> {
    // Docker's `network` filter also matches a network's id prefix: keep exact name matches only.
    const list = await this.list({ network: [name] });
    const out: ContainerSummary[] = [];
    for (const c of list) {
      const nets = (c as ContainerSummary & { networks?: string[] }).networks ?? [];
      if (nets.includes(name)) out.push({ id: c.id, name: c.name, image: c.image, status: c.status, labels: c.labels });
    }
    return out;
  }

  private async list(filters: Record<string, string[]> | undefined): Promise<(ContainerSummary & { networks: string[] })[]> {
    try {
      const list = await this.docker.listContainers({ all: true, ...(filters ? { filters } : {}) });
      return list.map((c) => ({
        id: c.Id,
        name: (c.Names[0] ?? "").replace(/^\//, ""),
        image: c.Image,
        status: c.State as ContainerStatus,
        labels: c.Labels ?? {},
        networks: Object.keys(c.NetworkSettings?.Networks ?? {}),
      }));
    } catch (e) {
      throw toRuntimeError(e, "engine");
    }
  }

  events(labelFilter: Record<string, string>, onEvent: (e: ContainerEvent) => void): Subscription {
    return subscribeEvents(this.docker, labelFilter, onEvent);
  }

  async ensureNetwork(spec: NetworkSpec): Promise<string> {
    // Docker's CheckDuplicate is not atomic: two creators racing (agents sharing an engine) can both
    // succeed, leaving two networks of one name that no container can then join by name. Every
    // caller therefore settles on the oldest (then lowest id) and removes the others it can.
    const settle = () => this.settleNetwork(spec.name);
    try {
      const existing = await settle();
      if (existing) return existing;
      try {
        await this.docker.createNetwork({ Name: spec.name, Driver: "bridge", CheckDuplicate: true, Labels: spec.labels ?? {} });
      } catch (e) {
        // Lost a race with another creator: the network exists now.
        if (statusOf(e) !== 409) throw e;
      }
      const id = await settle();
      if (!id) throw new Error(`network ${spec.name} vanished while being created`);
      return id;
    } catch (e) {
      throw toRuntimeError(e, "engine");
    }
  }

  async removeNetwork(nameOrId: string): Promise<void> {
    try {
      await this.docker.getNetwork(nameOrId).remove();
    } catch (e) {
      if (statusOf(e) === 404) return;
      throw toRuntimeError(e, "engine");
    }
  }

  async ensureVolume(spec: VolumeSpec): Promise<void> {
    try {
      await this.docker.getVolume(spec.name).inspect();
      return;
    } catch (e) {
      if (statusOf(e) !== 404) throw toRuntimeError(e, "engine");
    }
    try {
      await this.docker.createVolume({ Name: spec.name, Driver: spec.driver ?? "local", DriverOpts: spec.driverOpts ?? {}, Labels: spec.labels ?? {} });
    } catch (e) {
      throw toRuntimeError(e, "create");
    }
  }

  async removeVolumes(labelFilter: Record<string, string>): Promise<string[]> {
    const label = Object.entries(labelFilter).map(([k, v]) => `${k}=${v}`);
    const removed: string[] = [];
    try {
      const { Volumes } = await this.docker.listVolumes({ filters: { label } });
      for (const v of Volumes ?? []) {
        try {
          await this.docker.getVolume(v.Name).remove();
          removed.push(v.Name);
        } catch (e) {
          // 404: gone already; 409: still in use by a container.
          if (statusOf(e) !== 404 && statusOf(e) !== 409) throw e;
        }
      }
    } catch (e) {
      throw toRuntimeError(e, "engine");
    }
    return removed;
  }

  async inspectNetwork(nameOrId: string): Promise<NetworkState> {
    try {
      return networkState(await this.docker.getNetwork(nameOrId).inspect());
    } catch (e) {
      throw toRuntimeError(e, "engine", { notFound: true });
    }
  }

  async listNetworks(labelFilter: Record<string, string>): Promise<NetworkState[]> {
    try {
      const labels = labelFilters(labelFilter);
      const nets = await this.docker.listNetworks(labels.length ? { filters: { label: labels } } : {});
      return nets.map(networkState);
    } catch (e) {
      throw toRuntimeError(e, "engine");
    }
  }

  async stats(id: string): Promise<ContainerStats> {
    try {
      // stream=false: one sample with its predecessor (precpu_stats), as `docker stats --no-stream`.
      return (await this.docker.getContainer(id).stats({ stream: false })) as unknown as ContainerStats;
    } catch (e) {
      throw toRuntimeError(e, "engine", { notFound: true });
    }
  }

  async *logs(id: string, options: { since?: Date; follow?: boolean } = {}): AsyncIterable<LogLine> {
    for await (const batch of this.logBatches(id, options)) for (const l of batch) yield { stream: l.stream, timestamp: new Date(l.ms), line: l.line };
  }

  async *logBatches(id: string, options: { since?: Date; follow?: boolean } = {}): AsyncIterable<TimedLine[]> {
    let source: NodeJS.ReadableStream | Buffer | AsyncIterable<Buffer> | undefined;
    let fileSource: { lines: AsyncIterable<TimedLine[]>; cancel: () => void } | undefined;
    let tty: boolean;
    try {
      const opts = {
        stdout: true,
        stderr: true,
        timestamps: true,
        ...(options.since ? { since: sinceParam(options.since) as unknown as number } : {}),
      };
      const c = this.docker.getContainer(id);
      const info = await c.inspect();
      // A TTY container's log is raw, not multiplexed (docker-tty-logs.ts).
      tty = info.Config.Tty === true;
      // On a Unix socket, a raw HTTP/1.0 read (docker-log-socket.ts) spares an HTTP chunk per line.
      const modem = this.docker.modem as { socketPath?: unknown; getSocketPath?: () => Promise<string> };
      // Better still, on the engine's own host: its json-file, read directly (docker-json-file-logs.ts).
      const logFile = modem.socketPath && modem.getSocketPath ? jsonLogFile(info) : undefined;
      const file = logFile === undefined ? undefined : await open(logFile, "r").catch(() => undefined);
      if (file !== undefined && logFile !== undefined && modem.getSocketPath) {
        const wait = options.follow ? waitNotRunning(await modem.getSocketPath(), id) : undefined;
        const lines = jsonFileLogBatches({ file, path: logFile, tty, ...(options.since && { since: options.since }), follow: options.follow === true, exited: wait?.exited ?? Promise.resolve() });
        fileSource = { lines, cancel: () => wait?.cancel() };
      } else if (modem.socketPath && modem.getSocketPath) {
        const query = `stdout=1&stderr=1&timestamps=1&follow=${options.follow ? 1 : 0}${options.since ? `&since=${sinceParam(options.since)}` : ""}`;
        source = await openContainerLogs(await modem.getSocketPath(), id, query);
      } else source = options.follow ? await c.logs({ ...opts, follow: true }) : await c.logs({ ...opts, follow: false });
    } catch (e) {
      throw toRuntimeError(e, "engine", { notFound: true });
    }
    if (fileSource !== undefined) {
      try {
        yield* fileSource.lines;
      } finally {
        fileSource.cancel();
      }
      return;
    }
    if (source === undefined) return;
    // Without follow, dockerode buffers the whole answer; with it, a stream.
    const iterable: AsyncIterable<Buffer | string> = Buffer.isBuffer(source)
      ? (async function* () {
          yield source as Buffer;
        })()
      : (source as AsyncIterable<Buffer>);
    try {
      yield* tty ? ttyLogBatches(iterable) : demuxLogBatches(iterable);
    } finally {
      if (!Buffer.isBuffer(source)) (source as { destroy?: () => void }).destroy?.();
    }
  }
}

function networkState(n: Docker.NetworkInspectInfo): NetworkState {
  const v4 = (n.IPAM?.Config ?? []).find((c) => c.Subnet !== undefined && !c.Subnet.includes(":"));
  return {
    id: n.Id,
    name: n.Name,
    labels: n.Labels ?? {},
    ...(v4?.Subnet !== undefined && { subnet: v4.Subnet }),
    ...(v4?.Gateway !== undefined && { gateway: v4.Gateway }),
  };
}
