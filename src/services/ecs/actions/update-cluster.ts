import type { RequestContext } from "../../../server/service.js";
import { ALL_INCLUDES, clusterView } from "../clusters/cluster-view.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { mergeSettings, validateClusterSettings } from "../clusters/settings.js";
import type { Cluster, ClusterSetting } from "../types.js";

export interface UpdateClusterRequest {
  cluster: string;
  settings?: ClusterSetting[];
  configuration?: Record<string, unknown>;
  serviceConnectDefaults?: { namespace: string };
}

export interface UpdateClusterResponse {
  cluster: Cluster;
}

/** Changes a cluster's settings, configuration or Service Connect defaults; omitted parts stay. */
export async function updateCluster(input: UpdateClusterRequest, ctx: RequestContext): Promise<UpdateClusterResponse> {
  if (input.settings) validateClusterSettings(input.settings);
  return ctx.store.write(async (tx) => {
    const record = await requireActiveCluster(tx, ctx, input.cluster);
    const doc = { ...record.doc };
    if (input.settings) doc.settings = mergeSettings((doc.settings as ClusterSetting[]) ?? [], input.settings);
    if (input.configuration) doc.configuration = input.configuration;
    if (input.serviceConnectDefaults) doc.serviceConnectDefaults = input.serviceConnectDefaults;
    const updated = { ...record, doc };
    await tx.clusters.put(updated);
    return { cluster: await clusterView(tx, updated, ALL_INCLUDES) };
  });
}
