/**
 * Everything checked before a stack operation creates anything: the template's outline,
 * parameter declarations and values, resource types, conditions, references and cycles,
 * capabilities, imports that must exist and exports that must be free. The result is what the
 * engine evaluates resources with.
 */
import { insufficientCapabilities, templateError, templateFormatError, validationError } from "../errors.js";
import { checkIntrinsicShapes } from "./shapes.js";
import { providers } from "../providers/index.js";
import { evaluateConditions } from "./conditions.js";
import { checkRules } from "./rules.js";
import { buildGraph, collectReferences, PSEUDO } from "./graph.js";
import { pseudoParameters, resolveValue, type Env } from "./intrinsics.js";
import { checkParameterDeclarations, resolveParameters, ssmParameterNames, type GivenParameter, type ResolvedParameters } from "./parameters.js";
import { parseTemplate } from "./parse.js";
import { isObject, type Json, type ParamValue, type Template } from "./types.js";

export interface ExportEntry {
  value: string;
  stackId: string;
  stackName: string;
}

export interface PrepareInput {
  templateBody: string;
  parameters: GivenParameter[];
  previousRaw?: ReadonlyMap<string, string>;
  stackName: string;
  stackId: string;
  region: string;
  accountId: string;
  /** Parameter Store values of the region, read on demand. */
  ssm(name: string): Promise<string | undefined>;
  /** Exports of the region (other stacks' and this stack's). */
  exports: ReadonlyMap<string, ExportEntry>;
  /** Undefined: capabilities are not checked (ValidateTemplate, GetTemplateSummary). */
  capabilities?: string[];
}

export interface Prepared {
  template: Template;
  templateBody: string;
  parameters: ResolvedParameters;
  /** Parameters and pseudo parameters. */
  values: Map<string, ParamValue>;
  conditions: Map<string, boolean>;
  /** The resources the template declares whose condition holds. */
  graph: Map<string, Set<string>>;
  capabilitiesNeeded: string[];
}

/** Types not in the provider registry, as CloudFormation's error. */
export function checkResourceTypes(template: Template): void {
  const unknown = [...new Set(Object.values(template.Resources).map((r) => r.Type))].filter((t) => !providers.has(t));
  if (unknown.length) throw templateFormatError(`Unrecognized resource types: [${unknown.join(", ")}]`);
}

export function checkTransform(template: Template): void {
  if (template.Transform === undefined) return;
  const names = (Array.isArray(template.Transform) ? template.Transform : [template.Transform]).map(String);
  const unsupported = names.filter((n) => n !== "AWS::LanguageExtensions");
  if (unsupported.length) throw validationError(`Transform ${unsupported.join(", ")} is not supported by berth`);
}

/** The capabilities the template's resources require. */
export function capabilitiesNeeded(template: Template, included: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const id of included) {
    const r = template.Resources[id]!;
    const c = providers.get(r.Type)?.capability?.(r.Properties);
    if (c) out.add(c);
  }
  if (out.has("CAPABILITY_NAMED_IAM")) out.delete("CAPABILITY_IAM");
  return [...out];
}

/** Outline-only checks that need no parameter values (ValidateTemplate). */
export function checkOutline(template: Template): void {
  checkTransform(template);
  checkParameterDeclarations(template);
  checkResourceTypes(template);
  checkIntrinsicShapes([
    ...Object.values(template.Resources).map((r) => (r.Properties ?? {}) as Json),
    ...Object.values(template.Outputs).map((o) => [o.Value, (o.Export?.Name ?? null) as Json]),
    ...Object.values(template.Conditions),
  ]);
  const conditions = new Set(Object.keys(template.Conditions));
  for (const r of Object.values(template.Resources)) {
    for (const c of collectReferences((r.Properties ?? {}) as Json).conditions) {
      if (!conditions.has(c)) throw templateError(`unresolved condition dependency ${c} in Fn::If`);
    }
  }
}

