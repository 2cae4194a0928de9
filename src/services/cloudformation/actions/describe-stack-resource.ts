import type { RequestContext } from "../../../server/service.js";
import { validationError } from "../errors.js";
import { findStack } from "../stacks/lookup.js";
import { resourceDetail } from "../stacks/view.js";

export async function describeStackResource(input: { StackName: string; LogicalResourceId: string }, ctx: RequestContext) {
  const stack = await findStack(ctx, input.StackName);
  const r = (await ctx.store.read((tx) => tx.cloudformation.resources(stack.stackId))).find((x) => x.logicalId === input.LogicalResourceId);
  if (!r) throw validationError(`Resource ${input.LogicalResourceId} does not exist for stack ${input.StackName}`);
  return { StackResourceDetail: resourceDetail(stack, r) };
}
