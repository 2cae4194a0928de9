/**
 * What the task runner asks of networking beyond the engine spec: the cluster network a task's
 * containers join (bridge containers, awsvpc pause containers), the network aliases they carry,
 * and the task metadata endpoint each container is told about (environment and label). It owns
 * the agent's ClusterNetwork and MetadataServer; the runner calls `prepare` before creating a
 * task's containers, `containerExtras` for each, `taskRemoved` after removing a task's containers
 * and `close` when the agent stops. With a TaskDns (task-dns.ts) the cluster network's gateway also
 * relays DNS to berth's server, and the task's containers get the gateway as their DNS server.
 */
import type { AssignedTask } from "../../agent-protocol/messages.js";
import type { ContainerRuntime, NetworkMode } from "../runtime/runtime.js";
import { MetadataServer, type MetadataSource } from "../metadata/metadata-server.js";
import { LABEL_METADATA_ENDPOINT, LABEL_METADATA_ID, metadataEnv, newMetadataId, parseEndpoint } from "../metadata/paths.js";
import { LABEL_TASK_ARN } from "../tasks/labels.js";
import { ClusterNetwork, taskAliases, type ClusterNetworkInfo } from "./cluster-network.js";
import type { TaskDns } from "./task-dns.js";

/** Where one task's containers are attached and reach the metadata endpoint. */
export interface TaskAttachment {
  /** bridge and awsvpc: the cluster network. */
  network?: ClusterNetworkInfo;
  metadataHost: string;
  metadataPort: number;
  /** The DNS servers the task's containers get: the gateway, when the DNS relay listens there. */
  dns?: string[];
}

export interface ContainerExtras {
  env: Record<string, string>;
  labels: Record<string, string>;
  /** bridge: the cluster network with the container's aliases; awsvpc: the task's (used by a container
   * that holds the task's namespace itself; with a pause container the others join it instead). */
  network?: NetworkMode;
  /** bridge: the gateway's DNS relay (a task definition's own dnsServers win). */
  dns?: string[];
}

export interface TaskNetworkingOptions {
  runtime: ContainerRuntime;
  agentFilter: Record<string, string>;
  /** The instance's loopback address: host-mode tasks reach the metadata endpoint there. */
  hostIp: string;
  region?: string;
  source: Pick<MetadataSource, "task" | "tags">;
  onError?: (error: unknown) => void;
  /** The agent's DNS relay (shared by its runners); none: containers keep Docker's resolver. */
  dns?: TaskDns;
}

export class TaskNetworking {
  private cluster?: ClusterNetwork;
  private info?: ClusterNetworkInfo;
  readonly metadata: MetadataServer;

  constructor(private readonly opts: TaskNetworkingOptions) {
    this.metadata = new MetadataServer({
      runtime: opts.runtime,
      agentFilter: opts.agentFilter,
      hostIp: opts.hostIp,
      ...(opts.region !== undefined && { region: opts.region }),
      ...(opts.onError !== undefined && { onError: opts.onError }),
      source: { ...bind(opts.source), network: () => this.info },
    });
  }

  /** Creates (or finds) the cluster network for bridge and awsvpc tasks and makes sure the metadata
   * endpoint listens where the task's containers reach it. */
  async prepare(task: Pick<AssignedTask, "clusterArn" | "networkMode">): Promise<TaskAttachment> {
    if (task.networkMode === "bridge" || task.networkMode === "awsvpc") {
      this.cluster ??= new ClusterNetwork(this.opts.runtime, task.clusterArn);
      const info = await this.cluster.acquire();
      if (this.info !== undefined && this.info.gateway !== info.gateway) {
        await this.metadata.unlisten(this.info.gateway);
        await this.opts.dns?.release(this.info.gateway, this);
      }
      this.info = info;
      const relayed = (await this.opts.dns?.acquire(info.gateway, this)) === true;
      return { network: info, metadataHost: info.gateway, metadataPort: await this.metadata.listen(info.gateway), ...(relayed && { dns: [info.gateway, ...(this.opts.dns?.fallback ?? [])] }) };
    }
    return { metadataHost: this.opts.hostIp, metadataPort: await this.metadata.listen(this.opts.hostIp) };
  }

  /** The environment, labels and network of one of the task's containers. */
  containerExtras(attachment: TaskAttachment, task: Pick<AssignedTask, "taskArn" | "networkMode">, containerName: string): ContainerExtras {
    const id = newMetadataId();
    this.metadata.register(id, task.taskArn, containerName);
    const extras: ContainerExtras = {
      env: metadataEnv(attachment.metadataHost, attachment.metadataPort, id),
      labels: { [LABEL_METADATA_ID]: id, [LABEL_METADATA_ENDPOINT]: `${attachment.metadataHost}:${attachment.metadataPort}` },
    };
    if (task.networkMode === "bridge" && attachment.network !== undefined) {
      extras.network = { kind: "network", name: attachment.network.id, aliases: taskAliases(task.taskArn, [containerName], false) };
      if (attachment.dns !== undefined) extras.dns = attachment.dns;
    } else if (task.networkMode === "awsvpc" && attachment.network !== undefined) {
      // Used when the container holds the task's namespace itself (no pause container): the task's aliases.
      extras.network = { kind: "network", name: attachment.network.id, aliases: taskAliases(task.taskArn, [containerName], true) };
      if (attachment.dns !== undefined) extras.dns = attachment.dns;
    }
    return extras;
  }

