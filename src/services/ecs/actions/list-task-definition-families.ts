import type { RequestContext } from "../../../server/service.js";
import { planPage, type PageRequest } from "../pagination.js";

export interface ListTaskDefinitionFamiliesRequest extends PageRequest {
  /** A true prefix of the family name. */
  familyPrefix?: string;
  /** ACTIVE: families with an ACTIVE revision; INACTIVE: families with none; ALL (the default): both. */
  status?: "ACTIVE" | "INACTIVE" | "ALL";
}

export interface ListTaskDefinitionFamiliesResponse {
  families: string[];
  nextToken?: string;
}

/**
 * Family names in order, 100 a page. A family whose revisions were all deleted still shows while
 * any revision is DELETE_IN_PROGRESS (as the DeleteTaskDefinitions documentation says).
 */
export async function listTaskDefinitionFamilies(input: ListTaskDefinitionFamiliesRequest, ctx: RequestContext): Promise<ListTaskDefinitionFamiliesResponse> {
  const query = { prefix: input.familyPrefix || undefined, status: input.status ?? "ALL" } as const;
  const page = planPage<string>(ctx, ["ListTaskDefinitionFamilies", ctx.region, query.prefix ?? null, query.status], input, 100);
  return ctx.store.read(async (tx) => {
    const rows = await tx.taskDefinitions.families(ctx.region, query, { after: page.after, limit: page.fetch });
    const { items, nextToken } = page.finish(rows, (f) => f);
    return { families: items, ...(nextToken && { nextToken }) };
  });
}
