import { isDeepStrictEqual } from "node:util";
import type { RequestContext } from "../../../server/service.js";
import { noUpdates, validationError } from "../errors.js";
import { beginOperation, prepareConfig, templateBodyOf } from "../stacks/begin.js";
import { findStack, notUpdatable, UPDATABLE } from "../stacks/lookup.js";
import type { StackConfig, StackDoc } from "../stacks/types.js";
import { parseTemplateText } from "../template/parse.js";
import type { GivenParameter } from "../template/parameters.js";

export interface UpdateStackRequest {
  StackName: string;
  TemplateBody?: string;
  TemplateURL?: string;
  UsePreviousTemplate?: boolean;
  Parameters?: GivenParameter[];
  Capabilities?: string[];
  Tags?: { Key: string; Value: string }[];
  DisableRollback?: boolean;
  NotificationARNs?: string[];
  RoleARN?: string;
}

/** The stack's configuration of the current state, kept as the rollback target. */
export const configOf = (d: StackDoc): StackConfig => ({
  templateBody: d.templateBody,
  parameters: d.parameters,
  rawParameters: d.rawParameters,
  ...(d.description !== undefined && { description: d.description }),
  outputs: d.outputs,
  imports: d.imports,
  tags: d.tags,
  capabilities: d.capabilities,
});

/** Whether the new configuration changes anything (template, parameter values or tags). */
export function sameConfig(a: StackConfig, b: StackConfig): boolean {
  return isDeepStrictEqual(parseTemplateText(a.templateBody), parseTemplateText(b.templateBody)) && isDeepStrictEqual(a.rawParameters, b.rawParameters) && isDeepStrictEqual(a.tags, b.tags);
}

export async function updateStack(input: UpdateStackRequest, ctx: RequestContext): Promise<{ StackId: string }> {
  const stack = await findStack(ctx, input.StackName);
  if (!UPDATABLE.has(stack.status)) throw notUpdatable(stack);
  const doc = stack.doc as unknown as StackDoc;
  if (input.UsePreviousTemplate && input.TemplateBody !== undefined) throw validationError("You cannot specify both usePreviousTemplate and Template Body");
  const { config } = await prepareConfig(ctx, {
    stackName: stack.name,
    stackId: stack.stackId,
    templateBody: input.UsePreviousTemplate ? doc.templateBody : templateBodyOf(input),
    parameters: input.Parameters ?? [],
    previousRaw: new Map(Object.entries(doc.rawParameters)),
    capabilities: input.Capabilities ?? [],
    tags: input.Tags ?? doc.tags,
  });
  if (sameConfig(configOf(doc), config)) throw noUpdates();
  const next: StackDoc = {
    ...doc,
    ...config,
    outputs: doc.outputs,
    imports: doc.imports,
    previous: configOf(doc),
    lastUpdatedTime: ctx.now.getTime(),
    disableRollback: input.DisableRollback ?? false,
    ...(input.NotificationARNs && { notificationARNs: input.NotificationARNs }),
  };
  delete next.changeSetId;
  await beginOperation(ctx, { ...stack, doc: next as unknown as Record<string, unknown> }, "UPDATE_IN_PROGRESS", async (tx) => {
    const now = await tx.cloudformation.getStack(ctx.region, stack.stackId);
    if (now && now.status !== stack.status) throw notUpdatable(now);
  });
  return { StackId: stack.stackId };
}
