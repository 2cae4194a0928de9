import type { RequestContext } from "../../../server/service.js";
import { updateCluster } from "./update-cluster.js";
import type { Cluster, ClusterSetting } from "../types.js";

export interface UpdateClusterSettingsRequest {
  cluster: string;
  settings: ClusterSetting[];
}

export interface UpdateClusterSettingsResponse {
  cluster: Cluster;
}

/** The settings-only form of UpdateCluster. */
export async function updateClusterSettings(input: UpdateClusterSettingsRequest, ctx: RequestContext): Promise<UpdateClusterSettingsResponse> {
  return updateCluster({ cluster: input.cluster, settings: input.settings }, ctx);
}
