import type { RequestContext } from "../../../server/service.js";
import { findChangeSet } from "../stacks/lookup.js";
import type { ChangeSetDoc } from "../stacks/types.js";

export async function describeChangeSet(input: { ChangeSetName: string; StackName?: string }, ctx: RequestContext) {
  const cs = await findChangeSet(ctx, input.ChangeSetName, input.StackName);
  const stack = await ctx.store.read((tx) => tx.cloudformation.getStack(ctx.region, cs.stackId));
  const d = cs.doc as unknown as ChangeSetDoc;
  return {
    ChangeSetName: d.ChangeSetName,
    ChangeSetId: cs.id,
    StackId: cs.stackId,
    StackName: stack?.name ?? "",
    ...(d.Description !== undefined && { Description: d.Description }),
    ...(d.parameters.length && { Parameters: d.parameters }),
    CreationTime: new Date(d.CreationTime),
    ExecutionStatus: d.ExecutionStatus,
    Status: d.Status,
    ...(d.StatusReason && { StatusReason: d.StatusReason }),
    NotificationARNs: d.notificationARNs,
    ...(d.capabilities.length && { Capabilities: d.capabilities }),
    Tags: d.tags,
    Changes: d.changes,
    IncludeNestedStacks: false,
  };
}
