/**
 * The agent's task runner: runs assigned tasks as containers on a ContainerRuntime and reports their
 * state. The decisions are the pure lifecycle's (`nextContainerActions`, `taskLastStatus`,
 * `taskHealth`); this file only acts on them and feeds back what the engine says.
 *
 * Per task, every change of known state happens on one promise chain (so event handling, the end of
 * a pull and a new assignment never interleave); slow engine calls (pull, create/start, stop) run
 * beside the chain and post their outcome back onto it. After every change the lifecycle is asked
 * again (level-triggered) and the whole TaskReport is sent if it differs from the last one.
 * Container state comes from the engine's event stream (filtered by this agent's label), each event
 * confirmed by an inspect, never from polling.
 */
import type { AssignedTask, TaskReport } from "../../agent-protocol/messages.js";
import { containerExitFields, nextContainerActions, nextDependencyDeadline } from "../../services/ecs/tasks/lifecycle.js";
import { isRuntimeError, type ContainerEvent, type ContainerRuntime, type ContainerState, type Subscription } from "../runtime/runtime.js";
import { groupFound, type FoundTask } from "./adoption.js";
import { containerSpec, needsPause, pauseSpec } from "./container-spec.js";
import type { ContainerLogHook } from "../logs/awslogs.js";
import {
  LABEL_CONTAINER_NAME,
  LABEL_INSTANCE,
  LABEL_ROLE,
  LABEL_TASK_ARN,
  agentFilter,
  containerLabels,
  dockerName,
  pauseDockerName,
  taskVolumeLabels,
  type AgentIdentity,
} from "./labels.js";
import { taskVolumeSpecs } from "./volumes.js";
import {
  definitions,
  newTask,
  observe,
  observeExit,
  observeLateOom,
  reassign,
  reportOf,
  setNetwork,
  settle,
  toView,
  type KnownContainer,
  type KnownTask,
} from "./task-state.js";
// networking (cluster network, metadata endpoint)
import { TaskNetworking, type TaskAttachment } from "../network/task-networking.js";
import type { TaskTags } from "../metadata/documents.js";
import type { TaskDns } from "../network/task-dns.js";

export type { AgentIdentity } from "./labels.js";

/** ECS's default stopTimeout (AWS DG: ECS_CONTAINER_STOP_TIMEOUT, 30 s). */
export const DEFAULT_STOP_TIMEOUT_SECONDS = 30;

export interface TaskRunnerOptions {
  runtime: ContainerRuntime;
  identity: AgentIdentity;
  onReport: (report: TaskReport) => void;
  /** stopTimeout for containers whose definition sets none. Default 30 s. */
  defaultStopTimeoutSeconds?: number;
  /** Run containers with privileged: true; without it they fail to be created. Default false. */
  allowPrivileged?: boolean;
  /** Where bridge ports are published: the instance's loopback address. Default 127.0.0.1. */
  hostIp?: string;
  now?: () => Date;
  /** Engine failures that have no place in a report (a stop that failed, ...). Default: console.error. */
  onError?: (error: unknown, taskArn: string) => void;
  // networking (cluster network, metadata endpoint)
  /** The region, for the metadata endpoint's private DNS names. */
  region?: string;
  /** A task's tags and its instance's, for the metadata endpoint's /taskWithTags. */
  taskTags?: (taskArn: string) => Promise<TaskTags>;
  /** awslogs (src/agent/logs/): opens a container's log stream before it is created, ships its log once started. */
  logs?: ContainerLogHook;
  /** The agent's DNS relay on cluster networks' gateways (network/task-dns.ts). */
  dns?: TaskDns;
}

