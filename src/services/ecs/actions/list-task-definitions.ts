import type { RequestContext } from "../../../server/service.js";
import { JsonText, stringListJson } from "../../../protocol/json-text.js";
import type { TaskDefinitionStatus } from "../../../store/store.js";
import { planPage, type PageRequest } from "../pagination.js";

export interface ListTaskDefinitionsRequest extends PageRequest {
  /** Despite the name, the full family name: an exact filter (as ECS treats it). */
  familyPrefix?: string;
  status?: TaskDefinitionStatus;
  sort?: "ASC" | "DESC";
}

/** The response's shape; it is sent pre-serialized (a long ARN list is the whole answer). */
export interface ListTaskDefinitionsResponse {
  taskDefinitionArns: string[];
  nextToken?: string;
}

/** Revision ARNs of one status (ACTIVE unless asked), by family then revision, ASC unless asked; 100 a page. */
export async function listTaskDefinitions(input: ListTaskDefinitionsRequest, ctx: RequestContext): Promise<JsonText> {
  const query = { family: input.familyPrefix, status: input.status ?? "ACTIVE", sort: input.sort ?? "ASC" } as const;
  const page = planPage<[string, number]>(ctx, ["ListTaskDefinitions", ctx.region, query.family ?? null, query.status, query.sort], input, 100);
  return ctx.store.read(async (tx) => {
    const rows = await tx.taskDefinitions.list(ctx.region, query, { after: page.after, limit: page.fetch });
    const { items, nextToken } = page.finish(rows, (r) => [r.family, r.revision]);
    // As JSON.stringify(ListTaskDefinitionsResponse) would write it: the ARNs, then nextToken if any.
    const arns = stringListJson(items.map((r) => r.arn));
    return new JsonText(`{"taskDefinitionArns":${arns}${nextToken ? `,"nextToken":${JSON.stringify(nextToken)}` : ""}}`);
  });
}
