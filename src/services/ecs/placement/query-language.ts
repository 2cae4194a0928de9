/**
 * ECS's cluster query language: the `filter` of ListContainerInstances and the `expression` of a
 * `memberOf` placement constraint. Pure: `parseQuery` turns text into a `QueryExpr` (or throws a
 * `QuerySyntaxError` saying where), `evaluate` checks one container instance against it.
 *
 * Syntax, from the ECS Developer Guide, "Cluster query language" (cluster-query-language.md) and
 * "Amazon ECS task placement constraints" (task-placement-constraints.md):
 *
 *   expression := subject operator [argument]
 *   subject    := attribute:<name> | task:group | ec2InstanceId | registeredAt | runningTasksCount
 *               | agentConnected | agentVersion
 *   operator   := == equals | != not_equals | > greater_than | >= greater_than_equal | < less_than
 *               | <= less_than_equal | exists | !exists not_exists | in | !in not_in
 *               | =~ matches | !~ not_matches
 *   argument   := value | [value, value, ...]        (a list for in / not_in, nothing for exists)
 *   compound   := &&/and, ||/or, !/not, parentheses; precedence not > and > or
 *
 * A value is a bare word (`t2.small`, `service:production`, `2018-02-13`) or a quoted string
 * (`'i-abcd1234'`, needed for spaces or for characters such as `(` `|` `=` in a pattern).
 * `matches` takes a (Java-flavoured) regular expression matched against the whole value:
 * `attribute:ecs.instance-type =~ t2.*`.
 *
 * Evaluation rules (where the docs are silent, the choice is ours and stated here):
 * - A positive condition holds when any of the subject's values satisfies it (an instance has many
 *   task groups, so `task:group == databases` means "runs a task of group databases").
 * - A negative one (!=, not_in, not_matches) holds when the subject is present and the positive one
 *   does not. An instance without the attribute `stack` matches neither `attribute:stack == prod`
 *   nor `attribute:stack != prod`, as the docs' "Exclude an attribute value" example says.
 *   `task:group` is always present (possibly with no groups).
 * - Ordering compares numbers for runningTasksCount, dotted versions for agentVersion, instants
 *   for registeredAt, and for attributes numbers when both sides are numbers, else strings.
 */

export const MAX_QUERY_LENGTH = 2000;

/** What a query is evaluated against: one container instance, as plain data. */
export interface QuerySubject {
  /** Attribute name → value; a name present with `undefined` is an attribute without a value. */
  attributes: Readonly<Record<string, string | undefined>>;
  ec2InstanceId: string;
  registeredAt: Date;
  runningTasksCount: number;
  agentConnected: boolean;
  agentVersion?: string;
  /** The groups of the tasks running on the instance (e.g. `service:web`, `family:nginx`). */
  taskGroups: readonly string[];
}

export type Field =
  | { kind: "attribute"; name: string }
  | { kind: "task:group" | "ec2InstanceId" | "registeredAt" | "runningTasksCount" | "agentConnected" | "agentVersion" };

export type CompareOperator = "==" | "!=" | ">" | ">=" | "<" | "<=";

export type QueryExpr =
  | { kind: "and"; left: QueryExpr; right: QueryExpr }
  | { kind: "or"; left: QueryExpr; right: QueryExpr }
  | { kind: "not"; operand: QueryExpr }
  | { kind: "exists"; field: Field; negated: boolean }
  | { kind: "compare"; field: Field; operator: CompareOperator; value: string }
  | { kind: "in"; field: Field; negated: boolean; values: string[] }
  | { kind: "matches"; field: Field; negated: boolean; pattern: RegExp };

/** A query ECS would reject; `position` is the 0-based offset in the text. */
export class QuerySyntaxError extends Error {
  override readonly name = "QuerySyntaxError";
  constructor(readonly reason: string, readonly position: number) {
    super(`${reason} at position ${position + 1} of the expression`);
  }
}

// ---------------------------------------------------------------------------------------------
// Tokens

type Token =
  | { kind: "symbol"; text: string; start: number; end: number }
  | { kind: "word"; text: string; quoted: boolean; start: number; end: number }
  | { kind: "end"; text: ""; start: number; end: number };

