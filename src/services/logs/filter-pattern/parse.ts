/**
 * Parser for CloudWatch Logs filter patterns (ast.ts has the three families). Hand-written: no
 * library implements this syntax. A malformed pattern throws FilterPatternError, which the API
 * answers as InvalidParameterException "Invalid filter pattern".
 */
import type { Column, Comparator, DelimitedPattern, FieldCondition, FilterPattern, JsonExpr, JsonPattern, JsonStep, Operand, TermPattern } from "./ast.js";

export class FilterPatternError extends Error {}

const COMPARATORS: Comparator[] = ["!=", "<=", ">=", "=", "<", ">"];

export function parseFilterPattern(source: string): FilterPattern {
  const text = source.trim();
  if (text === "") return { kind: "all" };
  if (text.startsWith("{")) return parseJson(text);
  if (text.startsWith("[")) return parseDelimited(text);
  if (text.length >= 2 && text.startsWith("%") && text.endsWith("%")) return { kind: "regex", re: regex(text.slice(1, -1)) };
  return parseTerms(text);
}

function regex(body: string): RegExp {
  if (body === "") throw new FilterPatternError("empty regular expression");
  try {
    return new RegExp(body);
  } catch {
    throw new FilterPatternError(`invalid regular expression %${body}%`);
  }
}

// ---- terms ----

function parseTerms(text: string): TermPattern {
  const out: TermPattern = { kind: "terms", all: [], any: [], none: [] };
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    let bucket: string[] = out.all;
    if (text[i] === "?") {
      bucket = out.any;
      i++;
    } else if (text[i] === "-") {
      bucket = out.none;
      i++;
    }
    let term: string;
    if (text[i] === '"') {
      const end = closingQuote(text, i);
      term = unescape(text.slice(i + 1, end));
      i = end + 1;
    } else {
      const start = i;
      while (i < text.length && !/\s/.test(text[i]!)) {
        if (text[i] === '"') throw new FilterPatternError(`unexpected quote in term at ${i}`);
        i++;
      }
      term = text.slice(start, i);
    }
    if (term === "") throw new FilterPatternError("empty term");
    bucket.push(term);
  }
  return out;
}

function closingQuote(text: string, open: number): number {
  for (let j = open + 1; j < text.length; j++) {
    if (text[j] === "\\") j++;
    else if (text[j] === '"') return j;
  }
  throw new FilterPatternError("unterminated quoted string");
}

const unescape = (s: string) => s.replace(/\\(.)/g, "$1");

// ---- a small lexer for JSON and space-delimited patterns ----

type Token =
  | { t: "op"; v: Comparator }
  | { t: "and" | "or" | "(" | ")" | "," | "ellipsis" }
  | { t: "string"; v: string }
  | { t: "regex"; v: string }
  | { t: "word"; v: string };