  /** awsvpc: the pause container joins the cluster network, carrying the task's aliases. */
  pauseNetwork(attachment: TaskAttachment, task: Pick<AssignedTask, "taskArn">, containerNames: readonly string[]): NetworkMode | undefined {
    if (attachment.network === undefined) return undefined;
    return { kind: "network", name: attachment.network.id, aliases: taskAliases(task.taskArn, containerNames, true) };
  }

  /**
   * After a restart: serves the metadata endpoint again where this agent's existing containers were
   * told it is (their LABEL_METADATA_ENDPOINT), and takes up their cluster network. Never fails: an
   * address that is gone (its network removed) is reported to onError and skipped.
   */
  async resume(): Promise<void> {
    try {
      const mine = (await this.opts.runtime.listContainers(this.opts.agentFilter)).filter((c) => c.labels[LABEL_METADATA_ENDPOINT] !== undefined);
      const taskArn = mine.map((c) => c.labels[LABEL_TASK_ARN]).find((a) => a !== undefined);
      if (taskArn !== undefined && mine.some((c) => parseEndpoint(c.labels[LABEL_METADATA_ENDPOINT])?.host !== this.opts.hostIp)) {
        this.cluster ??= new ClusterNetwork(this.opts.runtime, clusterArnOf(taskArn));
        const n = await this.opts.runtime.inspectNetwork(this.cluster.name).catch(() => undefined);
        if (n?.gateway !== undefined) {
          this.info = { id: n.id, name: n.name, gateway: n.gateway, ...(n.subnet !== undefined && { subnet: n.subnet }) };
          // Adopted containers were told the gateway is their DNS server.
          await this.opts.dns?.acquire(n.gateway, this);
        }
      }
      const endpoints = new Set(mine.map((c) => c.labels[LABEL_METADATA_ENDPOINT]!));
      for (const value of endpoints) {
        const e = parseEndpoint(value);
        if (e !== undefined) await this.metadata.listen(e.host, e.port).catch((err: unknown) => this.opts.onError?.(err));
      }
    } catch (e) {
      this.opts.onError?.(e);
    }
  }

  /** After a task's containers are removed: forget its ids; with no task left (`tasksLeft`, asked
   * when the release's turn comes), remove the cluster network unless some container (this agent's
   * or another's) still uses it. */
  async taskRemoved(taskArn: string, tasksLeft: () => number): Promise<void> {
    this.metadata.forgetTask(taskArn);
    await this.release(() => tasksLeft() > 0);
  }

  /** awsvpc: where other containers reach the task whose loopback address is `loopback` (its pause
   * container's address on the cluster network), for the DNS relay's answers. */
  taskAddress(loopback: string, networkAddress: string, taskArn: string): void {
    this.opts.dns?.setTaskAddress(loopback, networkAddress, taskArn);
  }

  /** The task is gone: forget its address (unless a newer task holds the loopback address now). */
  forgetTaskAddress(loopback: string, taskArn: string): void {
    this.opts.dns?.forgetTaskAddress(loopback, taskArn);
  }

  /** Stops serving metadata and removes the cluster network if nothing uses it. */
  async close(): Promise<void> {
    await this.metadata.close();
    const gateway = this.info?.gateway;
    await this.release();
    if (gateway !== undefined) await this.opts.dns?.release(gateway, this);
  }

  private async release(stillNeeded?: () => boolean): Promise<void> {
    if (this.cluster === undefined) return;
    if (await this.cluster.releaseIfUnused(stillNeeded)) {
      if (this.info !== undefined) await this.metadata.unlisten(this.info.gateway);
      if (this.info !== undefined) await this.opts.dns?.release(this.info.gateway, this);
      this.info = undefined;
    }
  }
}

function bind(source: Pick<MetadataSource, "task" | "tags">): Pick<MetadataSource, "task" | "tags"> {
  return {
    task: (arn) => source.task(arn),
    ...(source.tags !== undefined && { tags: (arn: string) => source.tags!(arn) }),
  };
}

/** `arn:aws:ecs:<region>:<account>:task/<cluster>/<id>` → that cluster's ARN. */
export function clusterArnOf(taskArn: string): string {
  const m = /^(arn:[^:]+:ecs:[^:]*:[^:]*:)task\/([^/]+)\/[^/]+$/.exec(taskArn);
  return m ? `${m[1]}cluster/${m[2]}` : taskArn;
}
