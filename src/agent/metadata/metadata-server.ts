/**
 * The agent's task metadata endpoint (v4 and v3): one HTTP server per listening address (the
 * cluster network's gateway for bridge and awsvpc tasks, the instance's loopback address for host
 * tasks), all on one port when the port is free everywhere. A request names a container by its
 * metadata id (paths.ts); the answer is built from the agent's own task state plus an inspect
 * (documents.ts). Ids are learned when the runner creates a container, or else found through the
 * `berth.metadata-id` label of this agent's containers (so an agent that adopted containers after a
 * restart still answers them).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { isRuntimeError, type ContainerRuntime, type ContainerState } from "../runtime/runtime.js";
import { LABEL_CONTAINER_NAME, LABEL_TASK_ARN } from "../tasks/labels.js";
import type { KnownTask } from "../tasks/task-state.js";
import { containerDocument, networkSample, statsDocument, taskDocument, type MetadataFacts, type NetworkSample, type TaskTags } from "./documents.js";
import { LABEL_METADATA_ID, parseMetadataPath, type MetadataRequest } from "./paths.js";

export interface MetadataSource {
  /** What the agent knows of a task it runs (undefined once forgotten). */
  task(taskArn: string): KnownTask | undefined;
  /** The task's and its container instance's tags (from the control plane), for /taskWithTags. */
  tags?(taskArn: string): Promise<TaskTags>;
  /** The cluster network the task's containers are on, with its subnet and gateway. */
  network?(): { name: string; subnet?: string; gateway?: string } | undefined;
}

export interface MetadataServerOptions {
  runtime: ContainerRuntime;
  source: MetadataSource;
  /** The label pairs that pick this agent's containers (id lookup by label). */
  agentFilter: Record<string, string>;
  /** The instance's loopback address (host-mode containers' address). */
  hostIp: string;
  region?: string;
  onError?: (error: unknown) => void;
}

interface Owner {
  taskArn: string;
  containerName: string;
}

class NotFound extends Error {}

export class MetadataServer {
  private readonly servers = new Map<string, Promise<{ server: http.Server; port: number }>>();
  private readonly owners = new Map<string, Owner>();
  private readonly samples = new Map<string, NetworkSample>();
  private port = 0;
  private closed = false;

  constructor(private readonly opts: MetadataServerOptions) {}

  /** Listens on `address` (idempotent) and returns the port: `port` if given and free, else the
   * port already used on other addresses if free there, else any. */
  listen(address: string, port?: number): Promise<number> {
    if (this.closed) return Promise.reject(new Error("metadata server closed"));
    let pending = this.servers.get(address);
    if (pending === undefined) {
      pending = this.open(address, port);
      this.servers.set(address, pending);
      pending.catch(() => this.servers.delete(address));
    }
    return pending.then((s) => s.port);
  }

  /** The container with metadata id `id` is `containerName` of `taskArn`. */
  register(id: string, taskArn: string, containerName: string): void {
    this.owners.set(id, { taskArn, containerName });
  }

  /** Forgets a removed task's ids. */
  forgetTask(taskArn: string): void {
    for (const [id, o] of this.owners) if (o.taskArn === taskArn) this.owners.delete(id);
  }

