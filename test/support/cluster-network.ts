/**
 * For tests that remove task containers themselves (after killing a server): the cluster network
 * berth created for `clusterArn` is removed once no container uses it, as the agent would have.
 */
import { ClusterNetwork } from "../../src/agent/network/cluster-network.js";
import { DockerRuntime } from "../../src/agent/runtime/docker-runtime.js";

export async function releaseClusterNetwork(clusterArn: string, runtime = new DockerRuntime()): Promise<boolean> {
  return new ClusterNetwork(runtime, clusterArn).releaseIfUnused();
}
