import type { RequestContext } from "../../../server/service.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { invalidParameter } from "../errors.js";
import { planPage, type PageRequest } from "../pagination.js";
import { requireService } from "../services/lookup.js";
import { briefView } from "../services/service-deployments.js";
import { serviceDoc } from "../services/types.js";

export interface ListServiceDeploymentsRequest extends PageRequest {
  service: string;
  cluster?: string;
  status?: string[];
  /** Timestamps arrive as the wire has them: epoch seconds, or an ISO-8601 string. */
  createdAt?: { before?: number | string; after?: number | string };
}

/** Epoch ms of a wire timestamp; an unreadable one is ECS's InvalidParameterException. */
function epochMs(value: number | string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === "number" ? value * 1000 : Date.parse(value);
  if (!Number.isFinite(ms)) throw invalidParameter(`createdAt.${name} is not a valid timestamp.`);
  return ms;
}

export interface ListServiceDeploymentsResponse {
  serviceDeployments: Record<string, unknown>[];
  nextToken?: string;
}

/** A service's deployments, newest first, 20 a page (ECS's default), filtered by status and creation time. */
export async function listServiceDeployments(input: ListServiceDeploymentsRequest, ctx: RequestContext): Promise<ListServiceDeploymentsResponse> {
  const before = epochMs(input.createdAt?.before, "before");
  const after = epochMs(input.createdAt?.after, "after");
  const page = planPage<string>(
    ctx,
    ["ListServiceDeployments", ctx.region, input.cluster ?? "default", input.service, input.status ?? [], before ?? 0, after ?? 0],
    input,
    20,
  );
  return ctx.store.read(async (tx) => {
    const cluster = await requireActiveCluster(tx, ctx, input.cluster);
    const record = await requireService(tx, ctx, cluster, input.service);
    let history = serviceDoc(record).scheduler.history.filter(
      (h) =>
        (input.status === undefined || input.status.includes(h.status)) &&
        (before === undefined || h.createdAt < before) &&
        (after === undefined || h.createdAt > after),
    );
    if (page.after !== undefined) history = history.slice(history.findIndex((h) => h.id === page.after) + 1);
    const { items, nextToken } = page.finish(history.slice(0, page.fetch), (h) => h.id);
    return { serviceDeployments: items.map((h) => briefView(ctx, record, h)), ...(nextToken && { nextToken }) };
  });
}
