/**
 * Intrinsic functions and pseudo parameters: `resolve(value, env)` evaluates a template value
 * (Ref, Fn::Sub, Fn::GetAtt, Fn::Join, Fn::If, ...) against an environment that knows the
 * parameters, conditions, mappings, and how to read a resource's Ref/GetAtt and an export.
 * Pure: the environment supplies everything. `AWS::NoValue` removes the member that holds it.
 */
import { templateError } from "../errors.js";
import { isObject, type Json, type ParamValue } from "./types.js";

export const NO_VALUE = Symbol("AWS::NoValue");
type Resolved = Json | typeof NO_VALUE;

export interface Env {
  /** Parameters and pseudo parameters by name. */
  params: ReadonlyMap<string, ParamValue>;
  conditions: ReadonlyMap<string, boolean>;
  mappings: Record<string, Record<string, Record<string, Json>>>;
  /** Logical ids of the resources in the (condition-filtered) template. */
  resources: ReadonlySet<string>;
  ref(logicalId: string): string;
  getAtt(logicalId: string, attribute: string): Json;
  importValue(name: string): string;
}

/** The pseudo parameters of a stack. */
export function pseudoParameters(p: { region: string; accountId: string; stackName: string; stackId: string }): Map<string, ParamValue> {
  return new Map<string, ParamValue>([
    ["AWS::Region", p.region],
    ["AWS::AccountId", p.accountId],
    ["AWS::StackName", p.stackName],
    ["AWS::StackId", p.stackId],
    ["AWS::Partition", p.region.startsWith("cn-") ? "aws-cn" : p.region.startsWith("us-gov-") ? "aws-us-gov" : "aws"],
    ["AWS::URLSuffix", p.region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com"],
    ["AWS::NotificationARNs", []],
  ]);
}

const asString = (fn: string, v: Resolved): string => {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw templateError(`every value of the list argument of ${fn} must be a string`);
};

const asList = (fn: string, v: Resolved): Json[] => {
  if (Array.isArray(v)) return v;
  throw templateError(`${fn} requires a list argument`);
};

/** The single key of an intrinsic-function object, or undefined for a plain object. */
export function intrinsicName(v: Json): string | undefined {
  if (!isObject(v)) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1) return undefined;
  const k = keys[0]!;
  return k === "Ref" || k === "Condition" || k.startsWith("Fn::") ? k : undefined;
}

export function resolveRef(name: string, env: Env): Resolved {
  if (name === "AWS::NoValue") return NO_VALUE;
  const p = env.params.get(name);
  if (p !== undefined) return p;
  if (env.resources.has(name)) return env.ref(name);
  throw templateFormatErrorUnresolved(name);
}

const templateFormatErrorUnresolved = (name: string) => templateError(`Unresolved resource dependencies [${name}] in the Resources block of the template`);

export function evaluateCondition(value: Json, env: Env): boolean {
  const r = resolve(value, env);
  if (typeof r === "boolean") return r;
  if (r === "true") return true;
  if (r === "false") return false;
  throw templateError("Fn::If, Fn::And, Fn::Or and Fn::Not require conditions to be boolean");
}

function conditionNamed(name: Json, env: Env): boolean {
  if (typeof name !== "string") throw templateError("Condition must be a string");
  const c = env.conditions.get(name);
  if (c === undefined) throw templateError(`unresolved condition dependency ${name} in Fn::If`);
  return c;
}

function sub(template: string, vars: Record<string, Resolved>, env: Env): string {
  return template.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
    if (inner.startsWith("!")) return `\${${inner.slice(1)}}`;
    const name = inner.trim();
    if (name in vars) return asString("Fn::Sub", vars[name]!);
    const dot = name.indexOf(".");
    if (dot > 0 && !env.params.has(name)) {
      const v = env.getAtt(name.slice(0, dot), name.slice(dot + 1));
      return Array.isArray(v) ? v.join(",") : asString("Fn::Sub", v);
    }
    const v = resolveRef(name, env);
    if (v === NO_VALUE) return "";
    return Array.isArray(v) ? v.join(",") : asString("Fn::Sub", v);
  });
}

function cidr(ipBlock: string, count: number, bits: number): string[] {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(ipBlock);
  if (!m) throw templateError(`Fn::Cidr: invalid IP block ${ipBlock}`);
  const base = m.slice(1, 5).reduce((a, o) => a * 256 + Number(o), 0);
  const prefix = Number(m[5]);
  const newPrefix = 32 - bits;
  if (bits <= 0 || newPrefix < prefix || count < 1 || count > 256) throw templateError("Fn::Cidr: invalid count or cidrBits");
  const size = 2 ** bits;
  if (count > 2 ** (newPrefix - prefix)) throw templateError("Fn::Cidr: count exceeds the subnets available");
  const start = base - (base % 2 ** (32 - prefix));
  return Array.from({ length: count }, (_, i) => {
    const a = start + i * size;
    return `${[24, 16, 8, 0].map((s) => Math.floor(a / 2 ** s) % 256).join(".")}/${newPrefix}`;
  });
}

