/**
 * ValidateTemplate and GetTemplateSummary: the template checked without parameter values (every
 * Fn::If branch counts), and what it declares: parameters, capabilities, resource types.
 */
import { templateFormatError } from "../errors.js";
import { buildGraph, collectReferences } from "./graph.js";
import { capabilitiesNeeded, checkOutline } from "./prepare.js";
import { parseTemplate } from "./parse.js";
import type { Json, Template } from "./types.js";

export function checkTemplate(body: string): Template {
  const template = parseTemplate(body);
  checkOutline(template);
  const conditions = new Set(Object.keys(template.Conditions));
  const resources: Parameters<typeof buildGraph>[0]["resources"] = {};
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Condition !== undefined && !conditions.has(r.Condition)) {
      throw templateFormatError(`Unresolved dependencies [${r.Condition}]. Cannot find the condition in the Conditions block of the template`);
    }
    const refs = collectReferences((r.Properties ?? {}) as Json);
    for (const c of refs.conditions) if (!conditions.has(c)) throw templateFormatError(`Unresolved dependencies [${c}]. Cannot find the condition in the Conditions block of the template`);
    resources[id] = { refs, dependsOn: r.DependsOn === undefined ? [] : Array.isArray(r.DependsOn) ? r.DependsOn.map(String) : [String(r.DependsOn)] };
  }
  buildGraph({ resources, parameters: new Set(Object.keys(template.Parameters)) });
  return template;
}

const noEcho = (v: unknown) => v === true || v === "true";

export function declaredParameters(template: Template) {
  return Object.entries(template.Parameters).map(([key, d]) => ({
    ParameterKey: key,
    ...(d.Default !== undefined && { DefaultValue: Array.isArray(d.Default) ? d.Default.join(",") : String(d.Default) }),
    NoEcho: noEcho(d.NoEcho),
    ...(d.Description !== undefined && { Description: d.Description }),
    ParameterType: d.Type,
    ParameterConstraints: d.AllowedValues ? { AllowedValues: d.AllowedValues.map(String) } : {},
  }));
}

export function capabilityInfo(template: Template): { Capabilities?: string[]; CapabilitiesReason?: string } {
  const caps = capabilitiesNeeded(template, Object.keys(template.Resources));
  if (!caps.length) return {};
  const types = [...new Set(Object.values(template.Resources).filter((r) => r.Type.startsWith("AWS::IAM::")).map((r) => r.Type))];
  return { Capabilities: caps, CapabilitiesReason: `The following resource(s) require capabilities: [${types.join(", ")}]` };
}
