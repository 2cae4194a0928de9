import type { RequestContext } from "../../../server/service.js";
import { regionExports } from "../engine/environment.js";
import { paginate } from "../stacks/paging.js";

export async function listExports(input: { NextToken?: string }, ctx: RequestContext) {
  const all = [...(await regionExports(ctx.store, ctx.region))].map(([Name, e]) => ({ ExportingStackId: e.stackId, Name, Value: e.value })).sort((a, b) => (a.Name < b.Name ? -1 : 1));
  const { items, NextToken } = paginate(ctx, "ListExports", all, 100, input.NextToken);
  return { Exports: items, ...(NextToken && { NextToken }) };
}
