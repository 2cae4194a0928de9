import type { RequestContext } from "../../../server/service.js";
import { NAME_PATTERN } from "../arns.js";
import { invalidParameter } from "../errors.js";
import { ALL_INCLUDES, clusterView } from "../clusters/cluster-view.js";
import { newClusterRecord } from "../clusters/lookup.js";
import { normalizeStrategy, validateCapacityProviders } from "../clusters/capacity-providers.js";
import { mergeSettings, validateClusterSettings } from "../clusters/settings.js";
import { DEFAULT_SETTINGS } from "../clusters/lookup.js";
import { checkTagLimit, normalizeTags, validateTags } from "../tags.js";
import type { CapacityProviderStrategyItem, Cluster, ClusterSetting, Tag } from "../types.js";

export interface CreateClusterRequest {
  clusterName?: string;
  tags?: Tag[];
  settings?: ClusterSetting[];
  configuration?: Record<string, unknown>;
  capacityProviders?: string[];
  defaultCapacityProviderStrategy?: CapacityProviderStrategyItem[];
  serviceConnectDefaults?: { namespace: string };
}

export interface CreateClusterResponse {
  cluster: Cluster;
}

/** Creates a cluster; an existing ACTIVE cluster of that name is returned unchanged. */
export async function createCluster(input: CreateClusterRequest, ctx: RequestContext): Promise<CreateClusterResponse> {
  const name = input.clusterName ?? "default";
  if (!NAME_PATTERN.test(name)) {
    throw invalidParameter("Cluster name must be 1-255 characters: letters (uppercase and lowercase), numbers, underscores and hyphens.");
  }
  const tags = normalizeTags(input.tags);
  validateTags(tags);
  checkTagLimit([], tags);
  const settings = mergeSettings(DEFAULT_SETTINGS, input.settings ?? []);
  validateClusterSettings(settings);
  const capacityProviders = input.capacityProviders ?? [];
  const strategy = normalizeStrategy(input.defaultCapacityProviderStrategy);
  validateCapacityProviders(capacityProviders, strategy);

  return ctx.store.write(async (tx) => {
    const existing = await tx.clusters.get(ctx.region, name);
    if (existing?.status === "ACTIVE") return { cluster: await clusterView(tx, existing, ALL_INCLUDES) };
    const doc: Record<string, unknown> = { settings, capacityProviders, defaultCapacityProviderStrategy: strategy };
    if (input.configuration) doc.configuration = input.configuration;
    if (input.serviceConnectDefaults) doc.serviceConnectDefaults = input.serviceConnectDefaults;
    const record = newClusterRecord(ctx, name, doc);
    await tx.clusters.put(record);
    // A re-created cluster starts with only the tags it is created with.
    const old = await tx.tags.get(record.arn);
    await tx.tags.remove(record.arn, old.map((t) => t.key));
    await tx.tags.put(record.arn, tags);
    return { cluster: await clusterView(tx, record, ALL_INCLUDES) };
  });
}
