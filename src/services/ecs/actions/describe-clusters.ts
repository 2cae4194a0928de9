import type { RequestContext } from "../../../server/service.js";
import { clusterArn, clusterName } from "../arns.js";
import { invalidParameter } from "../errors.js";
import { clusterView, type ClusterInclude } from "../clusters/cluster-view.js";
import type { Cluster, Failure } from "../types.js";

export interface DescribeClustersRequest {
  clusters?: string[];
  include?: ClusterInclude[];
}

export interface DescribeClustersResponse {
  clusters: Cluster[];
  failures: Failure[];
}

export const MAX_DESCRIBE_CLUSTERS = 100;

/** Describes up to 100 clusters (none named: `default`); unknown names come back as MISSING failures. */
export async function describeClusters(input: DescribeClustersRequest, ctx: RequestContext): Promise<DescribeClustersResponse> {
  const refs = input.clusters && input.clusters.length > 0 ? input.clusters : ["default"];
  if (refs.length > MAX_DESCRIBE_CLUSTERS) throw invalidParameter(`clusters can have at most ${MAX_DESCRIBE_CLUSTERS} items.`);
  const include = input.include ?? [];
  return ctx.store.read(async (tx) => {
    const clusters: Cluster[] = [];
    const failures: Failure[] = [];
    for (const ref of refs) {
      const name = clusterName(ref);
      const record = await tx.clusters.get(ctx.region, name);
      if (record) clusters.push(await clusterView(tx, record, include));
      else failures.push({ arn: clusterArn(ctx, name), reason: "MISSING" });
    }
    return { clusters, failures };
  });
}
