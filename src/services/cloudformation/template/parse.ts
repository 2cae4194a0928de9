/**
 * Template text → Template: JSON, or YAML with CloudFormation's short-form tags (`!Ref`, `!Sub`,
 * `!GetAtt`, ...) turned into their long form by custom tags of the `yaml` package. Checks the
 * top-level sections and their shapes, worded as CloudFormation's "Template format error".
 */
import YAML from "yaml";
import type { Tags } from "yaml";
import { templateFormatError } from "../errors.js";
import { isObject, type Json, type Template } from "./types.js";

const FUNCTIONS: Record<string, string> = {
  Ref: "Ref",
  Condition: "Condition",
  Sub: "Fn::Sub",
  GetAtt: "Fn::GetAtt",
  ImportValue: "Fn::ImportValue",
  Join: "Fn::Join",
  Select: "Fn::Select",
  Split: "Fn::Split",
  If: "Fn::If",
  Equals: "Fn::Equals",
  And: "Fn::And",
  Or: "Fn::Or",
  Not: "Fn::Not",
  FindInMap: "Fn::FindInMap",
  Base64: "Fn::Base64",
  Cidr: "Fn::Cidr",
  GetAZs: "Fn::GetAZs",
  Length: "Fn::Length",
  ToJsonString: "Fn::ToJsonString",
};

const customTags: Tags = Object.entries(FUNCTIONS).flatMap(([short, long]) => [
  // `!GetAtt A.B` is the scalar form of `Fn::GetAtt: [A, B]`.
  { tag: `!${short}`, resolve: (v: string) => ({ [long]: short === "GetAtt" ? splitGetAtt(v) : v }) },
  { tag: `!${short}`, collection: "seq" as const, resolve: (v: { toJSON(): unknown }) => ({ [long]: v.toJSON() }) },
  { tag: `!${short}`, collection: "map" as const, resolve: (v: { toJSON(): unknown }) => ({ [long]: v.toJSON() }) },
]);

function splitGetAtt(v: string): string[] {
  const dot = v.indexOf(".");
  return dot < 0 ? [v] : [v.slice(0, dot), v.slice(dot + 1)];
}

const SECTIONS = new Set([
  "AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Mappings", "Conditions", "Rules",
  "Transform", "Resources", "Outputs", "Hooks",
]);

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `(line ${before.length}, column ${before[before.length - 1]!.length + 1})`;
}

/** Parse the text of a template (JSON or YAML). */
export function parseTemplateText(text: string): Json {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    try {
      return JSON.parse(text) as Json;
    } catch (err) {
      const m = /position (\d+)/.exec(String(err));
      throw templateFormatError(`JSON not well-formed. ${lineCol(text, m ? Number(m[1]) : text.length)}`);
    }
  }
  const doc = YAML.parseDocument(text, { customTags, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw templateFormatError(`YAML not well-formed. ${lineCol(text, e.pos[0])}`);
  }
  return doc.toJS({ maxAliasCount: 1000 }) as Json;
}

const objectSection = (t: Record<string, Json>, name: string): Record<string, Json> => {
  const v = t[name];
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw templateFormatError(`${name} is not an object`);
  return v;
};

/** Parse and check the template's outline (sections and their shapes). */
export function parseTemplate(text: string): Template {
  const raw = parseTemplateText(text);
  if (!isObject(raw)) throw templateFormatError("unsupported structure.");
  const unknown = Object.keys(raw).filter((k) => !SECTIONS.has(k));
  if (unknown.length) throw templateFormatError(`Invalid template property or properties [${unknown.join(", ")}]`);
  if (raw.AWSTemplateFormatVersion !== undefined && !["2010-09-09"].includes(String(raw.AWSTemplateFormatVersion))) {
    throw templateFormatError(`'${String(raw.AWSTemplateFormatVersion)}' is not a valid template version.`);
  }
  if (raw.Description !== undefined && typeof raw.Description !== "string") throw templateFormatError("Description must be a string");
  const resources = objectSection(raw, "Resources");
  if (Object.keys(resources).length === 0) throw templateFormatError("At least one Resources member must be defined.");
  for (const [id, r] of Object.entries(resources)) {
    if (!isObject(r)) throw templateFormatError(`[/Resources/${id}] resource definition is malformed`);
    if (typeof r.Type !== "string") throw templateFormatError(`[/Resources/${id}] Every Resources object must contain a Type member.`);
    const unknownKeys = Object.keys(r).filter(
      (k) => !["Type", "Properties", "DependsOn", "Condition", "DeletionPolicy", "UpdateReplacePolicy", "Metadata", "CreationPolicy", "UpdatePolicy", "Version"].includes(k),
    );
    if (unknownKeys.length) throw templateFormatError(`Invalid template resource property '${unknownKeys[0]}'`);
    if (r.Properties !== undefined && !isObject(r.Properties)) throw templateFormatError(`[/Resources/${id}/Properties] properties must be an object`);
    for (const policy of ["DeletionPolicy", "UpdateReplacePolicy"] as const) {
      if (r[policy] !== undefined && !["Delete", "Retain", "Snapshot", "RetainExceptOnCreate"].includes(String(r[policy]))) {
        throw templateFormatError(`Unrecognized ${policy} ${JSON.stringify(r[policy])} for resource ${id}`);
      }
    }
  }
  const parameters = objectSection(raw, "Parameters");
  for (const [id, p] of Object.entries(parameters)) {
    if (!isObject(p) || typeof p.Type !== "string") throw templateFormatError(`Every Parameters object must contain a Type member.`);
  }
  const outputs = objectSection(raw, "Outputs");
  for (const [id, o] of Object.entries(outputs)) {
    if (!isObject(o) || o.Value === undefined) throw templateFormatError(`Every Outputs member must contain a Value object, the Outputs member ${id} does not`);
  }
  const mappings = objectSection(raw, "Mappings");
  for (const [id, m] of Object.entries(mappings)) {
    if (!isObject(m) || Object.values(m).some((v) => !isObject(v))) throw templateFormatError(`Mappings attribute ${id} must be a map of maps`);
  }
  return {
    ...(raw.AWSTemplateFormatVersion !== undefined && { AWSTemplateFormatVersion: String(raw.AWSTemplateFormatVersion) }),
    ...(typeof raw.Description === "string" && { Description: raw.Description }),
    ...(isObject(raw.Metadata) && { Metadata: raw.Metadata }),
    ...(isObject(raw.Rules) && { Rules: raw.Rules }),
    ...(raw.Transform !== undefined && { Transform: raw.Transform }),
    Parameters: parameters as unknown as Template["Parameters"],
    Mappings: mappings as unknown as Template["Mappings"],
    Conditions: objectSection(raw, "Conditions"),
    Resources: resources as unknown as Template["Resources"],
    Outputs: outputs as unknown as Template["Outputs"],
  };
}
