/**
 * The parsed form of a CloudWatch Logs filter pattern. Three families, as CloudWatch has them:
 * - terms: `ERROR`, `"quoted phrase"`, `-excluded`, `?alternative` (and `%regex%` on the whole message);
 * - JSON: `{ $.level = "error" && $.latency > 500 }`;
 * - space-delimited: `[ip, user, ..., status = 4*, bytes > 1000]`.
 */

export type Comparator = "=" | "!=" | "<" | ">" | "<=" | ">=";

/** A right-hand side: a number, a string (maybe with `*` wildcards), or a `%regex%`. */
export type Operand = { kind: "number"; value: number; text: string } | { kind: "string"; value: string } | { kind: "regex"; re: RegExp };

export interface TermPattern {
  kind: "terms";
  /** Every one must occur. */
  all: string[];
  /** At least one must occur (when there are any). */
  any: string[];
  /** None may occur. */
  none: string[];
}

export interface RegexPattern {
  kind: "regex";
  re: RegExp;
}

/** One step into a JSON document: a member name or an array index. */
export type JsonStep = { kind: "member"; name: string } | { kind: "index"; index: number };

export type JsonExpr =
  | { kind: "and" | "or"; left: JsonExpr; right: JsonExpr }
  | { kind: "compare"; path: JsonStep[]; op: Comparator; operand: Operand }
  | { kind: "test"; path: JsonStep[]; test: "IS NULL" | "IS TRUE" | "IS FALSE" | "NOT EXISTS" | "EXISTS" };

export interface JsonPattern {
  kind: "json";
  expr: JsonExpr;
}

export type FieldCondition =
  | { kind: "and" | "or"; left: FieldCondition; right: FieldCondition }
  | { kind: "compare"; field: string; op: Comparator; operand: Operand };

/** A column of a space-delimited pattern: `...` or a named field with optional conditions. */
export type Column = { kind: "ellipsis" } | { kind: "field"; name: string; condition?: FieldCondition };

export interface DelimitedPattern {
  kind: "delimited";
  columns: Column[];
}

export type FilterPattern = { kind: "all" } | TermPattern | RegexPattern | JsonPattern | DelimitedPattern;
