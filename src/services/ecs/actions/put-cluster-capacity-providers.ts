import type { RequestContext } from "../../../server/service.js";
import { ALL_INCLUDES, clusterView } from "../clusters/cluster-view.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { normalizeStrategy, validateCapacityProviders } from "../clusters/capacity-providers.js";
import type { CapacityProviderStrategyItem, Cluster } from "../types.js";

export interface PutClusterCapacityProvidersRequest {
  cluster: string;
  capacityProviders: string[];
  defaultCapacityProviderStrategy: CapacityProviderStrategyItem[];
}

export interface PutClusterCapacityProvidersResponse {
  cluster: Cluster;
}

/** Replaces the cluster's capacity providers and default strategy (an empty list clears them). */
export async function putClusterCapacityProviders(
  input: PutClusterCapacityProvidersRequest,
  ctx: RequestContext,
): Promise<PutClusterCapacityProvidersResponse> {
  const strategy = normalizeStrategy(input.defaultCapacityProviderStrategy);
  validateCapacityProviders(input.capacityProviders, strategy);
  return ctx.store.write(async (tx) => {
    const record = await requireActiveCluster(tx, ctx, input.cluster);
    const updated = { ...record, doc: { ...record.doc, capacityProviders: input.capacityProviders, defaultCapacityProviderStrategy: strategy } };
    await tx.clusters.put(updated);
    return { cluster: await clusterView(tx, updated, ALL_INCLUDES) };
  });
}
