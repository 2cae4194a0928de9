import type { RequestContext } from "../../../server/service.js";
import { findStack } from "../stacks/lookup.js";

export async function updateTerminationProtection(input: { StackName: string; EnableTerminationProtection: boolean }, ctx: RequestContext) {
  const stack = await findStack(ctx, input.StackName);
  await ctx.store.write(async (tx) => {
    const current = (await tx.cloudformation.getStack(ctx.region, stack.stackId))!;
    await tx.cloudformation.putStack({ ...current, doc: { ...current.doc, terminationProtection: input.EnableTerminationProtection } });
  });
  return { StackId: stack.stackId };
}
