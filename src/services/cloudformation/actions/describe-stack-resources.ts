import type { RequestContext } from "../../../server/service.js";
import { stackNotFound, validationError } from "../errors.js";
import { findStack } from "../stacks/lookup.js";
import { resourceView } from "../stacks/view.js";
import type { ResourceDoc } from "../stacks/types.js";

/** By stack (optionally one logical id), or the stack owning a physical id. */
export async function describeStackResources(input: { StackName?: string; LogicalResourceId?: string; PhysicalResourceId?: string }, ctx: RequestContext) {
  if (!input.StackName && !input.PhysicalResourceId) throw validationError("Either StackName or PhysicalResourceId must be specified.");
  let stack;
  if (input.StackName) stack = await findStack(ctx, input.StackName);
  else {
    const stacks = (await ctx.store.read((tx) => tx.cloudformation.listStacks(ctx.region))).filter((s) => s.status !== "DELETE_COMPLETE");
    for (const s of stacks) {
      const rs = await ctx.store.read((tx) => tx.cloudformation.resources(s.stackId));
      if (rs.some((r) => (r.doc as unknown as ResourceDoc).physicalId === input.PhysicalResourceId)) stack = s;
    }
    if (!stack) throw stackNotFound(input.PhysicalResourceId!);
  }
  const s = stack;
  const rs = (await ctx.store.read((tx) => tx.cloudformation.resources(s.stackId))).filter(
    (r) => (!input.LogicalResourceId || r.logicalId === input.LogicalResourceId) && (!input.PhysicalResourceId || (r.doc as unknown as ResourceDoc).physicalId === input.PhysicalResourceId),
  );
  return { StackResources: rs.map((r) => resourceView(s, r)) };
}
