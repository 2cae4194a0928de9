import type { RequestContext } from "../../../server/service.js";
import { validationError } from "../errors.js";
import { requestCancel } from "../engine/cancel.js";
import { findStack } from "../stacks/lookup.js";

/** An update in progress stops starting resources and rolls back. */
export async function cancelUpdateStack(input: { StackName: string }, ctx: RequestContext) {
  const stack = await findStack(ctx, input.StackName);
  if (stack.status !== "UPDATE_IN_PROGRESS") throw validationError(`CancelUpdateStack cannot be called from current stack status.`);
  requestCancel(stack.stackId);
  return {};
}
