import type { RequestContext } from "../../../server/service.js";
import { validationError } from "../errors.js";
import { beginOperation } from "../stacks/begin.js";
import { findStack } from "../stacks/lookup.js";
import type { ResourceDoc } from "../stacks/types.js";

/** UPDATE_ROLLBACK_FAILED → the rollback again; ResourcesToSkip are taken as rolled back as they are. */
export async function continueUpdateRollback(input: { StackName: string; ResourcesToSkip?: string[] }, ctx: RequestContext) {
  const stack = await findStack(ctx, input.StackName);
  if (stack.status !== "UPDATE_ROLLBACK_FAILED") {
    throw validationError(`Stack ${stack.stackId} is in ${stack.status} state and can not continue update rollback.`);
  }
  if (input.ResourcesToSkip?.length) {
    await ctx.store.write(async (tx) => {
      for (const r of await tx.cloudformation.resources(stack.stackId)) {
        if (!input.ResourcesToSkip!.includes(r.logicalId)) continue;
        const { previous: _p, replaced: _r, ...rest } = r.doc as unknown as ResourceDoc;
        await tx.cloudformation.putResource({ ...r, doc: { ...rest, status: "UPDATE_COMPLETE" } as unknown as Record<string, unknown> });
      }
    });
  }
  await beginOperation(ctx, stack, "UPDATE_ROLLBACK_IN_PROGRESS");
  return {};
}
