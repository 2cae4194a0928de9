import type { RequestContext } from "../../../server/service.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { planPage, type PageRequest } from "../pagination.js";

export interface ListServicesRequest extends PageRequest {
  cluster?: string;
  launchType?: string;
  schedulingStrategy?: string;
  resourceManagementType?: string;
}

export interface ListServicesResponse {
  serviceArns: string[];
  nextToken?: string;
}

/** ARNs of a cluster's ACTIVE services ordered by name, 10 a page (ECS's default), filtered by launch type and strategy. */
export async function listServices(input: ListServicesRequest, ctx: RequestContext): Promise<ListServicesResponse> {
  const page = planPage<string>(ctx, ["ListServices", ctx.region, input.cluster ?? "default", input.launchType ?? "", input.schedulingStrategy ?? ""], input, 10);
  return ctx.store.read(async (tx) => {
    const cluster = await requireActiveCluster(tx, ctx, input.cluster);
    const rows = await tx.services.list(
      ctx.region,
      cluster.name,
      {
        statuses: ["ACTIVE"],
        ...(input.launchType !== undefined && { launchType: input.launchType }),
        ...(input.schedulingStrategy !== undefined && { schedulingStrategy: input.schedulingStrategy }),
      },
      { after: page.after, limit: page.fetch },
    );
    const { items, nextToken } = page.finish(rows, (r) => r.name);
    return { serviceArns: items.map((r) => r.arn), ...(nextToken && { nextToken }) };
  });
}
