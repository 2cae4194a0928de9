import type { RequestContext } from "../../../server/service.js";
import { templateBodyOf } from "../stacks/begin.js";
import { capabilityInfo, checkTemplate, declaredParameters } from "../template/summary.js";

export async function validateTemplate(input: { TemplateBody?: string; TemplateURL?: string }, _ctx: RequestContext) {
  const template = checkTemplate(templateBodyOf(input));
  return {
    Parameters: declaredParameters(template).map(({ ParameterType: _t, ParameterConstraints: _c, ...p }) => p),
    ...(template.Description !== undefined && { Description: template.Description }),
    ...capabilityInfo(template),
    DeclaredTransforms: template.Transform === undefined ? [] : [template.Transform].flat().map(String),
  };
}
