import type { RequestContext } from "../../../server/service.js";
import { findStack } from "../stacks/lookup.js";
import { paginate } from "../stacks/paging.js";
import { resourceSummary } from "../stacks/view.js";

export async function listStackResources(input: { StackName: string; NextToken?: string }, ctx: RequestContext) {
  const stack = await findStack(ctx, input.StackName);
  const rs = await ctx.store.read((tx) => tx.cloudformation.resources(stack.stackId));
  const { items, NextToken } = paginate(ctx, `ListStackResources:${stack.stackId}`, rs, 100, input.NextToken);
  return { StackResourceSummaries: items.map((r) => resourceSummary(stack, r)), ...(NextToken && { NextToken }) };
}
