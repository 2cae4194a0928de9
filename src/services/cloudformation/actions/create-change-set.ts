import { randomUUID } from "node:crypto";
import type { RequestContext } from "../../../server/service.js";
import { AwsError } from "../../../errors.js";
import { validationError } from "../errors.js";
import { regionExports } from "../engine/environment.js";
import { changeSetArn, checkStackName, stackArn } from "../stacks/arns.js";
import { prepareConfig, templateBodyOf } from "../stacks/begin.js";
import { diffResources } from "../stacks/diff.js";
import { notUpdatable, UPDATABLE } from "../stacks/lookup.js";
import type { ChangeSetDoc, ResourceDoc, StackDoc } from "../stacks/types.js";
import type { GivenParameter } from "../template/parameters.js";
import { newStackDoc } from "../stacks/begin.js";
import { configOf, sameConfig } from "./update-stack.js";

export interface CreateChangeSetRequest {
  StackName: string;
  ChangeSetName: string;
  ChangeSetType?: "CREATE" | "UPDATE" | "IMPORT";
  TemplateBody?: string;
  TemplateURL?: string;
  UsePreviousTemplate?: boolean;
  Parameters?: GivenParameter[];
  Capabilities?: string[];
  Tags?: { Key: string; Value: string }[];
  Description?: string;
  NotificationARNs?: string[];
}

const NO_CHANGES = "The submitted information didn't contain changes. Submit different information to create a change set.";

/**
 * Checks the template (errors are returned at once, as CloudFormation does), computes the
 * changes, and records the change set CREATE_COMPLETE (or FAILED when nothing changes). A
 * CREATE change set makes the stack, REVIEW_IN_PROGRESS.
 */
export async function createChangeSet(input: CreateChangeSetRequest, ctx: RequestContext): Promise<{ Id: string; StackId: string }> {
  const type = input.ChangeSetType ?? "UPDATE";
  if (!input.StackName.startsWith("arn:")) checkStackName(input.StackName);
  if (type === "IMPORT") throw validationError("berth does not support IMPORT change sets.");
  let stack = await ctx.store.read((tx) => tx.cloudformation.getStack(ctx.region, input.StackName));
  if (type === "CREATE" && stack && stack.status !== "REVIEW_IN_PROGRESS") {
    throw validationError(`Stack [${input.StackName}] already exists and cannot be created again with the changeSet [${input.ChangeSetName}].`);
  }
  if (type === "UPDATE" && (!stack || stack.status === "REVIEW_IN_PROGRESS")) throw validationError(`Stack [${input.StackName}] does not exist`);
  if (stack && type === "UPDATE" && !UPDATABLE.has(stack.status)) throw notUpdatable(stack);
  if (stack && (await ctx.store.read((tx) => tx.cloudformation.changeSetByName(stack!.stackId, input.ChangeSetName)))) {
    throw new AwsError("AlreadyExistsException", `ChangeSet [${input.ChangeSetName}] already exists`);
  }
  const stackId = stack?.stackId ?? stackArn(ctx, input.StackName);
  const doc = stack?.doc as unknown as StackDoc | undefined;
  const { prepared, config } = await prepareConfig(ctx, {
    stackName: input.StackName,
    stackId,
    templateBody: input.UsePreviousTemplate && doc ? doc.templateBody : templateBodyOf(input),
    parameters: input.Parameters ?? [],
    previousRaw: doc && type === "UPDATE" ? new Map(Object.entries(doc.rawParameters)) : undefined,
    capabilities: input.Capabilities ?? [],
    tags: input.Tags ?? doc?.tags ?? [],
  });
  const resources = stack && type === "UPDATE" ? await ctx.store.read((tx) => tx.cloudformation.resources(stackId)) : [];
  const current = new Map(resources.map((r) => [r.logicalId, r.doc as unknown as ResourceDoc]));
  let changes: ReturnType<typeof diffResources> = [];
  let failure: string | undefined;
  try {
    changes = diffResources(prepared, current, await regionExports(ctx.store, ctx.region));
  } catch (err) {
    failure = (err as Error).message;
  }
  if (!failure && type === "UPDATE" && changes.length === 0 && doc && sameConfig(configOf(doc), config)) failure = NO_CHANGES;
  const id = changeSetArn(ctx, input.ChangeSetName);
  const cs: ChangeSetDoc = {
    ChangeSetName: input.ChangeSetName,
    ChangeSetType: type,
    ...(input.Description !== undefined && { Description: input.Description }),
    Status: failure ? "FAILED" : "CREATE_COMPLETE",
    ...(failure && { StatusReason: failure }),
    ExecutionStatus: failure ? "UNAVAILABLE" : "AVAILABLE",
    CreationTime: ctx.now.getTime(),
    templateBody: config.templateBody,
    rawParameters: config.rawParameters,
    parameters: config.parameters,
    capabilities: config.capabilities,
    tags: config.tags,
    notificationARNs: input.NotificationARNs ?? [],
    changes: changes.map((c) => ({ Type: "Resource", ResourceChange: { ...c } }) as never),
  };
  await ctx.store.write(async (tx) => {
    if (!stack) {
      stack = {
        region: ctx.region,
        stackId,
        name: input.StackName,
        status: "REVIEW_IN_PROGRESS",
        createdAt: ctx.now.getTime(),
        doc: newStackDoc({ ...config, parameters: config.parameters }, {}) as unknown as Record<string, unknown>,
      };
      await tx.cloudformation.putStack(stack);
      await tx.cloudformation.addEvent({
        stackId,
        doc: { StackId: stackId, EventId: randomUUID(), StackName: input.StackName, LogicalResourceId: input.StackName, PhysicalResourceId: stackId, ResourceType: "AWS::CloudFormation::Stack", Timestamp: ctx.now.getTime(), ResourceStatus: "REVIEW_IN_PROGRESS", ResourceStatusReason: "User Initiated" },
      });
    }
    await tx.cloudformation.putChangeSet({ region: ctx.region, id, stackId, name: input.ChangeSetName, doc: cs as unknown as Record<string, unknown> });
  });
  return { Id: id, StackId: stackId };
}
