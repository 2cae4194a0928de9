import type { RequestContext } from "../../../server/service.js";
import { findStack } from "../stacks/lookup.js";
import { stackView } from "../stacks/view.js";
import { paginate } from "../stacks/paging.js";

/** One stack by name or id (a deleted stack only by id), or every stack that is not deleted. */
export async function describeStacks(input: { StackName?: string; NextToken?: string }, ctx: RequestContext) {
  if (input.StackName) return { Stacks: [stackView(await findStack(ctx, input.StackName))] };
  const all = (await ctx.store.read((tx) => tx.cloudformation.listStacks(ctx.region))).filter((s) => s.status !== "DELETE_COMPLETE");
  const { items, NextToken } = paginate(ctx, "DescribeStacks", all, 100, input.NextToken);
  return { Stacks: items.map(stackView), ...(NextToken && { NextToken }) };
}
