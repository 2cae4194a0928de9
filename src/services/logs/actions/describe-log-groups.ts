import type { RequestContext } from "../../../server/service.js";
import { invalidParameter, invalidToken } from "../errors.js";
import { logStoreOf } from "../logs-runtime.js";
import { logGroupView } from "../views.js";

export interface DescribeLogGroupsRequest {
  logGroupNamePrefix?: string;
  logGroupNamePattern?: string;
  logGroupClass?: string;
  nextToken?: string;
  limit?: number;
}

const SCOPE = "logs.DescribeLogGroups";

/** Groups in name order, 50 a page by default; a pattern is a case-sensitive substring. */
export async function describeLogGroups(input: DescribeLogGroupsRequest, ctx: RequestContext) {
  if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
    throw invalidParameter("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
  }
  const limit = input.limit ?? 50;
  let after: string | undefined;
  if (input.nextToken !== undefined) {
    const pos = ctx.tokens.decode(SCOPE, input.nextToken);
    if (typeof pos !== "string") throw invalidToken();
    after = pos;
  }
  const rows = logStoreOf(ctx)
    .groups(ctx.region, { prefix: input.logGroupNamePrefix, pattern: input.logGroupNamePattern || undefined, after, limit: limit + 1 })
    .filter((g) => input.logGroupClass === undefined || g.logGroupClass === input.logGroupClass);
  const page = rows.slice(0, limit);
  const full = input.logGroupNamePattern === undefined;
  return {
    logGroups: page.map((g) => logGroupView(ctx, g, full)),
    ...(rows.length > limit ? { nextToken: ctx.tokens.encode(SCOPE, page.at(-1)!.name) } : {}),
  };
}
