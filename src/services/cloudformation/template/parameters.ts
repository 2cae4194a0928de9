/**
 * Parameters: the values a stack operation supplies, checked against the template's
 * declarations (Type, AllowedValues, AllowedPattern, Min/MaxLength, Min/MaxValue) with
 * CloudFormation's messages. `AWS::SSM::Parameter::Value<...>` parameters take their value from
 * Parameter Store: the caller fetches the names `ssmParameterNames` lists and passes them in.
 */
import { templateFormatError, validationError } from "../errors.js";
import type { ParamValue, ParameterDecl, Template } from "./types.js";

export interface GivenParameter {
  ParameterKey?: string;
  ParameterValue?: string;
  UsePreviousValue?: boolean;
}

const SSM_VALUE = /^AWS::SSM::Parameter::Value<(.+)>$/;
const EC2_TYPES = /^AWS::EC2::(AvailabilityZone::Name|Image::Id|Instance::Id|KeyPair::KeyName|SecurityGroup::GroupName|SecurityGroup::Id|Subnet::Id|Volume::Id|VPC::Id)$/;
const OTHER_TYPES = /^AWS::(Route53::HostedZone::Id|SSM::Parameter::Name)$/;

/** The element type of a List<...> type, or undefined. */
const listOf = (type: string) => /^List<(.+)>$/.exec(type)?.[1];

export function isKnownType(type: string): boolean {
  const inner = SSM_VALUE.exec(type)?.[1];
  if (inner !== undefined) return isKnownType(inner);
  const element = listOf(type);
  if (element !== undefined) return element === "Number" || element === "String" || EC2_TYPES.test(element) || OTHER_TYPES.test(element);
  return ["String", "Number", "CommaDelimitedList"].includes(type) || EC2_TYPES.test(type) || OTHER_TYPES.test(type);
}

const isList = (type: string): boolean => type === "CommaDelimitedList" || listOf(type) !== undefined;
const isNoEcho = (d: ParameterDecl) => d.NoEcho === true || d.NoEcho === "true";

/** Check the Parameters section itself (types, constraint shapes). */
export function checkParameterDeclarations(template: Template): void {
  for (const [key, d] of Object.entries(template.Parameters)) {
    if (!isKnownType(d.Type)) throw templateFormatError(`Unrecognized parameter type: ${d.Type}`);
    if (d.AllowedValues !== undefined && !Array.isArray(d.AllowedValues)) throw templateFormatError(`Every AllowedValues member must be a list; the parameter ${key} has none`);
  }
}

/** Names of Parameter Store parameters that SSM-typed parameters of this operation read. */
export function ssmParameterNames(template: Template, given: GivenParameter[]): string[] {
  const out: string[] = [];
  for (const [key, d] of Object.entries(template.Parameters)) {
    if (!SSM_VALUE.test(d.Type)) continue;
    const v = given.find((g) => g.ParameterKey === key)?.ParameterValue ?? (d.Default !== undefined ? String(d.Default) : undefined);
    if (v !== undefined) out.push(v);
  }
  return out;
}

function checkValue(key: string, d: ParameterDecl, value: string, type: string): void {
  const fail = (message: string) => {
    throw validationError(d.ConstraintDescription ? `Parameter '${key}' failed to satisfy constraint: ${d.ConstraintDescription}` : message);
  };
  const element = listOf(type);
  if (type === "Number" || element === "Number") {
    for (const v of element ? value.split(",") : [value]) {
      if (v.trim() === "" || !Number.isFinite(Number(v))) throw validationError(`Parameter '${key}' must be a number`);
      if (d.MinValue !== undefined && Number(v) < Number(d.MinValue)) fail(`Parameter '${key}' must be a number not less than ${d.MinValue}`);
      if (d.MaxValue !== undefined && Number(v) > Number(d.MaxValue)) fail(`Parameter '${key}' must be a number not greater than ${d.MaxValue}`);
    }
  }
  if (d.AllowedValues && !d.AllowedValues.map(String).includes(value)) {
    const items = isList(type) ? value.split(",") : [value];
    if (!isList(type) || items.some((v) => !d.AllowedValues!.map(String).includes(v))) fail(`Parameter '${key}' must be one of AllowedValues`);
  }
  if (d.AllowedPattern !== undefined && !new RegExp(`^(?:${d.AllowedPattern})$`).test(value)) fail(`Parameter '${key}' must match pattern ${d.AllowedPattern}`);
  if (d.MinLength !== undefined && value.length < Number(d.MinLength)) fail(`Parameter '${key}' must contain at least ${d.MinLength} characters`);
  if (d.MaxLength !== undefined && value.length > Number(d.MaxLength)) fail(`Parameter '${key}' must contain at most ${d.MaxLength} characters`);
}

