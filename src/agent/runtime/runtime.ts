/**
 * The narrow interface through which an agent uses a container engine. `docker-runtime.ts`
 * implements it over the Docker Engine API (dockerode); `fake-runtime.ts` in memory, for fast
 * tests. Engine failures surface as `RuntimeError`s with a kind, which the lifecycle turns into
 * ECS's reasons (CannotPullContainerError, CannotCreateContainerError, ...).
 */

export interface EngineInfo {
  /** Cores available to containers. */
  cpus: number;
  /** Bytes of memory. */
  memoryBytes: number;
  /** e.g. "20.10.24". */
  version: string;
  /** e.g. "x86_64" → ECS's ecs.cpu-architecture x86_64; "aarch64" → arm64. */
  architecture: string;
  os: string;
}

/** What went wrong, in the lifecycle's terms. */
export type RuntimeErrorKind = "pull" | "create" | "start" | "not-found" | "engine";

/**
 * A named engine failure. `message` keeps the engine's own words (e.g. "pull access denied for x,
 * repository does not exist or may require 'docker login'"), since ECS reasons quote them.
 */
export class RuntimeError extends Error {
  override readonly name = "RuntimeError";
  constructor(
    readonly kind: RuntimeErrorKind,
    message: string,
    /** HTTP status from the engine, when there was one. */
    readonly statusCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isRuntimeError(e: unknown, kind?: RuntimeErrorKind): e is RuntimeError {
  return e instanceof RuntimeError && (kind === undefined || e.kind === kind);
}

export interface PullProgress {
  status: string;
  id?: string;
  progress?: string;
}

export type Protocol = "tcp" | "udp";

export interface PortBinding {
  containerPort: number;
  protocol?: Protocol; // default tcp
  /** Host address to bind; berth uses loopback addresses only. Default "127.0.0.1". */
  hostIp?: string;
  /** 0 or absent: an ephemeral port chosen by the engine. */
  hostPort?: number;
}

/** bridge | host | none | container:<id> | a named (user-defined) network with aliases. */
export type NetworkMode =
  | { kind: "bridge" }
  | { kind: "host" }
  | { kind: "none" }
  | { kind: "container"; containerId: string }
  | { kind: "network"; name: string; aliases?: string[] };

export type Mount =
  | { kind: "bind"; source: string; target: string; readOnly?: boolean }
  | { kind: "volume"; source: string; target: string; readOnly?: boolean };

export interface Ulimit {
  name: string;
  soft: number;
  hard: number;
}

export interface HealthCheckSpec {
  /** Docker form: ["CMD", ...], ["CMD-SHELL", "..."] or ["NONE"]. */
  test: string[];
  intervalNs?: number;
  timeoutNs?: number;
  retries?: number;
  startPeriodNs?: number;
}

export interface LogConfig {
  type: string;
  options?: Record<string, string>;
}

/** What an ECS container definition asks of the engine. Absent fields take the engine's default. */
export interface ContainerSpec {
  /** Engine-side container name (unique per engine). */
  name?: string;
  image: string;
  command?: string[];
  entrypoint?: string[];
  env?: Record<string, string>;
  workingDir?: string;
  user?: string;
  labels?: Record<string, string>;
  hostname?: string;
  /** "host:ip" pairs, as Docker's ExtraHosts. */
  extraHosts?: { hostname: string; ipAddress: string }[];
  dns?: string[];
  ulimits?: Ulimit[];
  init?: boolean;
  capAdd?: string[];
  capDrop?: string[];
  shmSizeBytes?: number;
  /** mount path → options (e.g. "rw,size=64m"). */
  tmpfs?: Record<string, string>;
  readonlyRootfs?: boolean;
  privileged?: boolean;
  /** A pseudo-terminal (Docker's Tty): the log stream is then raw, not multiplexed. */
  tty?: boolean;
  /** Stdin kept open (Docker's OpenStdin). */
  openStdin?: boolean;
  cpuShares?: number;
  /** Hard CPU cap in billionths of a CPU (Docker's NanoCpus). */
  nanoCpus?: number;
  /** Hard limit, bytes. */
  memoryBytes?: number;
  /** Memory plus swap, bytes (Docker's MemorySwap; equal to memoryBytes means no swap). */
  memorySwapBytes?: number;
  /** Soft limit, bytes. */
  memoryReservationBytes?: number;
  healthcheck?: HealthCheckSpec;
  stopSignal?: string;
  stopTimeoutSeconds?: number;
  ports?: PortBinding[];
  /** Default bridge. */
  network?: NetworkMode;
  mounts?: Mount[];
  /** Container ids or names; ":ro" suffix for read-only, as Docker's VolumesFrom. */
  volumesFrom?: string[];
  logConfig?: LogConfig;
}

export type ContainerStatus = "created" | "running" | "paused" | "restarting" | "removing" | "exited" | "dead";
export type HealthStatus = "none" | "starting" | "healthy" | "unhealthy";

export interface PublishedPort {
  containerPort: number;
  protocol: Protocol;
  hostIp: string;
  hostPort: number;
}

export interface ContainerState {
  id: string;
  name: string;
  image: string;
  /** sha256:... id of the image the container runs. */
  imageId: string;
  /** As `imageDigest(ref)`: the manifest digest, else the image id. */
  imageDigest: string;
  status: ContainerStatus;
  running: boolean;
  exitCode: number;
  oomKilled: boolean;
  /** undefined until started / exited. */
  startedAt?: Date;
  finishedAt?: Date;
  health: HealthStatus;
  /** When the engine created the container. */
  createdAt?: Date;
  /** network name → IPv4 address ("" when none). */
  ipAddresses: Record<string, string>;
  ports: PublishedPort[];
  labels: Record<string, string>;
}

export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  status: ContainerStatus;
  labels: Record<string, string>;
}

export type ContainerEvent =
  | { kind: "create"; id: string; time: Date; labels: Record<string, string> }
  | { kind: "start"; id: string; time: Date; labels: Record<string, string> }
  | { kind: "die"; id: string; time: Date; labels: Record<string, string>; exitCode: number }
  | { kind: "oom"; id: string; time: Date; labels: Record<string, string> }
  | { kind: "health_status"; id: string; time: Date; labels: Record<string, string>; health: "healthy" | "unhealthy" }
  | { kind: "destroy"; id: string; time: Date; labels: Record<string, string> };

export interface Subscription {
  /** Settles once the first connection to the event source is made (events from the moment of
   * subscribing are delivered either way). */
  ready: Promise<void>;
  close(): void;
}

export interface NetworkSpec {
  name: string;
  labels?: Record<string, string>;
}

/** A named Docker volume (ECS dockerVolumeConfiguration, or a task's scratch volume). */
export interface VolumeSpec {
  name: string;
  driver?: string;
  driverOpts?: Record<string, string>;
  labels?: Record<string, string>;
}

/** A network as the engine describes it. */
export interface NetworkState {
  id: string;
  name: string;
  labels: Record<string, string>;
  /** The first IPv4 IPAM config: where containers on the network reach the host. */
  subnet?: string;
  gateway?: string;
}

/** Docker's container stats JSON (one sample with its previous one, as `docker stats --no-stream`). */
export type ContainerStats = Record<string, unknown>;

export interface LogLine {
  stream: "stdout" | "stderr";
  timestamp: Date;
  line: string;
}

/** A log line with its timestamp in epoch ms (what `logBatches` yields, many at a time). */
export interface TimedLine {
  stream: "stdout" | "stderr";
  ms: number;
  line: string;
}

export interface ContainerRuntime {
  info(): Promise<EngineInfo>;
  /** Pulls `ref` when absent. Fails with kind "pull". */
  ensureImage(ref: string, onProgress?: (p: PullProgress) => void): Promise<void>;
  /** The manifest digest ("sha256:...") when the image came from a registry, else the image id
   * ("sha256:..."). not-found when absent. */
  imageDigest(ref: string): Promise<string>;
  /** Returns the container id. Fails with kind "create" (a missing image included). */
  createContainer(spec: ContainerSpec): Promise<string>;
  /** Fails with kind "start". Starting a running container is a no-op. */
  startContainer(id: string): Promise<void>;
  /** SIGTERM (or the stop signal), SIGKILL after `timeoutSeconds`. A stopped container is a no-op. */
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  /** Forced removal, with anonymous volumes. An absent container is a no-op. */
  removeContainer(id: string): Promise<void>;
  /** not-found when absent. */
  inspectContainer(id: string): Promise<ContainerState>;
  /** All containers, running or not, whose labels include every pair of `labelFilter`. The status may
   * lag the event stream briefly (Docker 20.10 emits "die" before its list view records the exit);
   * inspect is consistent with events. */
  listContainers(labelFilter: Record<string, string>): Promise<ContainerSummary[]>;
  /**
   * Container events for containers matching `labelFilter`, as they happen; the stream reconnects
   * (resuming from the last event seen) if it drops. Other Docker actions are not delivered.
   */
  events(labelFilter: Record<string, string>, onEvent: (e: ContainerEvent) => void): Subscription;
  /** Creates a user-defined bridge network, or returns the existing one's id (idempotent). */
  ensureNetwork(spec: NetworkSpec): Promise<string>;
  /** Absent network is a no-op. Docker removes a network that only created or exited containers
   * use (they then fail to start); see `networkContainers`. */
  removeNetwork(nameOrId: string): Promise<void>;
  /** Creates a named volume, or leaves the existing one as it is (idempotent). */
  ensureVolume(spec: VolumeSpec): Promise<void>;
  /** Removes every volume whose labels include every pair of `labelFilter`, except those in use;
   * returns the names removed. */
  removeVolumes(labelFilter: Record<string, string>): Promise<string[]>;
  /** not-found when absent. */
  inspectNetwork(nameOrId: string): Promise<NetworkState>;
  /** Networks whose labels include every pair of `labelFilter`. */
  listNetworks(labelFilter: Record<string, string>): Promise<NetworkState[]>;
  /** Every container attached to the network (by name), in any state: created, running or exited. */
  networkContainers(name: string): Promise<ContainerSummary[]>;
  /** One stats sample of a container (Docker's stats JSON). not-found when absent. */
  stats(id: string): Promise<ContainerStats>;
  /**
   * Log lines with their engine timestamps, from `since` on. Without `follow` the iterable ends at
   * the present; with it, it ends when the container stops (or the consumer breaks out).
   */
  logs(id: string, options?: { since?: Date; follow?: boolean }): AsyncIterable<LogLine>;
  /** The same lines as `logs`, in arrays as they arrive (for the log shipper's throughput); optional. */
  logBatches?(id: string, options?: { since?: Date; follow?: boolean }): AsyncIterable<TimedLine[]>;
}
