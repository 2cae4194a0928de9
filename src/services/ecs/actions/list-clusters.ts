import type { RequestContext } from "../../../server/service.js";
import { planPage, type PageRequest } from "../pagination.js";

export type ListClustersRequest = PageRequest;

export interface ListClustersResponse {
  clusterArns: string[];
  nextToken?: string;
}

/** ARNs of the region's ACTIVE clusters, by name, 100 a page unless maxResults says otherwise. */
export async function listClusters(input: ListClustersRequest, ctx: RequestContext): Promise<ListClustersResponse> {
  const page = planPage<string>(ctx, ["ListClusters", ctx.region], input, 100);
  return ctx.store.read(async (tx) => {
    // Inactive clusters are skipped; keep reading until a page is full or the list ends.
    const active = [];
    let after = page.after;
    for (;;) {
      const rows = await tx.clusters.list(ctx.region, { after, limit: page.fetch });
      active.push(...rows.filter((r) => r.status === "ACTIVE"));
      if (rows.length < page.fetch || active.length >= page.fetch) break;
      after = rows[rows.length - 1]!.name;
    }
    const { items, nextToken } = page.finish(active.slice(0, page.fetch), (r) => r.name);
    return { clusterArns: items.map((r) => r.arn), ...(nextToken && { nextToken }) };
  });
}