const SYMBOLS = ["&&", "||", "==", "!=", "!~", "=~", ">=", "<=", ">", "<", "!", "(", ")", "[", "]", ","];
/** Characters that end a bare word: whitespace, punctuation, quotes and operator starts. */
const WORD_BREAK = /[\s()[\],'"=!<>&|]/;
/** A bare pattern after =~ or !~ may hold `[a-f]`, `|`, `,`...; it ends at whitespace, a parenthesis,
 *  a quote, `&&` or `||`. A pattern with spaces or groups is quoted: `=~ 't2\.(small|medium)'`. */
const PATTERN = /[^\s()'"&|]+(?:(?:&(?!&)|\|(?!\|))[^\s()'"&|]*)*/y;
const MATCH_OPERATORS = new Set(["=~", "!~", "matches", "not_matches"]);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) { i++; continue; }
    const previous = tokens.at(-1);
    PATTERN.lastIndex = i;
    const pattern = previous && !(previous.kind === "word" && previous.quoted) && MATCH_OPERATORS.has(previous.text) ? PATTERN.exec(text) : null;
    const symbol = SYMBOLS.find((s) => text.startsWith(s, i));
    if (pattern) {
      tokens.push({ kind: "word", text: pattern[0], quoted: false, start: i, end: i + pattern[0].length });
      i += pattern[0].length;
    } else if (symbol) {
      tokens.push({ kind: "symbol", text: symbol, start: i, end: i + symbol.length });
      i += symbol.length;
    } else if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      if (close < 0) throw new QuerySyntaxError(`Unterminated quoted value`, i);
      tokens.push({ kind: "word", text: text.slice(i + 1, close), quoted: true, start: i, end: close + 1 });
      i = close + 1;
    } else if (WORD_BREAK.test(c)) {
      throw new QuerySyntaxError(`Unexpected character '${c}'`, i);
    } else {
      let j = i;
      while (j < text.length && !WORD_BREAK.test(text[j]!)) j++;
      tokens.push({ kind: "word", text: text.slice(i, j), quoted: false, start: i, end: j });
      i = j;
    }
  }
  tokens.push({ kind: "end", text: "", start: text.length, end: text.length });
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Subjects and operators

type Operator = CompareOperator | "exists" | "not_exists" | "in" | "not_in" | "matches" | "not_matches";
type ValueType = "string" | "boolean" | "version" | "date" | "integer";

const OPERATOR_NAMES: Record<string, Operator> = {
  "==": "==", equals: "==", "!=": "!=", not_equals: "!=",
  ">": ">", greater_than: ">", ">=": ">=", greater_than_equal: ">=",
  "<": "<", less_than: "<", "<=": "<=", less_than_equal: "<=",
  exists: "exists", not_exists: "not_exists", in: "in", not_in: "not_in",
  "=~": "matches", matches: "matches", "!~": "not_matches", not_matches: "not_matches",
};

const EQUALITY: Operator[] = ["==", "!=", "in", "not_in", "matches", "not_matches"];
const ORDERED: Operator[] = ["==", "!=", ">", ">=", "<", "<="];
const ALL = Object.values(OPERATOR_NAMES);

/** Each subject's value type and valid operators, as the docs list them (attribute: all). */
const FIELDS: Record<Field["kind"], { type: ValueType; operators: readonly Operator[] }> = {
  attribute: { type: "string", operators: ALL },
  "task:group": { type: "string", operators: [...EQUALITY, "exists", "not_exists"] },
  ec2InstanceId: { type: "string", operators: EQUALITY },
  agentConnected: { type: "boolean", operators: EQUALITY },
  agentVersion: { type: "version", operators: ORDERED },
  registeredAt: { type: "date", operators: ORDERED },
  runningTasksCount: { type: "integer", operators: ORDERED },
};

const ATTRIBUTE_NAME = /^[A-Za-z0-9\-_/\\.]{1,128}$/;
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/;
const VALUE_CHECKS: Record<ValueType, { test: (v: string) => boolean; expected: string }> = {
  string: { test: () => true, expected: "" },
  boolean: { test: (v) => v === "true" || v === "false", expected: "true or false" },
  version: { test: (v) => /^\d+(\.\d+)*$/.test(v), expected: "a version such as 1.14.5" },
  date: { test: (v) => DATE.test(v) && !Number.isNaN(parseDate(v)), expected: "a date such as 2018-06-18 or 2018-06-18T22:28:28Z" },
  integer: { test: (v) => /^\d+$/.test(v), expected: "a whole number" },
};

/** ECS's date formats; a date without a zone is UTC. */
function parseDate(text: string): number {
  const withTime = text.includes("T") ? text : `${text}T00:00:00`;
  return Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(withTime) ? withTime : `${withTime}Z`);
}

// ---------------------------------------------------------------------------------------------
// Parser: or := and (or and)* ; and := unary (and unary)* ; unary := not unary | primary

