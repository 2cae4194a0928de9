/**
 * Does a log event's message match a parsed filter pattern? Pure. Matching is case-sensitive, as
 * in CloudWatch. Terms match anywhere in the message; JSON patterns need the message to be a
 * JSON object; space-delimited patterns split the message on spaces, keeping text inside "..."
 * or [...] as one field (without its quotes or brackets).
 */
import type { Column, Comparator, FieldCondition, FilterPattern, JsonExpr, JsonStep, Operand } from "./ast.js";
import { parseFilterPattern } from "./parse.js";

export type Matcher = (message: string) => boolean;

/** Parse once, match many. Throws FilterPatternError for a malformed pattern. */
export function compileFilterPattern(source: string | undefined): Matcher {
  const p = parseFilterPattern(source ?? "");
  return (message) => matches(p, message);
}

export function matches(p: FilterPattern, message: string): boolean {
  switch (p.kind) {
    case "all":
      return true;
    case "regex":
      return p.re.test(message);
    case "terms":
      return (
        p.all.every((t) => message.includes(t)) &&
        (p.any.length === 0 || p.any.some((t) => message.includes(t))) &&
        !p.none.some((t) => message.includes(t))
      );
    case "json": {
      const doc = parseObject(message);
      return doc !== undefined && evalJson(p.expr, doc);
    }
    case "delimited":
      return matchColumns(p.columns, splitFields(message));
  }
}

// ---- values ----

const globCache = new Map<string, RegExp>();

function glob(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (re === undefined) {
    re = new RegExp(`^${pattern.split("*").map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "s");
    if (globCache.size > 1000) globCache.clear();
    globCache.set(pattern, re);
  }
  return re;
}

/** Compare one value (a JSON value, or a field's text) with an operand. */
function compare(value: unknown, op: Comparator, operand: Operand): boolean {
  if (value === undefined) return false;
  if (operand.kind === "regex") {
    if (typeof value !== "string" && typeof value !== "number") return false;
    const hit = operand.re.test(String(value));
    return op === "=" ? hit : op === "!=" ? !hit : false;
  }
  if (operand.kind === "number") {
    const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
    if (Number.isNaN(n)) return op === "!=" && typeof value === "string" ? value !== operand.text : false;
    switch (op) {
      case "=":
        return n === operand.value;
      case "!=":
        return n !== operand.value;
      case "<":
        return n < operand.value;
      case ">":
        return n > operand.value;
      case "<=":
        return n <= operand.value;
      case ">=":
        return n >= operand.value;
    }
  }
  if (op !== "=" && op !== "!=") return false;
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") return false;
  const text = String(value);
  const hit = operand.value.includes("*") ? glob(operand.value).test(text) : text === operand.value;
  return op === "=" ? hit : !hit;
}

// ---- JSON ----

function parseObject(message: string): unknown {
  const s = message.trimStart();
  if (!s.startsWith("{") && !s.startsWith("[")) return undefined;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return undefined;
  }
}

const MISSING = Symbol("missing");

function select(doc: unknown, path: JsonStep[]): unknown {
  let cur: unknown = doc;
  for (const step of path) {
    if (step.kind === "member") {
      if (typeof cur !== "object" || cur === null || Array.isArray(cur) || !Object.hasOwn(cur, step.name)) return MISSING;
      cur = (cur as Record<string, unknown>)[step.name];
    } else {
      if (!Array.isArray(cur) || step.index >= cur.length) return MISSING;
      cur = cur[step.index];
    }
  }
  return cur;
}

function evalJson(e: JsonExpr, doc: unknown): boolean {
  switch (e.kind) {
    case "and":
      return evalJson(e.left, doc) && evalJson(e.right, doc);
    case "or":
      return evalJson(e.left, doc) || evalJson(e.right, doc);
    case "compare": {
      const v = select(doc, e.path);
      return v !== MISSING && v !== null && typeof v !== "object" && compare(v, e.op, e.operand);
    }
    case "test": {
      const v = select(doc, e.path);
      if (e.test === "NOT EXISTS") return v === MISSING;
      if (e.test === "EXISTS") return v !== MISSING;
      if (e.test === "IS NULL") return v === null;
      return v === (e.test === "IS TRUE");
    }
  }
}

// ---- space-delimited ----

export function splitFields(message: string): string[] {
  const out: string[] = [];
  let i = 0;
  const n = message.length;
  while (i < n) {
    while (i < n && message[i] === " ") i++;
    if (i >= n) break;
    const c = message[i]!;
    const close = c === '"' ? '"' : c === "[" ? "]" : undefined;
    if (close !== undefined) {
      const end = message.indexOf(close, i + 1);
      if (end >= 0) {
        out.push(message.slice(i + 1, end));
        i = end + 1;
        continue;
      }
    }
    const start = i;
    while (i < n && message[i] !== " ") i++;
    out.push(message.slice(start, i));
  }
  return out;
}

function evalField(c: FieldCondition, values: Map<string, string>): boolean {
  if (c.kind !== "compare") return c.kind === "and" ? evalField(c.left, values) && evalField(c.right, values) : evalField(c.left, values) || evalField(c.right, values);
  return compare(values.get(c.field), c.op, c.operand);
}

/** Assigns fields to columns (each `...` takes zero or more), then checks every condition. */
function matchColumns(columns: Column[], fields: string[]): boolean {
  const values = new Map<string, string>();
  const conditions = columns.filter((c): c is Extract<Column, { kind: "field" }> => c.kind === "field" && c.condition !== undefined);
  const walk = (ci: number, fi: number): boolean => {
    if (ci === columns.length) return fi === fields.length && conditions.every((c) => evalField(c.condition!, values));
    const col = columns[ci]!;
    if (col.kind === "ellipsis") {
      for (let k = fi; k <= fields.length; k++) if (walk(ci + 1, k)) return true;
      return false;
    }
    if (fi >= fields.length) return false;
    values.set(col.name, fields[fi]!);
    return walk(ci + 1, fi + 1);
  };
  return walk(0, 0);
}
