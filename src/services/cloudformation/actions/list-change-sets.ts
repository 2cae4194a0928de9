import type { RequestContext } from "../../../server/service.js";
import { findStack } from "../stacks/lookup.js";
import type { ChangeSetDoc } from "../stacks/types.js";

export async function listChangeSets(input: { StackName: string; NextToken?: string }, ctx: RequestContext) {
  const stack = await findStack(ctx, input.StackName);
  // An executed change set stays readable by name or ARN, but is no longer listed.
  const sets = (await ctx.store.read((tx) => tx.cloudformation.changeSets(stack.stackId))).filter((c) => c.doc.ExecutionStatus !== "EXECUTE_COMPLETE");
  return {
    Summaries: sets.map((c) => {
      const d = c.doc as unknown as ChangeSetDoc;
      return {
        StackId: stack.stackId,
        StackName: stack.name,
        ChangeSetId: c.id,
        ChangeSetName: c.name,
        ExecutionStatus: d.ExecutionStatus,
        Status: d.Status,
        ...(d.StatusReason && { StatusReason: d.StatusReason }),
        CreationTime: new Date(d.CreationTime),
        ...(d.Description !== undefined && { Description: d.Description }),
        IncludeNestedStacks: false,
      };
    }),
  };
}