interface Entry {
  state: KnownTask;
  /** adopting: a restarted agent is taking over containers found on the engine (adoption.ts). */
  phase: "new" | "adopting" | "preparing" | "ready";
  pauseId?: string;
  /** Containers whose create/start is in flight. */
  starting: Set<string>;
  /** Containers already told to stop. */
  stopping: Set<string>;
  /** Containers the kernel's OOM killer hit (the "oom" event comes before "die", or just after it). */
  oom: Set<string>;
  /** The cluster network and metadata endpoint of the task (networking), once prepared. */
  attachment?: TaskAttachment;
  /** awsvpc: the pause container's address on the cluster network (for the DNS relay). */
  networkAddress?: string;
  chain: Promise<void>;
  lastReport?: string;
  /** Wakes the task when a dependency's startTimeout runs out (nothing else would). */
  deadline?: { at: number; timer: NodeJS.Timeout };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class TaskRunner {
  private readonly runtime: ContainerRuntime;
  private readonly identity: AgentIdentity;
  private readonly onReport: (r: TaskReport) => void;
  private readonly stopTimeout: number;
  private readonly hostIp: string;
  private readonly allowPrivileged: boolean;
  private readonly now: () => Date;
  private readonly onError: (e: unknown, taskArn: string) => void;
  private readonly logs?: ContainerLogHook;
  private readonly tasks = new Map<string, Entry>();
  private readonly removed = new Set<string>();
  /** Containers found by `takeStock` whose task has not been assigned (yet). */
  private found = new Map<string, FoundTask>();
  private readonly subscription: Subscription;
  private readonly networking: TaskNetworking;
  private closed = false;
  /** Settles once the event stream is connected; containers are only started after it. */
  readonly ready: Promise<void>;

  constructor(opts: TaskRunnerOptions) {
    this.runtime = opts.runtime;
    this.identity = opts.identity;
    this.onReport = opts.onReport;
    this.stopTimeout = opts.defaultStopTimeoutSeconds ?? DEFAULT_STOP_TIMEOUT_SECONDS;
    this.hostIp = opts.hostIp ?? "127.0.0.1";
    this.allowPrivileged = opts.allowPrivileged ?? false;
    this.now = opts.now ?? (() => new Date());
    this.onError = opts.onError ?? ((e, arn) => console.error(`task runner: ${arn}:`, e));
    // networking (cluster network, metadata endpoint)
    this.networking = new TaskNetworking({
      runtime: this.runtime,
      agentFilter: agentFilter(this.identity),
      hostIp: this.hostIp,
      ...(opts.region !== undefined && { region: opts.region }),
      source: { task: (arn) => this.tasks.get(arn)?.state, ...(opts.taskTags !== undefined && { tags: opts.taskTags }) },
      onError: (e) => this.onError(e, "metadata endpoint"),
      ...(opts.dns !== undefined && { dns: opts.dns }),
    });
    this.logs = opts.logs;
    this.subscription = this.runtime.events(agentFilter(this.identity), (e) => this.onEvent(e));
    const resumed = this.networking.resume(); // networking: serve adopted containers' metadata URIs again
    this.ready = this.subscription.ready.then(() => resumed);
  }

  /** Takes an assignment. Idempotent: an older or equal version than the one held is ignored. */
  apply(task: AssignedTask): void {
    if (this.closed || this.removed.has(task.taskArn)) return;
    const entry = this.tasks.get(task.taskArn);
    if (entry === undefined) {
      const created: Entry = {
        state: newTask(task),
        phase: "new",
        starting: new Set(),
        stopping: new Set(),
        oom: new Set(),
        chain: Promise.resolve(),
      };
      this.tasks.set(task.taskArn, created);
      const found = this.found.get(task.taskArn);
      if (found !== undefined) {
        this.found.delete(task.taskArn);
        created.phase = "adopting";
        this.enqueue(created, () => this.adopt(created, found));
      } else {
        this.enqueue(created, () => {});
      }
      return;
    }
    this.enqueue(entry, () => {
      entry.state = reassign(entry.state, task);
    });
  }

  /**
   * A restarted agent's first step, before the first `apply`: takes stock of the containers this
   * instance left on the engine. Those of tasks assigned afterwards are adopted; `unclaimed`
   * hands over the rest.
   */
  async takeStock(): Promise<void> {
    this.found = groupFound(await this.runtime.listContainers(agentFilter(this.identity)));
  }

  /** Found containers whose task no assignment claimed (call after the first assignments); forgets them. */
  unclaimed(): FoundTask[] {
    const rest = [...this.found.values()];
    this.found.clear();
    return rest;
  }

  /** The last report sent for a task. */
  report(taskArn: string): TaskReport | undefined {
    const e = this.tasks.get(taskArn);
    return e === undefined ? undefined : reportOf(e.state);
  }

  /** Removes a STOPPED task's containers and forgets it (the control plane decides when). */
  async remove(taskArn: string): Promise<void> {
    const entry = this.tasks.get(taskArn);
    if (entry !== undefined) {
      await entry.chain;
      if (entry.state.lastStatus !== "STOPPED") throw new Error(`task ${taskArn} is ${entry.state.lastStatus}, not STOPPED`);
      this.tasks.delete(taskArn);
      const loopback = entry.state.assigned.privateIpv4Address;
      if (loopback !== undefined && entry.networkAddress !== undefined) this.networking.forgetTaskAddress(loopback, taskArn); // DNS relay
    }
    this.removed.add(taskArn);
    const filter = { ...agentFilter(this.identity), [LABEL_TASK_ARN]: taskArn };
    for (const c of await this.runtime.listContainers(filter)) await this.runtime.removeContainer(c.id);
    await this.runtime.removeVolumes(taskVolumeLabels(this.identity, taskArn));
    await this.networking.taskRemoved(taskArn, () => this.tasks.size); // networking
  }

  /** Ends the event subscription (no further reports) and the metadata endpoint; removes the
   * cluster network if no container uses it. */
  close(): Promise<void> {
    this.closed = true;
    for (const e of this.tasks.values()) if (e.deadline) clearTimeout(e.deadline.timer);
    this.subscription.close();
    return this.networking.close();
  }

  // ---- the chain ----

  /** Runs `fn` on the task's chain, then asks the lifecycle what next and reports. */
  private enqueue(entry: Entry, fn: () => void | Promise<void>): void {
    const arn = entry.state.assigned.taskArn;
    entry.chain = entry.chain
      .then(fn)
      .catch((e: unknown) => this.onError(e, arn))
      .then(() => {
        if (!this.closed && this.tasks.get(arn) === entry) this.step(entry);
      })
      .catch((e: unknown) => this.onError(e, arn));
  }

  private setContainer(entry: Entry, name: string, update: (c: KnownContainer) => KnownContainer): void {
    entry.state = {
      ...entry.state,
      containers: entry.state.containers.map((c) => (c.name === name ? update(c) : c)),
    };
  }

  /** Synchronous: decide, launch engine work beside the chain, settle the status, report. */
  private step(entry: Entry): void {
    const now = this.now();
    if (entry.state.desiredStatus === "RUNNING" && entry.phase === "new") {
      entry.phase = "preparing";
      entry.state = { ...entry.state, pullStartedAt: now };
      void this.prepare(entry);
    }
    if (entry.phase !== "preparing" || entry.state.desiredStatus === "STOPPED") {
      for (let pass = 0; pass < 5; pass++) {
        const before = entry.state;
        this.act(entry, now);
        if (entry.state === before) break;
      }
    }
    const t = entry.state;
    if (entry.pauseId === undefined && t.network === "ATTACHED" && t.containers.every((c) => c.lastStatus === "STOPPED")) {
      // A task of one container held its namespace itself: it ended with the container.
      entry.state = setNetwork(entry.state, "DETACHED");
    } else if (entry.pauseId !== undefined && t.network === "ATTACHED" && t.containers.every((c) => c.lastStatus === "STOPPED")) {
      // DEPROVISIONING: the task's address goes with its pause container; STOPPED once it has.
      entry.state = setNetwork(entry.state, "DETACHING");
      const id = entry.pauseId;
      void this.runtime
        .stopContainer(id, 1)
        .catch((e: unknown) => this.onError(e, t.assigned.taskArn))
        .then(() => this.enqueue(entry, () => void (entry.state = setNetwork(entry.state, "DETACHED"))));
    }
    entry.state = settle(entry.state, now);
    this.wakeAtDeadline(entry);
    const report = reportOf(entry.state);
    const json = JSON.stringify(report);
    if (json !== entry.lastReport) {
      entry.lastReport = json;
      this.onReport(report);
    }
  }

  private wakeAtDeadline(entry: Entry): void {
    const at = entry.state.desiredStatus === "RUNNING" ? nextDependencyDeadline(entry.state.containers.map(toView))?.getTime() : undefined;
    if (entry.deadline?.at === at) return;
    if (entry.deadline) clearTimeout(entry.deadline.timer);
    entry.deadline = undefined;
    if (at === undefined) return;
    const timer = setTimeout(() => {
      entry.deadline = undefined;
      this.enqueue(entry, () => {});
    }, Math.max(0, at - this.now().getTime()) + 1);
    timer.unref();
    entry.deadline = { at, timer };
  }

  private act(entry: Entry, now: Date): void {
    const t = entry.state;
    const actions = nextContainerActions({ desiredStatus: t.desiredStatus }, t.containers.map(toView), now);
    for (const a of actions) {
      switch (a.kind) {
        case "stop-task":
          if (entry.state.desiredStatus === "RUNNING") {
            entry.state = { ...entry.state, desiredStatus: "STOPPED", stopCode: a.stopCode, stoppedReason: a.stoppedReason };
          }
          break;
        case "abandon-container":
          // A container being created or started is left to finish; once RUNNING it is stopped.
          if (!entry.starting.has(a.name)) {
            this.setContainer(entry, a.name, (c) =>
              c.lastStatus === "STOPPED" ? c : { ...c, lastStatus: "STOPPED", exitCode: a.exitCode ?? c.exitCode, reason: a.reason ?? c.reason },
            );
          }
          break;
        case "start-container":
          if (entry.phase === "ready" && !entry.starting.has(a.name)) {
            entry.starting.add(a.name);
            void this.startOne(entry, a.name);
          }
          break;
        case "stop-container":
          if (!entry.stopping.has(a.name)) {
            entry.stopping.add(a.name);
            void this.stopOne(entry, a.name);
          }
          break;
      }
    }
  }

  /**
   * On the task's chain: folds the found containers' current state in (inspected now, so an exit
   * while the agent was away shows with its real exit code). Containers never created are started
   * as usual: after pulling when any is missing, else at once.
   */
  private async adopt(entry: Entry, found: FoundTask): Promise<void> {
    const bindings = entry.state.assigned.networkMode !== "awsvpc";
    // The task's network is up while its pause container runs (an exited one has released it);
    // without one, while its container runs.
    let holderRunning = false;
    if (found.pauseId !== undefined) {
      entry.pauseId = found.pauseId;
      const pause = await this.inspect(found.pauseId);
      holderRunning = pause?.running === true;
      this.noteTaskAddress(entry, pause); // DNS relay
    }
    let missing = false;
    for (const c of entry.state.containers) {
      const id = found.containers.get(c.name);
      const s = id === undefined ? undefined : await this.inspect(id);
      if (s === undefined) missing = true;
      else this.setContainer(entry, c.name, (k) => observe(k, s, bindings));
      if (found.pauseId === undefined && s?.running === true) {
        holderRunning = true;
        if (entry.state.assigned.networkMode === "awsvpc") this.noteTaskAddress(entry, s); // DNS relay: it holds the namespace
      }
    }
    if (found.pauseId !== undefined || !missing) entry.state = setNetwork(entry.state, holderRunning ? "ATTACHED" : "DETACHED");
    entry.phase = missing ? "new" : "ready";
  }

  /** awsvpc: tells the DNS relay where containers reach this task (the container holding its
   * namespace, pause or its only container, as inspected, on the cluster network). */
  private noteTaskAddress(entry: Entry, s: ContainerState | undefined): void {
    const loopback = entry.state.assigned.privateIpv4Address;
    if (loopback === undefined) return;
    const address = s === undefined ? undefined : Object.values(s.ipAddresses).find((ip) => ip !== "");
    if (address !== undefined) this.networking.taskAddress(loopback, (entry.networkAddress = address), entry.state.assigned.taskArn);
  }

  // ---- engine work beside the chain ----

  /** Pulls every image (pullStartedAt..pullStoppedAt) and creates the task's volumes, then for
   * awsvpc starts the pause container. */
  private async prepare(entry: Entry): Promise<void> {
    const defs = definitions(entry.state.assigned);
    const failures = new Map<string, string>();
    let volumeFailure: string | undefined;
    await this.ready.catch(() => {});
    let attachFailure: string | undefined; // networking
    await Promise.all([
      ...[...new Set(defs.map((d) => d.image!))].map(async (image) => {
        try {
          await this.runtime.ensureImage(image);
        } catch (e) {
          failures.set(image, message(e));
        }
      }),
      (async () => {
        const a = entry.state.assigned;
        try {
          for (const v of taskVolumeSpecs(a, taskVolumeLabels(this.identity, a.taskArn))) await this.runtime.ensureVolume(v);
        } catch (e) {
          volumeFailure = message(e);
        }
      })(),
      this.networking.prepare(entry.state.assigned).then(
        (att) => void (entry.attachment = att),
        (e: unknown) => void (attachFailure = message(e)),
      ),
    ]);
    this.enqueue(entry, async () => {
      const now = this.now();
      entry.state = { ...entry.state, pullStoppedAt: now };
      for (const c of entry.state.containers) {
        const failed = failures.get(c.def.image!);
        if (failed !== undefined) {
          this.setContainer(entry, c.name, (k) =>
            k.lastStatus === "STOPPED" ? k : { ...k, lastStatus: "STOPPED", ...containerExitFields({ kind: "pull-failed", message: failed }) },
          );
        } else if (volumeFailure !== undefined) {
          const reason = `volume: ${volumeFailure}`;
          this.setContainer(entry, c.name, (k) =>
            k.lastStatus === "STOPPED" ? k : { ...k, lastStatus: "STOPPED", ...containerExitFields({ kind: "create-failed", message: reason }) },
          );
        }
      }
      if (attachFailure !== undefined) {
        for (const c of entry.state.containers) {
          this.setContainer(entry, c.name, (k) =>
            k.lastStatus === "STOPPED" ? k : { ...k, lastStatus: "STOPPED", ...containerExitFields({ kind: "create-failed", message: attachFailure! }) },
          );
        }
      }
      const a = entry.state.assigned;
      const ok = failures.size === 0 && volumeFailure === undefined && attachFailure === undefined && entry.state.desiredStatus === "RUNNING";
      // A task of one container holds its namespace itself (needsPause): its network is attached once
      // the cluster network and the metadata endpoint are ready; the container publishes the address.
      if (a.networkMode === "awsvpc" && ok && !needsPause(defs)) entry.state = setNetwork(entry.state, "ATTACHED");
      if (
        a.networkMode === "awsvpc" &&
        needsPause(defs) &&
        entry.pauseId === undefined &&
        failures.size === 0 &&
        volumeFailure === undefined &&
        attachFailure === undefined &&
        entry.state.desiredStatus === "RUNNING"
      ) {
        const network = this.networking.pauseNetwork(entry.attachment!, a, defs.map((d) => d.name!));
        try {
          entry.pauseId = await this.runtime.createContainer(
            pauseSpec(defs, {
              dockerName: pauseDockerName(a.taskArn),
              labels: containerLabels(this.identity, a, "", "pause"),
              address: a.privateIpv4Address ?? this.hostIp,
              ...(network !== undefined && { network }),
              ...(entry.attachment?.dns !== undefined && { dns: entry.attachment.dns }),
            }),
          );
          await this.runtime.startContainer(entry.pauseId);
          this.noteTaskAddress(entry, await this.inspect(entry.pauseId)); // DNS relay: the task's address on the cluster network
          entry.state = setNetwork(entry.state, "ATTACHED");
        } catch (e) {
          const kind = isRuntimeError(e, "start") ? "start-failed" : "create-failed";
          for (const c of entry.state.containers) {
            this.setContainer(entry, c.name, (k) =>
              k.lastStatus === "STOPPED" ? k : { ...k, lastStatus: "STOPPED", ...containerExitFields({ kind, message: message(e) }) },
            );
          }
        }
      }
      entry.phase = "ready";
    });
  }

  private async startOne(entry: Entry, name: string): Promise<void> {
    const a = entry.state.assigned;
    const c = entry.state.containers.find((k) => k.name === name)!;
    const fail = (kind: "create-failed" | "start-failed", e: unknown) =>
      this.enqueue(entry, () => {
        entry.starting.delete(name);
        this.setContainer(entry, name, (k) =>
          k.lastStatus === "STOPPED" ? k : { ...k, lastStatus: "STOPPED", ...containerExitFields({ kind, message: message(e) }) },
        );
      });
    // ---- awslogs (src/agent/logs/): a log stream that can't be opened fails the container ----
    const logsFailure = await this.logs?.open(a, c.def);
    if (logsFailure !== undefined) {
      return this.enqueue(entry, () => {
        entry.starting.delete(name);
        this.setContainer(entry, name, (k) => (k.lastStatus === "STOPPED" ? k : { ...k, lastStatus: "STOPPED", reason: logsFailure }));
      });
    }
    // ---- end awslogs ----
    let id: string;
    if (c.def.privileged === true && !this.allowPrivileged) {
      // Placement keeps such tasks off this instance (it lacks the capability); StartTask can still name it.
      return fail("create-failed", new Error("privileged containers are not allowed on this container instance (start its agent with --allow-privileged)"));
    }
    try {
      id = await this.runtime.createContainer(
        containerSpec(c.def, {
          task: a,
          dockerName: dockerName(a.taskArn, name),
          labels: containerLabels(this.identity, a, name),
          hostIp: this.hostIp,
          defaultStopTimeoutSeconds: this.stopTimeout,
          pauseContainerId: entry.pauseId,
          ...(entry.attachment !== undefined && { extras: this.networking.containerExtras(entry.attachment, a, name) }),
        }),
      );
    } catch (e) {
      return fail("create-failed", e);
    }
    this.enqueue(entry, () => this.setContainer(entry, name, (k) => ({ ...k, runtimeId: id })));
    try {
      await this.runtime.startContainer(id);
    } catch (e) {
      return fail("start-failed", e);
    }
    this.logs?.follow(a, c.def, id); // awslogs: ship its log until it stops
    this.enqueue(entry, async () => {
      entry.starting.delete(name);
      // One inspect per start: whichever of this and the start event comes first on the chain
      // inspects (the engine's answer and its event arrive in either order); the other sees the
      // container RUNNING (or STOPPED, if it exited at once) and skips. This one also covers an
      // event that is lost, and a container gone again.
      const k = entry.state.containers.find((x) => x.name === name);
      if (k?.runtimeId === id && k.lastStatus !== "PENDING") return;
      const s = await this.inspect(id);
      if (s === undefined) return;
      this.noteHolderAddress(entry, s); // DNS relay
      this.setContainer(entry, name, (x) => observe(x, s, a.networkMode !== "awsvpc"));
    });
  }

  /** awsvpc without a pause container: the task's only container holds its namespace (DNS relay). */
  private noteHolderAddress(entry: Entry, s: ContainerState): void {
    if (entry.state.assigned.networkMode === "awsvpc" && entry.pauseId === undefined && s.running) this.noteTaskAddress(entry, s);
  }

  private async stopOne(entry: Entry, name: string): Promise<void> {
    const a = entry.state.assigned;
    const c = entry.state.containers.find((k) => k.name === name)!;
    if (c.runtimeId === undefined) return;
    try {
      await this.runtime.stopContainer(c.runtimeId, c.def.stopTimeout ?? this.stopTimeout);
    } catch (e) {
      this.onError(e, a.taskArn);
    }
    const s = await this.inspect(c.runtimeId);
    if (s !== undefined) this.enqueue(entry, () => this.setContainer(entry, name, (k) => observe(k, s, a.networkMode !== "awsvpc")));
  }

  private async inspect(id: string): Promise<ContainerState | undefined> {
    try {
      return await this.runtime.inspectContainer(id);
    } catch (e) {
      if (isRuntimeError(e, "not-found")) return undefined;
      throw e;
    }
  }

  // ---- events ----

  private onEvent(e: ContainerEvent): void {
    if (this.closed || e.labels[LABEL_INSTANCE] !== this.identity.containerInstanceArn) return;
    if (e.labels[LABEL_ROLE] !== "container") return;
    const entry = this.tasks.get(e.labels[LABEL_TASK_ARN] ?? "");
    const name = e.labels[LABEL_CONTAINER_NAME];
    if (entry === undefined || name === undefined) return;
    const bindings = entry.state.assigned.networkMode !== "awsvpc";
    switch (e.kind) {
      case "oom":
        entry.oom.add(name);
        // Usually before "die"; when it comes after, the exit already taken gets its reason now.
        this.enqueue(entry, () => this.setContainer(entry, name, observeLateOom));
        return;
      case "start":
      case "health_status":
        this.enqueue(entry, async () => {
          // A start the runner's own inspect after it (startOne) already folded in: nothing new.
          const k = entry.state.containers.find((x) => x.name === name);
          if (e.kind === "start" && k?.runtimeId === e.id && k.lastStatus !== "PENDING") return;
          const s = await this.inspect(e.id);
          if (s === undefined) return;
          if (e.kind === "start") this.noteHolderAddress(entry, s); // DNS relay
          this.setContainer(entry, name, (k) => observe(k, s, bindings));
        });
        return;
      case "die":
        // The engine sends "die" before it releases the container's network and mounts, and holds
        // the container meanwhile: an inspect now waits for that (100-350 ms on a loaded machine,
        // bench/replacement-latency.ts). The event has what STOPPED needs (the exit code; an OOM
        // kill's "oom" event comes before it), so the exit is taken from it at once; the inspect
        // is only the fallback for an event without an exit code.
        if (e.exitCode >= 0) {
          this.enqueue(entry, () => this.setContainer(entry, name, (k) => observeExit(k, e.exitCode, entry.oom.has(name), e.time)));
          return;
        }
        this.enqueue(entry, async () => {
          const s = await this.inspect(e.id);
          this.setContainer(entry, name, (k) =>
            s !== undefined ? observe(k, s, bindings) : observeExit(k, e.exitCode, entry.oom.has(name), e.time),
          );
        });
        return;
      case "create":
      case "destroy":
        return;
    }
  }
}

export function createTaskRunner(opts: TaskRunnerOptions): TaskRunner {
  return new TaskRunner(opts);
}
