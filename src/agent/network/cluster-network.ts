/**
 * The cluster network: one user-defined Docker bridge network per ECS cluster, on which bridge-mode
 * task containers and awsvpc tasks' pause containers run, so that containers of different tasks in
 * a cluster reach each other (by address, Docker name or network alias). Containers reach the host
 * at the network's gateway address, where the agent serves the task metadata endpoint.
 *
 * Several agents on one engine share the network: creating it is idempotent (the runtime's
 * `ensureNetwork` settles creation races), and an agent removes it only when no container at all
 * (any agent's, in any state) is attached; Docker itself refuses while one runs. The one window left
 * open is between another agent's `acquire` and its first container create on the network.
 */
import { createHash } from "node:crypto";
import type { ContainerRuntime, NetworkState } from "../runtime/runtime.js";
import { isRuntimeError } from "../runtime/runtime.js";
import { LABEL_CLUSTER } from "../tasks/labels.js";

/** "cluster" on every network berth creates for a cluster. */
export const LABEL_NETWORK = "berth.network";
export const LABEL_CLUSTER_ARN = "berth.cluster-arn";

/** The network's name: `berth-<cluster name>-<8 hex of the cluster ARN>` (one cluster name may exist in
 * several regions or accounts served by one engine). Docker names allow [a-zA-Z0-9][a-zA-Z0-9_.-]. */
export function clusterNetworkName(clusterArn: string): string {
  const clusterName = clusterArn.slice(clusterArn.lastIndexOf("/") + 1);
  const hash = createHash("sha256").update(clusterArn).digest("hex").slice(0, 8);
  return `berth-${clusterName}-${hash}`.replace(/[^a-zA-Z0-9_.-]/g, "_");
}

export function clusterNetworkLabels(clusterArn: string): Record<string, string> {
  return {
    [LABEL_NETWORK]: "cluster",
    [LABEL_CLUSTER]: clusterArn.slice(clusterArn.lastIndexOf("/") + 1),
    [LABEL_CLUSTER_ARN]: clusterArn,
  };
}

/** The label filter for every cluster network berth made (`{...}` plus a cluster ARN for one). */
export function clusterNetworkFilter(clusterArn?: string): Record<string, string> {
  return clusterArn === undefined ? { [LABEL_NETWORK]: "cluster" } : { [LABEL_NETWORK]: "cluster", [LABEL_CLUSTER_ARN]: clusterArn };
}

/** A task's id: the last segment of its ARN. */
export function taskIdOf(taskArn: string): string {
  return taskArn.slice(taskArn.lastIndexOf("/") + 1);
}

/**
 * Network aliases for a task on the cluster network: `<container>.<task id>` for each container the
 * endpoint carries (bridge: one container; awsvpc: the pause container carries all of the task's),
 * and, for awsvpc, the task id itself. Docker names (`berth-<task id>-<container>`) resolve too.
 */
export function taskAliases(taskArn: string, containerNames: readonly string[], wholeTask: boolean): string[] {
  const id = taskIdOf(taskArn);
  const aliases = containerNames.map((n) => `${n}.${id}`.replace(/[^a-zA-Z0-9_.-]/g, "_"));
  return wholeTask ? [id, ...aliases] : aliases;
}

export interface ClusterNetworkInfo {
  /** What containers join by: while another agent's racing duplicate of the name exists (until it
   * settles), the name is ambiguous to the engine, the id is not. */
  id: string;
  name: string;
  gateway: string;
  subnet?: string;
}

export class ClusterNetwork {
  readonly name: string;
  /** acquire and release run one at a time, in call order. */
  private ops: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly runtime: ContainerRuntime,
    readonly clusterArn: string,
  ) {
    this.name = clusterNetworkName(clusterArn);
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.ops.catch(() => undefined).then(fn);
    this.ops = next;
    return next;
  }

  /** An acquire queued and not yet started: later callers share it (it checks after their call). */
  private queued?: Promise<ClusterNetworkInfo>;

  /** Creates the network if absent (idempotent, safe beside other agents) and describes it. Each
   * call is answered by a check made after it, since another agent may have removed the network
   * meanwhile; calls that arrive while one check waits its turn share it (50 tasks at once make a
   * few engine round trips, not 50 in a row). */
  acquire(): Promise<ClusterNetworkInfo> {
    if (this.queued !== undefined) return this.queued;
    const next: Promise<ClusterNetworkInfo> = this.serial(async () => {
      if (this.queued === next) this.queued = undefined; // started: later callers queue a fresh check
      // The usual case, one engine call: the network is there, once, with its gateway.
      const listed = (await this.runtime.listNetworks(clusterNetworkFilter(this.clusterArn))).filter((n) => n.name === this.name);
      if (listed.length === 1 && listed[0]!.gateway !== undefined) return info(listed[0]!);
      // Absent, or another agent's racing duplicate to settle. By id: while a duplicate exists
      // (until ensureNetwork settles it), the name is ambiguous.
      const id = await this.runtime.ensureNetwork({ name: this.name, labels: clusterNetworkLabels(this.clusterArn) });
      return info(await this.runtime.inspectNetwork(id));
    });
    this.queued = next;
    return next;
  }

  /**
   * Removes the network when no container is attached to it (created, running or exited, any
   * agent's) and `stillNeeded` (asked in turn, after every earlier acquire) says no: an agent passes
   * whether it holds tasks, so its own task between acquire and create keeps the network. Returns
   * whether it is gone. Docker refusing (a container started meanwhile) or another agent removing
   * it first are not failures.
   */
  releaseIfUnused(stillNeeded: () => boolean = () => false): Promise<boolean> {
    return this.serial(async () => {
      if (stillNeeded()) return false;
      if ((await this.runtime.networkContainers(this.name)).length > 0) return false;
      try {
        await this.runtime.removeNetwork(this.name);
        return true;
      } catch (e) {
        if (isRuntimeError(e) && /active endpoints/i.test(e.message)) return false;
        throw e;
      }
    });
  }
}

function info(n: NetworkState): ClusterNetworkInfo {
  if (n.gateway === undefined) throw new Error(`network ${n.name} has no IPv4 gateway`);
  return { id: n.id, name: n.name, gateway: n.gateway, ...(n.subnet !== undefined && { subnet: n.subnet }) };
}