export function parseQuery(text: string): QueryExpr {
  if (text.length > MAX_QUERY_LENGTH) {
    throw new QuerySyntaxError(`Expression is longer than ${MAX_QUERY_LENGTH} characters`, MAX_QUERY_LENGTH);
  }
  const tokens = tokenize(text);
  let at = 0;
  const peek = (): Token => tokens[at]!;
  const next = (): Token => tokens[at++]!;
  const describe = (t: Token) => (t.kind === "end" ? "end of expression" : `'${t.text}'`);
  const fail = (what: string, t: Token = peek()): never => {
    throw new QuerySyntaxError(`Expected ${what} but found ${describe(t)}`, t.start);
  };
  const isSymbol = (t: Token, s: string) => t.kind === "symbol" && t.text === s;
  const isKeyword = (t: Token, ...words: string[]) => t.kind === "word" && !t.quoted && words.includes(t.text);

  function parseOr(): QueryExpr {
    let left = parseAnd();
    while (isSymbol(peek(), "||") || isKeyword(peek(), "or")) {
      next();
      left = { kind: "or", left, right: parseAnd() };
    }
    return left;
  }

  function parseAnd(): QueryExpr {
    let left = parseUnary();
    while (isSymbol(peek(), "&&") || isKeyword(peek(), "and")) {
      next();
      left = { kind: "and", left, right: parseUnary() };
    }
    return left;
  }

  function parseUnary(): QueryExpr {
    if (isSymbol(peek(), "!") || isKeyword(peek(), "not")) {
      next();
      return { kind: "not", operand: parseUnary() };
    }
    if (isSymbol(peek(), "(")) {
      next();
      const inner = parseOr();
      if (!isSymbol(peek(), ")")) fail("')'");
      next();
      return inner;
    }
    return parseCondition();
  }

  function parseField(): Field {
    const t = next();
    if (t.kind !== "word" || t.quoted) return fail("a subject (attribute:<name>, task:group, ec2InstanceId, ...)", t);
    if (t.text.startsWith("attribute:")) {
      const name = t.text.slice("attribute:".length);
      if (!ATTRIBUTE_NAME.test(name)) throw new QuerySyntaxError(`Invalid attribute name '${name}'`, t.start);
      return { kind: "attribute", name };
    }
    if (t.text !== "attribute" && Object.hasOwn(FIELDS, t.text)) return { kind: t.text as Exclude<Field["kind"], "attribute"> };
    throw new QuerySyntaxError(`Unknown subject '${t.text}'`, t.start);
  }

  function parseOperator(field: Field): Operator {
    const t = next();
    const unquoted = t.kind === "symbol" || (t.kind === "word" && !t.quoted);
    let name = unquoted && Object.hasOwn(OPERATOR_NAMES, t.text) ? OPERATOR_NAMES[t.text] : undefined;
    // `!exists` and `!in` are written as one word: a `!` immediately followed by the keyword.
    const after = peek();
    if (isSymbol(t, "!") && after.start === t.end && isKeyword(after, "exists", "in")) {
      next();
      name = after.text === "exists" ? "not_exists" : "not_in";
    }
    if (!name) return fail("an operator (==, !=, >, >=, <, <=, exists, !exists, in, !in, =~, !~)", t);
    if (!FIELDS[field.kind].operators.includes(name)) {
      throw new QuerySyntaxError(`Operator '${t.text}' is not valid for ${fieldName(field)}`, t.start);
    }
    return name;
  }

  function parseValue(field: Field): string {
    const t = next();
    if (t.kind !== "word") return fail("a value", t);
    const { test, expected } = VALUE_CHECKS[FIELDS[field.kind].type];
    if (!test(t.text)) throw new QuerySyntaxError(`Invalid value '${t.text}' for ${fieldName(field)}: expected ${expected}`, t.start);
    return t.text;
  }

  function parseList(field: Field): string[] {
    if (!isSymbol(next(), "[")) fail("a list such as [a, b]", tokens[at - 1]);
    const values = [parseValue(field)];
    while (isSymbol(peek(), ",")) {
      next();
      values.push(parseValue(field));
    }
    if (!isSymbol(peek(), "]")) fail("',' or ']'");
    next();
    return values;
  }

  function parseCondition(): QueryExpr {
    const field = parseField();
    const operator = parseOperator(field);
    switch (operator) {
      case "exists":
      case "not_exists":
        return { kind: "exists", field, negated: operator === "not_exists" };
      case "in":
      case "not_in":
        return { kind: "in", field, negated: operator === "not_in", values: parseList(field) };
      case "matches":
      case "not_matches": {
        const t = peek();
        if (t.kind !== "word") return fail("a pattern", t);
        next();
        try {
          return { kind: "matches", field, negated: operator === "not_matches", pattern: new RegExp(`^(?:${t.text})$`) };
        } catch {
          throw new QuerySyntaxError(`Invalid pattern '${t.text}'`, t.start);
        }
      }
      default:
        return { kind: "compare", field, operator, value: parseValue(field) };
    }
  }

  if (peek().kind === "end") throw new QuerySyntaxError("Empty expression", 0);
  const expr = parseOr();
  if (peek().kind !== "end") fail("'and', 'or' or end of expression");
  return expr;
}

