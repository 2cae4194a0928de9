/**
 * Model-driven input validation: required members, JSON types, enums and bounds, checked against
 * the service model before a handler runs. Returns a copy holding only the model's members, so a
 * handler never sees (or stores) a field the API doesn't have.
 */
import { AwsError } from "../errors.js";
import type { ServiceModel, Shape } from "./model.js";

export interface ValidationStyle {
  /** The service's validation error code (ECS: InvalidParameterException). */
  code: string;
}

const patterns = new Map<string, RegExp | null>();

/** The model's pattern as a JS RegExp; null when it uses syntax JS lacks (then it isn't checked). */
function patternOf(pattern: string): RegExp | null {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${pattern})$`, "u");
    } catch {
      re = null;
    }
    patterns.set(pattern, re);
  }
  return re;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function fail(style: ValidationStyle, value: unknown, at: string, constraint: string): never {
  const shown = value === undefined || value === null ? "null" : `'${typeof value === "string" ? value : JSON.stringify(value)}'`;
  throw new AwsError(
    style.code,
    `1 validation error detected: Value ${shown} at '${at}' failed to satisfy constraint: ${constraint}`,
  );
}

const describeType: Record<Shape["type"], string> = {
  structure: "an object",
  list: "a list",
  map: "a map",
  string: "a string",
  integer: "an integer",
  long: "an integer",
  boolean: "a boolean",
  double: "a number",
  float: "a number",
  timestamp: "a timestamp",
  blob: "a base64 string",
};

/** A structure's members as [name, shape name] pairs, listed once per shape (this runs per request). */
const memberLists = new WeakMap<Shape, Array<[string, string]>>();

function membersOf(shape: Shape): Array<[string, string]> {
  let list = memberLists.get(shape);
  if (list === undefined) {
    list = Object.entries(shape.members ?? {}).map(([name, ref]): [string, string] => [name, ref.shape]);
    memberLists.set(shape, list);
  }
  return list;
}

function wrongType(style: ValidationStyle, value: unknown, at: string, shape: Shape): never {
  return fail(style, value, at, `Member must be ${describeType[shape.type]}`);
}

function check(model: ServiceModel, style: ValidationStyle, shapeName: string, value: unknown, at: string): Json {
  const shape = model.shapes[shapeName];
  if (!shape) throw new Error(`model has no shape ${shapeName}`);
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) wrongType(style, value, at, shape);
      const input = value as Record<string, unknown>;
      const out: Record<string, Json> = {};
      for (const name of shape.required ?? []) {
        if (input[name] === undefined || input[name] === null) fail(style, null, at ? `${at}.${name}` : name, "Member must not be null");
      }
      for (const [name, memberShape] of membersOf(shape)) {
        const v = input[name];
        if (v === undefined || v === null) continue;
        out[name] = check(model, style, memberShape, v, at ? `${at}.${name}` : name);
      }
      return out;
    }
    case "list": {
      if (!Array.isArray(value)) wrongType(style, value, at, shape);
      const list = value as unknown[];
      if (shape.min !== undefined && list.length < shape.min) fail(style, value, at, `Member must have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && list.length > shape.max) fail(style, value, at, `Member must have length less than or equal to ${shape.max}`);
      return list.map((v, i) => check(model, style, shape.member!.shape, v, `${at}.${i + 1}.member`));
    }
    case "map": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) wrongType(style, value, at, shape);
      const out: Record<string, Json> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        check(model, style, shape.key!.shape, k, `${at}.${k}.key`);
        out[k] = check(model, style, shape.value!.shape, v, `${at}.${k}.value`);
      }
      return out;
    }
    case "string": {
      if (typeof value !== "string") wrongType(style, value, at, shape);
      const s = value as string;
      if (shape.enum && !shape.enum.includes(s)) fail(style, s, at, `Member must satisfy enum value set: [${shape.enum.join(", ")}]`);
      if (shape.min !== undefined && s.length < shape.min) fail(style, s, at, `Member must have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && s.length > shape.max) fail(style, s, at, `Member must have length less than or equal to ${shape.max}`);
      const re = shape.pattern ? patternOf(shape.pattern) : null;
      if (re && !re.test(s)) fail(style, s, at, `Member must satisfy regular expression pattern: ${shape.pattern}`);
      return s;
    }
    case "integer":
    case "long": {
      if (typeof value !== "number" || !Number.isInteger(value)) wrongType(style, value, at, shape);
      const n = value as number;
      if (shape.min !== undefined && n < shape.min) fail(style, n, at, `Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && n > shape.max) fail(style, n, at, `Member must have value less than or equal to ${shape.max}`);
      return n;
    }
    case "double":
    case "float":
      if (typeof value !== "number" || !Number.isFinite(value)) wrongType(style, value, at, shape);
      return value as number;
    case "boolean":
      if (typeof value !== "boolean") wrongType(style, value, at, shape);
      return value as boolean;
    case "timestamp":
      if (typeof value !== "number" && typeof value !== "string") wrongType(style, value, at, shape);
      return value as number | string;
    case "blob":
      if (typeof value !== "string") wrongType(style, value, at, shape);
      return value as string;
  }
}

/** Validate `input` against the operation's input shape; returns the cleaned input. */
export function validateInput(model: ServiceModel, style: ValidationStyle, operation: string, input: unknown): Record<string, unknown> {
  const ref = model.operations[operation]?.input;
  if (!ref) return {};
  return check(model, style, ref.shape, input ?? {}, "") as Record<string, unknown>;
}
