/**
 * Model-driven input validation: required members, JSON types, enums and bounds, checked against
 * the service model before a handler runs. Returns a copy holding only the model's members, so a
 * handler never sees (or stores) a field the API doesn't have.
 */
import { AwsError } from "../errors.js";
import type { ServiceModel, Shape, ShapeRef } from "./model.js";

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

/** Where a value is, as the error message names it: a member name, or a list's `N.member` (1-based). */
type Segment = string | number;

const pathText = (path: readonly Segment[]): string => path.map((s) => (typeof s === "number" ? `${s + 1}.member` : s)).join(".");

const members = new WeakMap<Shape, [string, ShapeRef][]>();

function membersOf(shape: Shape): [string, ShapeRef][] {
  let m = members.get(shape);
  if (m === undefined) members.set(shape, (m = Object.entries(shape.members ?? {})));
  return m;
}

function check(model: ServiceModel, style: ValidationStyle, shapeName: string, value: unknown, path: Segment[]): Json {
  const shape = model.shapes[shapeName];
  if (!shape) throw new Error(`model has no shape ${shapeName}`);
  const wrongType = (): never => fail(style, value, pathText(path), `Member must be ${describeType[shape.type]}`);
  switch (shape.type) {
    case "structure": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) wrongType();
      const input = value as Record<string, unknown>;
      const out: Record<string, Json> = {};
      for (const name of shape.required ?? []) {
        if (input[name] === undefined || input[name] === null) fail(style, null, pathText([...path, name]), "Member must not be null");
      }
      for (const [name, ref] of membersOf(shape)) {
        const v = input[name];
        if (v === undefined || v === null) continue;
        path.push(name);
        out[name] = check(model, style, ref.shape, v, path);
        path.pop();
      }
      return out;
    }
    case "list": {
      if (!Array.isArray(value)) wrongType();
      const list = value as unknown[];
      if (shape.min !== undefined && list.length < shape.min) fail(style, value, pathText(path), `Member must have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && list.length > shape.max) fail(style, value, pathText(path), `Member must have length less than or equal to ${shape.max}`);
      const out = new Array<Json>(list.length);
      const member = shape.member!.shape;
      for (let i = 0; i < list.length; i++) {
        path.push(i);
        out[i] = check(model, style, member, list[i], path);
        path.pop();
      }
      return out;
    }
    case "map": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) wrongType();
      const out: Record<string, Json> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        path.push(`${k}.key`);
        check(model, style, shape.key!.shape, k, path);
        path.pop();
        path.push(`${k}.value`);
        out[k] = check(model, style, shape.value!.shape, v, path);
        path.pop();
      }
      return out;
    }
    case "string": {
      if (typeof value !== "string") wrongType();
      const s = value as string;
      if (shape.enum && !shape.enum.includes(s)) fail(style, s, pathText(path), `Member must satisfy enum value set: [${shape.enum.join(", ")}]`);
      if (shape.min !== undefined && s.length < shape.min) fail(style, s, pathText(path), `Member must have length greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && s.length > shape.max) fail(style, s, pathText(path), `Member must have length less than or equal to ${shape.max}`);
      const re = shape.pattern ? patternOf(shape.pattern) : null;
      if (re && !re.test(s)) fail(style, s, pathText(path), `Member must satisfy regular expression pattern: ${shape.pattern}`);
      return s;
    }
    case "integer":
    case "long": {
      if (typeof value !== "number" || !Number.isInteger(value)) wrongType();
      const n = value as number;
      if (shape.min !== undefined && n < shape.min) fail(style, n, pathText(path), `Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && n > shape.max) fail(style, n, pathText(path), `Member must have value less than or equal to ${shape.max}`);
      return n;
    }
    case "double":
    case "float":
      if (typeof value !== "number" || !Number.isFinite(value)) wrongType();
      return value as number;
    case "boolean":
      if (typeof value !== "boolean") wrongType();
      return value as boolean;
    case "timestamp":
      if (typeof value !== "number" && typeof value !== "string") wrongType();
      return value as number | string;
    case "blob":
      if (typeof value !== "string") wrongType();
      return value as string;
  }
}

/** Validate `input` against the operation's input shape; returns the cleaned input. */
export function validateInput(model: ServiceModel, style: ValidationStyle, operation: string, input: unknown): Record<string, unknown> {
  const ref = model.operations[operation]?.input;
  if (!ref) return {};
  return check(model, style, ref.shape, input ?? {}, []) as Record<string, unknown>;
}
