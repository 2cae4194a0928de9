import type { RequestContext } from "../../../server/service.js";
import { paginate } from "../stacks/paging.js";
import { stackSummary } from "../stacks/view.js";

/** Every stack of the region, deleted ones too, filtered by status. */
export async function listStacks(input: { StackStatusFilter?: string[]; NextToken?: string }, ctx: RequestContext) {
  const filter = input.StackStatusFilter?.length ? new Set(input.StackStatusFilter) : undefined;
  const all = (await ctx.store.read((tx) => tx.cloudformation.listStacks(ctx.region))).filter((s) => !filter || filter.has(s.status));
  const { items, NextToken } = paginate(ctx, `ListStacks:${[...(filter ?? [])].join(",")}`, all, 100, input.NextToken);
  return { StackSummaries: items.map(stackSummary), ...(NextToken && { NextToken }) };
}
