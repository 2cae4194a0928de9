import type { RequestContext } from "../../../server/service.js";
import { AwsError } from "../../../errors.js";
import { ALL_INCLUDES, clusterCounts, clusterView } from "../clusters/cluster-view.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import type { Cluster } from "../types.js";

export interface DeleteClusterRequest {
  cluster: string;
}

export interface DeleteClusterResponse {
  cluster: Cluster;
}

/**
 * Deletes an empty cluster: it becomes INACTIVE and stays describable. A cluster that still
 * holds services, tasks or container instances is refused with ECS's exception for each.
 */
export async function deleteCluster(input: DeleteClusterRequest, ctx: RequestContext): Promise<DeleteClusterResponse> {
  return ctx.store.write(async (tx) => {
    const record = await requireActiveCluster(tx, ctx, input.cluster);
    const counts = await clusterCounts(tx, record);
    if (counts.registeredContainerInstancesCount > 0) {
      throw new AwsError("ClusterContainsContainerInstancesException", "The Cluster cannot be deleted while Container Instances are active or draining.");
    }
    if (counts.activeServicesCount > 0) {
      throw new AwsError("ClusterContainsServicesException", "The Cluster cannot be deleted while Services are active.");
    }
    if (counts.runningTasksCount + counts.pendingTasksCount > 0) {
      throw new AwsError("ClusterContainsTasksException", "The Cluster cannot be deleted while Tasks are active.");
    }
    const inactive = { ...record, status: "INACTIVE" as const };
    await tx.clusters.put(inactive);
    return { cluster: await clusterView(tx, inactive, ALL_INCLUDES) };
  });
}
