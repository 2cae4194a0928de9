import type { RequestContext } from "../../../server/service.js";
import { invalidParameter, invalidToken } from "../errors.js";
import { logStoreOf } from "../logs-runtime.js";
import { requireGroup } from "../names.js";
import { logStreamView } from "../views.js";

export interface DescribeLogStreamsRequest {
  logGroupName?: string;
  logGroupIdentifier?: string;
  logStreamNamePrefix?: string;
  orderBy?: "LogStreamName" | "LastEventTime";
  descending?: boolean;
  nextToken?: string;
  limit?: number;
}

export async function describeLogStreams(input: DescribeLogStreamsRequest, ctx: RequestContext) {
  const logs = logStoreOf(ctx);
  const g = requireGroup(logs, ctx, input);
  const orderBy = input.orderBy ?? "LogStreamName";
  if (orderBy === "LastEventTime" && input.logStreamNamePrefix !== undefined) {
    throw invalidParameter("Cannot order by LastEventTime with a logStreamNamePrefix.");
  }
  const descending = input.descending ?? false;
  const limit = input.limit ?? 50;
  const scope = `logs.DescribeLogStreams:${g.id}:${orderBy}:${descending}:${input.logStreamNamePrefix ?? ""}`;
  let after: unknown[] | undefined;
  if (input.nextToken !== undefined) {
    const pos = ctx.tokens.decode(scope, input.nextToken);
    if (!Array.isArray(pos)) throw invalidToken();
    after = pos;
  }
  const rows = logs.streams(g.id, { prefix: input.logStreamNamePrefix, orderBy, descending, after, limit: limit + 1 });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const position = last && (orderBy === "LogStreamName" ? [last.name] : [last.lastEvent ?? 0, last.name]);
  return {
    logStreams: page.map((s) => logStreamView(ctx, g.name, s)),
    ...(rows.length > limit && position ? { nextToken: ctx.tokens.encode(scope, position) } : {}),
  };
}