function lex(body: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (body.startsWith("&&", i)) (out.push({ t: "and" }), (i += 2));
    else if (body.startsWith("||", i)) (out.push({ t: "or" }), (i += 2));
    else if (body.startsWith("...", i)) (out.push({ t: "ellipsis" }), (i += 3));
    else if (c === "(" || c === ")" || c === ",") (out.push({ t: c }), i++);
    else if (c === '"') {
      const end = closingQuote(body, i);
      out.push({ t: "string", v: unescape(body.slice(i + 1, end)) });
      i = end + 1;
    } else if (c === "%") {
      const end = body.indexOf("%", i + 1);
      if (end < 0) throw new FilterPatternError("unterminated regular expression");
      out.push({ t: "regex", v: body.slice(i + 1, end) });
      i = end + 1;
    } else {
      const op = COMPARATORS.find((o) => body.startsWith(o, i));
      if (op) {
        out.push({ t: "op", v: op });
        i += op.length;
        continue;
      }
      const start = i;
      while (i < body.length && !/[\s()=!<>,"%&|]/.test(body[i]!)) i++;
      if (i === start) throw new FilterPatternError(`unexpected character '${c}'`);
      out.push({ t: "word", v: body.slice(start, i) });
    }
  }
  return out;
}

class Tokens {
  private i = 0;
  constructor(private readonly list: Token[]) {}
  peek(): Token | undefined {
    return this.list[this.i];
  }
  next(): Token {
    const t = this.list[this.i++];
    if (t === undefined) throw new FilterPatternError("pattern ends too early");
    return t;
  }
  done(): boolean {
    return this.i >= this.list.length;
  }
}

function operand(tok: Token): Operand {
  if (tok.t === "string") return { kind: "string", value: tok.v };
  if (tok.t === "regex") return { kind: "regex", re: regex(tok.v) };
  if (tok.t === "word") {
    const n = Number(tok.v);
    if (tok.v !== "" && Number.isFinite(n)) return { kind: "number", value: n, text: tok.v };
    return { kind: "string", value: tok.v };
  }
  throw new FilterPatternError("expected a value");
}

/** `left (&& | ||) right ...` with && binding tighter, parentheses allowed. */
function binary<E>(ts: Tokens, atom: () => E, join: (kind: "and" | "or", l: E, r: E) => E): E {
  const conj = (): E => {
    let left = primary();
    while (ts.peek()?.t === "and") {
      ts.next();
      left = join("and", left, primary());
    }
    return left;
  };
  const primary = (): E => {
    if (ts.peek()?.t === "(") {
      ts.next();
      const inner = disj();
      if (ts.next().t !== ")") throw new FilterPatternError("missing ')'");
      return inner;
    }
    return atom();
  };
  const disj = (): E => {
    let left = conj();
    while (ts.peek()?.t === "or") {
      ts.next();
      left = join("or", left, conj());
    }
    return left;
  };
  return disj();
}

// ---- JSON ----

function jsonPath(word: string): JsonStep[] {
  if (!word.startsWith("$")) throw new FilterPatternError(`a JSON selector starts with $, got '${word}'`);
  const steps: JsonStep[] = [];
  const re = /\.([A-Za-z0-9_\-@$]+)|\[(\d+)\]/y;
  let i = 1;
  while (i < word.length) {
    re.lastIndex = i;
    const m = re.exec(word);
    if (!m) throw new FilterPatternError(`invalid JSON selector '${word}'`);
    steps.push(m[1] !== undefined ? { kind: "member", name: m[1] } : { kind: "index", index: Number(m[2]) });
    i = re.lastIndex;
  }
  if (steps.length === 0) throw new FilterPatternError(`a JSON selector names a field: '${word}'`);
  return steps;
}

function parseJson(text: string): JsonPattern {
  if (!text.endsWith("}")) throw new FilterPatternError("a JSON pattern ends with }");
  const ts = new Tokens(lex(text.slice(1, -1)));
  const atom = (): JsonExpr => {
    const sel = ts.next();
    if (sel.t !== "word") throw new FilterPatternError("expected a JSON selector");
    const path = jsonPath(sel.v);
    const t = ts.next();
    if (t.t === "op") return { kind: "compare", path, op: t.v, operand: operand(ts.next()) };
    if (t.t === "word") {
      const w = t.v.toUpperCase();
      if (w === "IS") {
        const what = ts.next();
        const v = what.t === "word" ? what.v.toUpperCase() : "";
        if (v === "NULL" || v === "TRUE" || v === "FALSE") return { kind: "test", path, test: `IS ${v}` };
      } else if (w === "NOT") {
        const what = ts.next();
        if (what.t === "word" && what.v.toUpperCase() === "EXISTS") return { kind: "test", path, test: "NOT EXISTS" };
      } else if (w === "EXISTS") return { kind: "test", path, test: "EXISTS" };
    }
    throw new FilterPatternError("expected a comparison after the JSON selector");
  };
  if (ts.done()) throw new FilterPatternError("empty JSON pattern");
  const expr = binary<JsonExpr>(ts, atom, (kind, left, right) => ({ kind, left, right }));
  if (!ts.done()) throw new FilterPatternError("unexpected text after the JSON expression");
  return { kind: "json", expr };
}

// ---- space-delimited ----

function parseDelimited(text: string): DelimitedPattern {
  if (!text.endsWith("]")) throw new FilterPatternError("a space-delimited pattern ends with ]");
  const ts = new Tokens(lex(text.slice(1, -1)));
  const columns: Column[] = [];
  const names = new Set<string>();
  while (!ts.done()) {
    const t = ts.next();
    if (t.t === "ellipsis") columns.push({ kind: "ellipsis" });
    else if (t.t === "word") {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(t.v)) throw new FilterPatternError(`invalid field name '${t.v}'`);
      if (names.has(t.v)) throw new FilterPatternError(`field '${t.v}' is named twice`);
      names.add(t.v);
      const column: Column = { kind: "field", name: t.v };
      if (ts.peek()?.t === "op") {
        let first = true;
        const atom = (): FieldCondition => {
          // The first comparison's field is the column itself; later ones name their field.
          let field = t.v;
          if (!first) {
            const f = ts.next();
            if (f.t !== "word") throw new FilterPatternError("expected a field name");
            field = f.v;
          }
          first = false;
          const op = ts.next();
          if (op.t !== "op") throw new FilterPatternError("expected a comparison");
          return { kind: "compare", field, op: op.v, operand: operand(ts.next()) };
        };
        column.condition = binary<FieldCondition>(ts, atom, (kind, left, right) => ({ kind, left, right }));
      }
      columns.push(column);
    } else throw new FilterPatternError("expected a field name or ...");
    if (ts.done()) break;
    if (ts.next().t !== ",") throw new FilterPatternError("expected ',' between fields");
  }
  if (columns.length === 0) throw new FilterPatternError("empty space-delimited pattern");
  for (const c of columns) {
    if (c.kind === "field" && c.condition) checkFields(c.condition, names);
  }
  return { kind: "delimited", columns };
}

function checkFields(c: FieldCondition, names: Set<string>): void {
  if (c.kind === "compare") {
    if (!names.has(c.field)) throw new FilterPatternError(`unknown field '${c.field}'`);
  } else {
    checkFields(c.left, names);
    checkFields(c.right, names);
  }
}