export async function prepare(input: PrepareInput): Promise<Prepared> {
  const template = parseTemplate(input.templateBody);
  checkOutline(template);
  const ssmValues = new Map<string, string>();
  for (const name of ssmParameterNames(template, input.parameters)) {
    const v = await input.ssm(name);
    if (v !== undefined) ssmValues.set(name, v);
  }
  const parameters = resolveParameters(template, input.parameters, input.previousRaw, ssmValues);
  const values = new Map<string, ParamValue>([...pseudoParameters(input), ...parameters.values]);
  const conditions = evaluateConditions(template, values);
  checkRules(template.Rules, { params: values, conditions, mappings: template.Mappings, resources: new Set(), ref: () => "", getAtt: () => "", importValue: () => "" });
  const included: string[] = [];
  for (const [id, r] of Object.entries(template.Resources)) {
    if (r.Condition !== undefined) {
      const c = conditions.get(r.Condition);
      if (c === undefined) throw templateFormatError(`Unresolved dependencies [${r.Condition}]. Cannot find the condition in the Conditions block of the template`);
      if (!c) continue;
    }
    included.push(id);
  }
  const declared = new Set(Object.keys(template.Parameters));
  const refsOf = (v: Json) => collectReferences(v, undefined, conditions);
  const graph = buildGraph({
    parameters: declared,
    resources: Object.fromEntries(
      included.map((id) => {
        const r = template.Resources[id]!;
        const dependsOn = r.DependsOn === undefined ? [] : Array.isArray(r.DependsOn) ? r.DependsOn.map(String) : [String(r.DependsOn)];
        return [id, { refs: refsOf((r.Properties ?? {}) as Json), dependsOn }];
      }),
    ),
  });
  for (const o of Object.values(template.Outputs)) {
    if (o.Condition !== undefined && !conditions.get(o.Condition)) continue;
    const refs = refsOf([o.Value, (o.Export?.Name ?? null) as Json]);
    const missing = [...refs.refs].filter((r) => !graph.has(r) && !declared.has(r) && !PSEUDO.has(r));
    const missingAtt = [...refs.getAtts].filter((r) => !graph.has(r));
    if (missing.length || missingAtt.length) throw templateFormatError(`Unresolved resource dependencies [${[...missing, ...missingAtt].join(", ")}] in the Outputs block of the template`);
  }
  // Imports and exports that can be evaluated without resources are checked now.
  const staticEnv: Env = {
    params: values,
    conditions,
    mappings: template.Mappings,
    resources: new Set(),
    ref: () => {
      throw new Error("dynamic");
    },
    getAtt: () => {
      throw new Error("dynamic");
    },
    importValue: (name) => {
      const e = input.exports.get(name);
      if (!e) throw validationError(`No export named ${name} found`);
      return e.value;
    },
  };
  const tryStatic = (v: Json): Json | undefined => {
    try {
      return resolveValue(v, staticEnv);
    } catch (err) {
      if (err instanceof Error && err.message === "dynamic") return undefined;
      if (err instanceof Error && err.name === "ValidationError" && /No export named/.test(err.message)) throw err;
      return undefined;
    }
  };
  const walkImports = (v: Json): void => {
    if (Array.isArray(v)) return v.forEach(walkImports);
    if (!isObject(v)) return;
    if ("Fn::ImportValue" in v && Object.keys(v).length === 1) tryStatic(v);
    else Object.values(v).forEach(walkImports);
  };
  walkImports(included.map((id) => (template.Resources[id]!.Properties ?? {}) as Json));
  for (const o of Object.values(template.Outputs)) {
    if (o.Condition !== undefined && !conditions.get(o.Condition)) continue;
    walkImports(o.Value);
    if (o.Export) {
      const name = tryStatic(o.Export.Name);
      const owner = typeof name === "string" ? input.exports.get(name) : undefined;
      if (owner && owner.stackId !== input.stackId) throw validationError(`Export with name ${name} is already exported by stack ${owner.stackName}`);
    }
  }
  const needed = capabilitiesNeeded(template, included);
  if (input.capabilities) {
    const given = new Set(input.capabilities);
    const missing = needed.filter((c) => !given.has(c) && !(c === "CAPABILITY_IAM" && given.has("CAPABILITY_NAMED_IAM")));
    if (missing.length) throw insufficientCapabilities(missing);
  }
  return { template, templateBody: input.templateBody, parameters, values, conditions, graph, capabilitiesNeeded: needed };
}
