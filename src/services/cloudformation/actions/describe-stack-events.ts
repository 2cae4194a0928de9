import type { RequestContext } from "../../../server/service.js";
import { findStack } from "../stacks/lookup.js";
import { paginate } from "../stacks/paging.js";
import { eventView } from "../stacks/view.js";

/** The stack's events, newest first. */
export async function describeStackEvents(input: { StackName: string; NextToken?: string }, ctx: RequestContext) {
  const stack = await findStack(ctx, input.StackName);
  const events = await ctx.store.read((tx) => tx.cloudformation.events(stack.stackId));
  const { items, NextToken } = paginate(ctx, `DescribeStackEvents:${stack.stackId}`, events, 100, input.NextToken);
  return { StackEvents: items.map(eventView), ...(NextToken && { NextToken }) };
}
