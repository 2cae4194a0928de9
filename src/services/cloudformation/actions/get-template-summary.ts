import type { RequestContext } from "../../../server/service.js";
import { templateBodyOf } from "../stacks/begin.js";
import { findStack } from "../stacks/lookup.js";
import type { StackDoc } from "../stacks/types.js";
import { capabilityInfo, checkTemplate, declaredParameters } from "../template/summary.js";

export async function getTemplateSummary(input: { TemplateBody?: string; TemplateURL?: string; StackName?: string }, ctx: RequestContext) {
  const body = input.StackName ? ((await findStack(ctx, input.StackName)).doc as unknown as StackDoc).templateBody : templateBodyOf(input);
  const template = checkTemplate(body);
  return {
    Parameters: declaredParameters(template),
    ...(template.Description !== undefined && { Description: template.Description }),
    ...capabilityInfo(template),
    ResourceTypes: [...new Set(Object.values(template.Resources).map((r) => r.Type))],
    ...(template.AWSTemplateFormatVersion && { Version: template.AWSTemplateFormatVersion }),
    ...(template.Metadata && { Metadata: JSON.stringify(template.Metadata) }),
    DeclaredTransforms: template.Transform === undefined ? [] : [template.Transform].flat().map(String),
    ResourceIdentifierSummaries: [],
  };
}
