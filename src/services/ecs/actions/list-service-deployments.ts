import type { RequestContext } from "../../../server/service.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { planPage, type PageRequest } from "../pagination.js";
import { requireService } from "../services/lookup.js";
import { briefView } from "../services/service-deployments.js";
import { serviceDoc } from "../services/types.js";

export interface ListServiceDeploymentsRequest extends PageRequest {
  service: string;
  cluster?: string;
  status?: string[];
  createdAt?: { before?: Date; after?: Date };
}

export interface ListServiceDeploymentsResponse {
  serviceDeployments: Record<string, unknown>[];
  nextToken?: string;
}

/** A service's deployments, newest first, 20 a page (ECS's default), filtered by status and creation time. */
export async function listServiceDeployments(input: ListServiceDeploymentsRequest, ctx: RequestContext): Promise<ListServiceDeploymentsResponse> {
  const page = planPage<string>(
    ctx,
    ["ListServiceDeployments", ctx.region, input.cluster ?? "default", input.service, input.status ?? [], input.createdAt?.before?.getTime() ?? 0, input.createdAt?.after?.getTime() ?? 0],
    input,
    20,
  );
  return ctx.store.read(async (tx) => {
    const cluster = await requireActiveCluster(tx, ctx, input.cluster);
    const record = await requireService(tx, ctx, cluster, input.service);
    let history = serviceDoc(record).scheduler.history.filter(
      (h) =>
        (input.status === undefined || input.status.includes(h.status)) &&
        (input.createdAt?.before === undefined || h.createdAt < input.createdAt.before.getTime()) &&
        (input.createdAt?.after === undefined || h.createdAt > input.createdAt.after.getTime()),
    );
    if (page.after !== undefined) history = history.slice(history.findIndex((h) => h.id === page.after) + 1);
    const { items, nextToken } = page.finish(history.slice(0, page.fetch), (h) => h.id);
    return { serviceDeployments: items.map((h) => briefView(ctx, record, h)), ...(nextToken && { nextToken }) };
  });
}
