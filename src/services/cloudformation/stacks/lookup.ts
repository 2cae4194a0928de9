/** Finding stacks and change sets by name or ARN, with CloudFormation's errors. */
import type { RequestContext } from "../../../server/service.js";
import type { ChangeSetRecord, StackRecord } from "../../../store/store.js";
import { changeSetNotFound, stackNotFound, validationError } from "../errors.js";

export async function findStack(ctx: RequestContext, nameOrId: string | undefined): Promise<StackRecord> {
  if (!nameOrId) throw validationError("1 validation error detected: Value null at 'stackName' failed to satisfy constraint: Member must not be null");
  const s = await ctx.store.read((tx) => tx.cloudformation.getStack(ctx.region, nameOrId));
  if (!s) throw stackNotFound(nameOrId);
  return s;
}

/** A change set by ARN, or by name within the named stack. */
export async function findChangeSet(ctx: RequestContext, name: string, stackName: string | undefined): Promise<ChangeSetRecord> {
  if (name.startsWith("arn:")) {
    const c = await ctx.store.read((tx) => tx.cloudformation.getChangeSet(ctx.region, name));
    if (!c) throw changeSetNotFound(name);
    return c;
  }
  if (!stackName) throw validationError("StackName must be specified if ChangeSetName is not specified as an ARN.");
  const stack = await ctx.store.read((tx) => tx.cloudformation.getStack(ctx.region, stackName));
  if (!stack) throw changeSetNotFound(name);
  const c = await ctx.store.read((tx) => tx.cloudformation.changeSetByName(stack.stackId, name));
  if (!c) throw changeSetNotFound(name);
  return c;
}

/** Statuses from which a stack may be updated. */
export const UPDATABLE = new Set(["CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_FAILED", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE", "IMPORT_ROLLBACK_COMPLETE"]);

export const notUpdatable = (s: StackRecord) => validationError(`Stack:${s.stackId} is in ${s.status} state and can not be updated.`);
