import type { RequestContext } from "../../../server/service.js";
import { findChangeSet, findStack } from "../stacks/lookup.js";
import type { ChangeSetDoc, StackDoc } from "../stacks/types.js";

export async function getTemplate(input: { StackName?: string; ChangeSetName?: string; TemplateStage?: string }, ctx: RequestContext) {
  const body = input.ChangeSetName
    ? ((await findChangeSet(ctx, input.ChangeSetName, input.StackName)).doc as unknown as ChangeSetDoc).templateBody
    : ((await findStack(ctx, input.StackName)).doc as unknown as StackDoc).templateBody;
  return { TemplateBody: body, StagesAvailable: ["Original", "Processed"] };
}
