import type { RequestContext } from "../../../server/service.js";
import { AwsError } from "../../../errors.js";
import { findChangeSet } from "../stacks/lookup.js";

export async function deleteChangeSet(input: { ChangeSetName: string; StackName?: string }, ctx: RequestContext) {
  const cs = await findChangeSet(ctx, input.ChangeSetName, input.StackName);
  if (cs.doc.ExecutionStatus === "EXECUTE_IN_PROGRESS") {
    throw new AwsError("InvalidChangeSetStatus", `Cannot delete ChangeSet [${cs.id}] while it is being executed.`);
  }
  await ctx.store.write((tx) => tx.cloudformation.deleteChangeSet(cs.id));
  return {};
}
