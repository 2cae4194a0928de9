import type { RequestContext } from "../../../server/service.js";
import { validationError } from "../errors.js";
import { beginOperation } from "../stacks/begin.js";
import type { StackDoc } from "../stacks/types.js";

/** Starts deleting the stack; a stack that does not exist (or is deleted) is success, as in CloudFormation. */
export async function deleteStack(input: { StackName: string; RetainResources?: string[] }, ctx: RequestContext): Promise<Record<string, never>> {
  const stack = await ctx.store.read((tx) => tx.cloudformation.getStack(ctx.region, input.StackName));
  if (!stack || stack.status === "DELETE_COMPLETE" || stack.status === "DELETE_IN_PROGRESS") return {};
  const doc = stack.doc as unknown as StackDoc;
  if (doc.terminationProtection) throw validationError(`Stack [${stack.name}] cannot be deleted while TerminationProtection is enabled`);
  if (input.RetainResources?.length && stack.status !== "DELETE_FAILED") {
    throw validationError("Invalid operation on stack " + stack.stackId + ". RetainResources can only be specified when the stack is in the DELETE_FAILED state");
  }
  if (stack.status.endsWith("_IN_PROGRESS") && stack.status !== "REVIEW_IN_PROGRESS") {
    throw validationError(`Stack [${stack.name}] cannot be deleted while in status ${stack.status}`);
  }
  await beginOperation(ctx, { ...stack, doc: { ...doc, retainResources: input.RetainResources ?? [] } as unknown as Record<string, unknown> }, "DELETE_IN_PROGRESS", async (tx) => {
    const now = await tx.cloudformation.getStack(ctx.region, stack.stackId);
    if (now && now.status !== stack.status) throw validationError(`Stack [${stack.name}] cannot be deleted while in status ${now.status}`);
  });
  return {};
}