function call(fn: string, arg: Json, env: Env): Resolved {
  switch (fn) {
    case "Ref":
      if (typeof arg !== "string") throw templateError("Ref requires a string argument");
      return resolveRef(arg, env);
    case "Condition":
      return conditionNamed(arg, env);
    case "Fn::GetAtt": {
      const parts = typeof arg === "string" ? [arg.slice(0, arg.indexOf(".")), arg.slice(arg.indexOf(".") + 1)] : arg;
      if (!Array.isArray(parts) || parts.length !== 2) throw templateError("Fn::GetAtt requires a list of two elements");
      const [id, attr] = [parts[0], resolve(parts[1]!, env)];
      if (typeof id !== "string" || typeof attr !== "string") throw templateError("Fn::GetAtt requires a logical resource id and an attribute name");
      if (!env.resources.has(id)) throw templateError(`instance of Fn::GetAtt references undefined resource ${id}`);
      return env.getAtt(id, attr);
    }
    case "Fn::Sub": {
      if (typeof arg === "string") return sub(arg, {}, env);
      if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== "string" || !isObject(arg[1])) {
        throw templateError("One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string");
      }
      const vars: Record<string, Resolved> = {};
      for (const [k, v] of Object.entries(arg[1])) vars[k] = resolve(v, env);
      return sub(arg[0], vars, env);
    }
    case "Fn::Join": {
      if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== "string") throw templateError("Fn::Join requires a list of a delimiter and a list of values");
      const items = asList("Fn::Join", resolve(arg[1]!, env));
      return items.filter((v) => (v as unknown) !== NO_VALUE).map((v) => asString("Fn::Join", v)).join(arg[0]);
    }
    case "Fn::Select": {
      if (!Array.isArray(arg) || arg.length !== 2) throw templateError("Fn::Select requires a list argument with two elements: an integer index and a list");
      const index = Number(resolve(arg[0]!, env));
      const list = asList("Fn::Select", resolve(arg[1]!, env));
      if (!Number.isInteger(index) || index < 0 || index >= list.length) throw templateError(`Fn::Select cannot select nonexistent value at index ${index}`);
      return list[index]!;
    }
    case "Fn::Split": {
      if (!Array.isArray(arg) || arg.length !== 2 || typeof arg[0] !== "string") throw templateError("Fn::Split requires a list of a delimiter and a string");
      return asString("Fn::Split", resolve(arg[1]!, env)).split(arg[0]);
    }
    case "Fn::If": {
      if (!Array.isArray(arg) || arg.length !== 3) throw templateError("Fn::If requires a list argument with three elements");
      return resolve(conditionNamed(arg[0]!, env) ? arg[1]! : arg[2]!, env);
    }
    case "Fn::Equals": {
      if (!Array.isArray(arg) || arg.length !== 2) throw templateError("Fn::Equals requires a list argument with two elements");
      const [a, b] = [resolve(arg[0]!, env), resolve(arg[1]!, env)];
      return JSON.stringify(typeof a === "number" ? String(a) : a) === JSON.stringify(typeof b === "number" ? String(b) : b);
    }
    case "Fn::And":
    case "Fn::Or": {
      if (!Array.isArray(arg) || arg.length < 2 || arg.length > 10) throw templateError(`${fn} requires a list argument with between 2 and 10 elements`);
      const values = arg.map((c) => evaluateCondition(c, env));
      return fn === "Fn::And" ? values.every(Boolean) : values.some(Boolean);
    }
    case "Fn::Not": {
      if (!Array.isArray(arg) || arg.length !== 1) throw templateError("Fn::Not requires a list argument with one element");
      return !evaluateCondition(arg[0]!, env);
    }
    case "Fn::FindInMap": {
      if (!Array.isArray(arg) || arg.length < 3) throw templateError("Fn::FindInMap requires a list argument with three elements");
      const [m, k1, k2] = arg.slice(0, 3).map((v) => asString("Fn::FindInMap", resolve(v, env)));
      const v = env.mappings[m!]?.[k1!]?.[k2!];
      if (v === undefined) {
        if (arg.length === 4 && isObject(arg[3]) && "DefaultValue" in arg[3]) return resolve(arg[3].DefaultValue!, env);
        throw templateError(`Unable to get mapping for ${m}::${k1}::${k2}`);
      }
      return v;
    }
    case "Fn::Base64":
      return Buffer.from(asString("Fn::Base64", resolve(arg, env)), "utf8").toString("base64");
    case "Fn::Cidr": {
      if (!Array.isArray(arg) || arg.length !== 3) throw templateError("Fn::Cidr requires a list argument with three elements");
      const [block, count, bits] = arg.map((v) => resolve(v, env));
      return cidr(asString("Fn::Cidr", block!), Number(count), Number(bits));
    }
    case "Fn::GetAZs": {
      const r = resolve(arg, env);
      const region = r === "" || r === null ? (env.params.get("AWS::Region") as string) : asString("Fn::GetAZs", r);
      return ["a", "b", "c"].map((s) => `${region}${s}`);
    }
    case "Fn::ImportValue": {
      const r = resolve(arg, env);
      return env.importValue(asString("Fn::ImportValue", r));
    }
    case "Fn::Length":
      return asList("Fn::Length", resolve(arg, env)).length;
    case "Fn::ToJsonString":
      return JSON.stringify(resolve(arg, env));
    default:
      throw templateError(`Encountered unsupported function: ${fn}`);
  }
}

/** Evaluate every intrinsic function in `value`. */
export function resolve(value: Json, env: Env): Resolved {
  if (Array.isArray(value)) {
    return value.map((v) => resolve(v, env)).filter((v): v is Json => v !== NO_VALUE);
  }
  if (!isObject(value)) return value;
  const fn = intrinsicName(value);
  if (fn) return call(fn, value[fn]!, env);
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) {
    const r = resolve(v, env);
    if (r !== NO_VALUE) out[k] = r;
  }
  return out;
}

/** Resolve, mapping a top-level AWS::NoValue to undefined. */
export function resolveValue(value: Json, env: Env): Json | undefined {
  const r = resolve(value, env);
  return r === NO_VALUE ? undefined : r;
}
