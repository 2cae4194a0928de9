/** Finding the cluster a request names (a name or an ARN; none means `default`). */
import type { ClusterRecord, StoreTx } from "../../../store/store.js";
import type { RequestContext } from "../../../server/service.js";
import { clusterArn, clusterName } from "../arns.js";
import { clusterNotFound } from "../errors.js";

/** The ACTIVE cluster a request names, or ClusterNotFoundException. */
export async function requireActiveCluster(tx: StoreTx, ctx: RequestContext, ref: string | undefined): Promise<ClusterRecord> {
  const found = await tx.clusters.get(ctx.region, clusterName(ref));
  if (!found || found.status !== "ACTIVE") throw clusterNotFound();
  return found;
}

/**
 * The cluster a request that launches or registers something targets. As in ECS, a request that
 * names no cluster gets the `default` cluster, created on first use. Must run inside a write.
 */
export async function activeClusterOrDefault(tx: StoreTx, ctx: RequestContext, ref: string | undefined): Promise<ClusterRecord> {
  const name = clusterName(ref);
  const found = await tx.clusters.get(ctx.region, name);
  if (found?.status === "ACTIVE") return found;
  if (ref !== undefined && ref !== "") throw clusterNotFound();
  const record = newClusterRecord(ctx, name, {});
  await tx.clusters.put(record);
  return record;
}

export const DEFAULT_SETTINGS = [{ name: "containerInsights", value: "disabled" }];

export function newClusterRecord(ctx: RequestContext, name: string, doc: Record<string, unknown>): ClusterRecord {
  return {
    region: ctx.region,
    name,
    arn: clusterArn(ctx, name),
    status: "ACTIVE",
    doc: { settings: DEFAULT_SETTINGS, capacityProviders: [], defaultCapacityProviderStrategy: [], ...doc, createdAt: ctx.now.getTime() },
  };
}