export interface ResolvedParameters {
  /** Values for Ref, lists as arrays. */
  values: Map<string, ParamValue>;
  /** What DescribeStacks shows (NoEcho masked) and UsePreviousValue reads. */
  stored: { ParameterKey: string; ParameterValue: string; ResolvedValue?: string }[];
}

/**
 * Resolve the operation's parameters. `previous` holds the stack's current values (updates);
 * `ssm` the Parameter Store values fetched for `ssmParameterNames`.
 */
export function resolveParameters(
  template: Template,
  given: GivenParameter[],
  previous: ReadonlyMap<string, string> | undefined,
  ssm: ReadonlyMap<string, string>,
): ResolvedParameters {
  const declared = template.Parameters;
  const unknown = given.filter((g) => g.ParameterKey !== undefined && !(g.ParameterKey in declared)).map((g) => g.ParameterKey!);
  if (unknown.length) throw validationError(`Parameters: [${unknown.join(", ")}] do not exist in the template`);
  const values = new Map<string, ParamValue>();
  const stored: ResolvedParameters["stored"] = [];
  const missing: string[] = [];
  for (const [key, d] of Object.entries(declared)) {
    const g = given.find((p) => p.ParameterKey === key);
    let raw: string | undefined;
    if (g?.UsePreviousValue) {
      raw = previous?.get(key);
      if (raw === undefined) throw validationError(`Invalid input for parameter key ${key}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`);
    } else raw = g?.ParameterValue ?? (d.Default !== undefined ? (Array.isArray(d.Default) ? d.Default.join(",") : String(d.Default)) : undefined);
    if (raw === undefined) {
      missing.push(key);
      continue;
    }
    let type = d.Type;
    let resolved: string | undefined;
    const ssmType = SSM_VALUE.exec(type)?.[1];
    if (ssmType !== undefined) {
      resolved = ssm.get(raw);
      if (resolved === undefined) throw validationError(`Unable to fetch parameters [${raw}] from parameter store for this account.`);
      type = ssmType;
    }
    const value = resolved ?? raw;
    checkValue(key, d, value, type);
    values.set(key, isList(type) ? (value === "" ? [] : value.split(",").map((s) => s.trim())) : value);
    stored.push({ ParameterKey: key, ParameterValue: isNoEcho(d) ? "****" : raw, ...(resolved !== undefined && { ResolvedValue: resolved }) });
  }
  if (missing.length) throw validationError(`Parameters: [${missing.join(", ")}] must have values`);
  return { values, stored };
}

/** The raw values to remember for UsePreviousValue (NoEcho values included, never shown). */
export function rawValues(template: Template, given: GivenParameter[], previous: ReadonlyMap<string, string> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, d] of Object.entries(template.Parameters)) {
    const g = given.find((p) => p.ParameterKey === key);
    const v = g?.UsePreviousValue ? previous?.get(key) : g?.ParameterValue ?? (d.Default !== undefined ? (Array.isArray(d.Default) ? d.Default.join(",") : String(d.Default)) : undefined);
    if (v !== undefined) out.set(key, v);
  }
  return out;
}
