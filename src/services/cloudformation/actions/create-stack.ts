import type { RequestContext } from "../../../server/service.js";
import { alreadyExists } from "../errors.js";
import { beginOperation, newStackDoc, prepareConfig, templateBodyOf } from "../stacks/begin.js";
import { checkStackName, stackArn } from "../stacks/arns.js";
import type { GivenParameter } from "../template/parameters.js";

export interface CreateStackRequest {
  StackName: string;
  TemplateBody?: string;
  TemplateURL?: string;
  Parameters?: GivenParameter[];
  DisableRollback?: boolean;
  OnFailure?: "DO_NOTHING" | "ROLLBACK" | "DELETE";
  TimeoutInMinutes?: number;
  NotificationARNs?: string[];
  Capabilities?: string[];
  RoleARN?: string;
  Tags?: { Key: string; Value: string }[];
  EnableTerminationProtection?: boolean;
}

/** Checks the template and parameters, records the stack CREATE_IN_PROGRESS, and starts creating. */
export async function createStack(input: CreateStackRequest, ctx: RequestContext): Promise<{ StackId: string }> {
  checkStackName(input.StackName);
  const existing = await ctx.store.read((tx) => tx.cloudformation.getStack(ctx.region, input.StackName));
  if (existing) throw alreadyExists(input.StackName);
  const stackId = stackArn(ctx, input.StackName);
  const { config } = await prepareConfig(ctx, {
    stackName: input.StackName,
    stackId,
    templateBody: templateBodyOf(input),
    parameters: input.Parameters ?? [],
    capabilities: input.Capabilities ?? [],
    tags: input.Tags ?? [],
  });
  const doc = newStackDoc(config, {
    disableRollback: input.DisableRollback ?? input.OnFailure === "DO_NOTHING",
    terminationProtection: input.EnableTerminationProtection,
    notificationARNs: input.NotificationARNs,
    timeoutInMinutes: input.TimeoutInMinutes,
    roleARN: input.RoleARN,
  });
  // Checked again in the transaction that writes the stack: two creates of one name can't both win.
  await beginOperation(ctx, { region: ctx.region, stackId, name: input.StackName, status: "CREATE_IN_PROGRESS", createdAt: ctx.now.getTime(), doc: doc as unknown as Record<string, unknown> }, "CREATE_IN_PROGRESS", async (tx) => {
    if (await tx.cloudformation.getStack(ctx.region, input.StackName)) throw alreadyExists(input.StackName);
  });
  return { StackId: stackId };
}