  /** Stops listening on `address` (e.g. a removed network's gateway). */
  async unlisten(address: string): Promise<void> {
    const pending = this.servers.get(address);
    this.servers.delete(address);
    await shut(pending);
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.servers.values()];
    this.servers.clear();
    await Promise.all(all.map(shut));
  }

  private async open(address: string, wanted?: number): Promise<{ server: http.Server; port: number }> {
    const server = http.createServer((req, res) => void this.serve(req, res));
    const tryListen = (port: number) =>
      new Promise<number>((resolve, reject) => {
        const onError = (e: Error) => reject(e);
        server.once("error", onError);
        server.listen(port, address, () => {
          server.off("error", onError);
          resolve((server.address() as AddressInfo).port);
        });
      });
    let port: number;
    const first = wanted ?? this.port;
    try {
      port = await tryListen(first);
    } catch (e) {
      if (first === 0 || (e as NodeJS.ErrnoException).code !== "EADDRINUSE") throw e;
      port = await tryListen(0);
    }
    if (this.port === 0) this.port = port;
    return { server, port };
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      res.end(text);
    };
    try {
      if (req.method !== "GET" && req.method !== "HEAD") return send(405, `Method ${req.method} not allowed`);
      const request = parseMetadataPath(req.url ?? "/");
      if (request === undefined) return send(404, `No metadata endpoint at ${req.url}`);
      send(200, await this.answer(request));
    } catch (e) {
      if (e instanceof NotFound) return send(404, e.message);
      this.opts.onError?.(e);
      send(500, `Unable to generate metadata: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private async owner(id: string): Promise<Owner> {
    const known = this.owners.get(id);
    if (known !== undefined) return known;
    const [c] = await this.opts.runtime.listContainers({ ...this.opts.agentFilter, [LABEL_METADATA_ID]: id });
    const taskArn = c?.labels[LABEL_TASK_ARN];
    const containerName = c?.labels[LABEL_CONTAINER_NAME];
    if (taskArn === undefined || containerName === undefined) throw new NotFound(`No container with metadata id ${id}`);
    const found = { taskArn, containerName };
    this.owners.set(id, found);
    return found;
  }

  private async inspect(id: string | undefined): Promise<ContainerState | undefined> {
    if (id === undefined) return undefined;
    try {
      return await this.opts.runtime.inspectContainer(id);
    } catch (e) {
      if (isRuntimeError(e, "not-found")) return undefined;
      throw e;
    }
  }

  private async facts(task: KnownTask, only?: string): Promise<MetadataFacts> {
    const inspected = new Map<string, ContainerState>();
    await Promise.all(
      task.containers
        .filter((c) => only === undefined || c.name === only)
        .map(async (c) => {
          const s = await this.inspect(c.runtimeId);
          if (s !== undefined) inspected.set(c.name, s);
        }),
    );
    const net = this.opts.source.network?.();
    return {
      task,
      inspected,
      hostIp: this.opts.hostIp,
      ...(net !== undefined && { networkName: net.name, subnet: net.subnet, gateway: net.gateway }),
      ...(this.opts.region !== undefined && { region: this.opts.region }),
    };
  }

  private async stats(id: string, version: 3 | 4): Promise<Record<string, unknown> | null> {
    try {
      const s = await this.opts.runtime.stats(id);
      const doc = statsDocument(s, version, this.samples.get(id));
      const sample = networkSample(s);
      if (sample !== undefined) this.samples.set(id, sample);
      return doc;
    } catch (e) {
      if (isRuntimeError(e, "not-found")) return null;
      throw e;
    }
  }

  private async answer(r: MetadataRequest): Promise<unknown> {
    const { taskArn, containerName } = await this.owner(r.id);
    const task = this.opts.source.task(taskArn);
    if (task === undefined) throw new NotFound(`Task ${taskArn} is not known to this agent`);
    switch (r.resource) {
      case "container": {
        const doc = containerDocument(await this.facts(task, containerName), containerName, r.version);
        if (doc === undefined) throw new NotFound(`No container ${containerName} in task ${taskArn}`);
        return doc;
      }
      case "task":
        return taskDocument(await this.facts(task), r.version);
      case "taskWithTags": {
        const facts = await this.facts(task);
        try {
          if (this.opts.source.tags === undefined) throw new Error("tags are not available from this agent");
          return taskDocument(facts, r.version, await this.opts.source.tags(taskArn));
        } catch (e) {
          // As the ECS agent: the task document with an Errors list instead of the tags.
          return {
            ...taskDocument(facts, r.version),
            Errors: [{ ErrorField: "TaskTags", ErrorMessage: e instanceof Error ? e.message : String(e), ResourceARN: taskArn }],
          };
        }
      }
      case "stats": {
        const id = task.containers.find((c) => c.name === containerName)?.runtimeId;
        return id === undefined ? null : this.stats(id, r.version);
      }
      case "taskStats": {
        const out: Record<string, unknown> = {};
        await Promise.all(
          task.containers
            .filter((c) => c.runtimeId !== undefined)
            .map(async (c) => {
              out[c.runtimeId!] = await this.stats(c.runtimeId!, r.version);
            }),
        );
        return out;
      }
    }
  }
}

async function shut(pending: Promise<{ server: http.Server }> | undefined): Promise<void> {
  const s = await pending?.catch(() => undefined);
  if (s === undefined) return;
  s.server.closeAllConnections();
  await new Promise<void>((resolve) => s.server.close(() => resolve()));
}
