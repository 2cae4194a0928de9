/**
 * The Rules section: each rule whose RuleCondition holds must have every Assert hold, evaluated
 * against the parameter values, with the rule functions (Fn::Contains, Fn::EachMemberEquals,
 * Fn::EachMemberIn) beside the condition functions. A failed assertion is a ValidationError with
 * the assertion's AssertDescription.
 */
import { templateError, validationError } from "../errors.js";
import { intrinsicName, resolve, type Env } from "./intrinsics.js";
import { isObject, type Json } from "./types.js";

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === "string" ? v.split(",") : [String(v)]);

function evaluate(value: Json, env: Env): boolean {
  const fn = intrinsicName(value);
  const arg = fn ? (value as Record<string, Json>)[fn]! : undefined;
  const args = Array.isArray(arg) ? arg : [];
  switch (fn) {
    case "Fn::And":
      return args.every((a) => evaluate(a, env));
    case "Fn::Or":
      return args.some((a) => evaluate(a, env));
    case "Fn::Not":
      return !evaluate(args[0]!, env);
    case "Fn::Contains":
      return list(resolve(args[0]!, env)).includes(String(resolve(args[1]!, env)));
    case "Fn::EachMemberEquals": {
      const want = String(resolve(args[1]!, env));
      return list(resolve(args[0]!, env)).every((m) => m === want);
    }
    case "Fn::EachMemberIn": {
      const allowed = list(resolve(args[1]!, env));
      return list(resolve(args[0]!, env)).every((m) => allowed.includes(m));
    }
    default: {
      const r = resolve(value, env);
      if (typeof r === "boolean") return r;
      if (r === "true" || r === "false") return r === "true";
      throw templateError(`Rules: unsupported assertion ${JSON.stringify(value)}`);
    }
  }
}

export function checkRules(rules: Record<string, Json> | undefined, env: Env): void {
  for (const [name, rule] of Object.entries(rules ?? {})) {
    if (!isObject(rule)) throw templateError(`Rule ${name} must be an object`);
    if (rule.RuleCondition !== undefined && !evaluate(rule.RuleCondition, env)) continue;
    for (const a of Array.isArray(rule.Assertions) ? rule.Assertions : []) {
      if (!isObject(a) || a.Assert === undefined) continue;
      if (!evaluate(a.Assert, env)) throw validationError(typeof a.AssertDescription === "string" ? a.AssertDescription : `Template error: rule ${name} failed its assertion`);
    }
  }
}