function fieldName(field: Field): string {
  return field.kind === "attribute" ? `attribute:${field.name}` : field.kind;
}

// ---------------------------------------------------------------------------------------------
// Evaluation

export function evaluate(expr: QueryExpr, subject: QuerySubject): boolean {
  switch (expr.kind) {
    case "and":
      return evaluate(expr.left, subject) && evaluate(expr.right, subject);
    case "or":
      return evaluate(expr.left, subject) || evaluate(expr.right, subject);
    case "not":
      return !evaluate(expr.operand, subject);
    case "exists":
      return valuesOf(expr.field, subject) !== undefined ? !expr.negated : expr.negated;
    case "compare": {
      const { operator, value, field } = expr;
      if (operator === "!=") return holdsNegated(field, subject, (v) => equal(field, v, value));
      if (operator === "==") return some(field, subject, (v) => equal(field, v, value));
      return some(field, subject, (v) => {
        const order = compare(field, v, value);
        return operator === ">" ? order > 0 : operator === ">=" ? order >= 0 : operator === "<" ? order < 0 : order <= 0;
      });
    }
    case "in": {
      const inList = (v: string) => expr.values.some((w) => equal(expr.field, v, w));
      return expr.negated ? holdsNegated(expr.field, subject, inList) : some(expr.field, subject, inList);
    }
    case "matches": {
      const matches = (v: string) => expr.pattern.test(v);
      return expr.negated ? holdsNegated(expr.field, subject, matches) : some(expr.field, subject, matches);
    }
  }
}

/** The subject's values for a field, or undefined when the field is absent. */
function valuesOf(field: Field, s: QuerySubject): readonly string[] | undefined {
  switch (field.kind) {
    case "attribute": {
      if (!Object.hasOwn(s.attributes, field.name)) return undefined;
      const value = s.attributes[field.name];
      return value === undefined ? [] : [value];
    }
    case "task:group":
      return s.taskGroups.length > 0 ? s.taskGroups : undefined;
    case "ec2InstanceId":
      return [s.ec2InstanceId];
    case "registeredAt":
      return [s.registeredAt.toISOString()];
    case "runningTasksCount":
      return [String(s.runningTasksCount)];
    case "agentConnected":
      return [String(s.agentConnected)];
    case "agentVersion":
      return s.agentVersion === undefined ? undefined : [s.agentVersion];
  }
}

function some(field: Field, s: QuerySubject, test: (value: string) => boolean): boolean {
  return (valuesOf(field, s) ?? []).some(test);
}

/** A negative condition: the subject is present and the positive condition does not hold. */
function holdsNegated(field: Field, s: QuerySubject, positive: (value: string) => boolean): boolean {
  const values = valuesOf(field, s);
  // task:group is never absent: an instance with no tasks is "not running a task of group X".
  if (values === undefined) return field.kind === "task:group";
  return !values.some(positive);
}

function equal(field: Field, a: string, b: string): boolean {
  return FIELDS[field.kind].type === "string" || FIELDS[field.kind].type === "boolean" ? a === b : compare(field, a, b) === 0;
}

/** Orders a subject's value against a query value by the field's value type. */
function compare(field: Field, a: string, b: string): number {
  switch (FIELDS[field.kind].type) {
    case "integer":
      return Math.sign(Number(a) - Number(b));
    case "date":
      return Math.sign(parseDate(a) - parseDate(b));
    case "version":
      return compareVersions(a, b);
    default: {
      const [x, y] = [Number(a), Number(b)];
      if (a.trim() !== "" && b.trim() !== "" && Number.isFinite(x) && Number.isFinite(y)) return Math.sign(x - y);
      return a < b ? -1 : a > b ? 1 : 0;
    }
  }
}

/** "1.14.5" < "1.14.10"; a missing part counts as 0 ("1.14" == "1.14.0"). */
function compareVersions(a: string, b: string): number {
  const [x, y] = [a.split("."), b.split(".")];
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const [p, q] = [parseInt(x[i] ?? "0", 10) || 0, parseInt(y[i] ?? "0", 10) || 0];
    if (p !== q) return Math.sign(p - q);
  }
  return 0;
}
