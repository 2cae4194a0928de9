import { test } from "node:test";
import assert from "node:assert/strict";
import { compileFilterPattern, splitFields } from "./match.js";
import { FilterPatternError, parseFilterPattern } from "./parse.js";

const lines = {
  error: "[ERROR] A fatal exception has occurred",
  code: "Exiting with ERRORCODE: -1",
  args: "[ERROR] Caught IllegalArgumentException",
  warn: "[WARN] Some arguments are deprecated",
  info: "[INFO] Everything is fine",
  phrase: "INTERNAL SERVER ERROR while handling request",
  jsonErr: '{"level":"error","latency":750,"user":{"id":7,"tags":["a","b"]},"ok":false,"gone":null}',
  jsonInfo: '{"level":"info","latency":20,"user":{"id":8,"tags":[]},"ok":true}',
  access: '127.0.0.1 - frank [10/Oct/2000:13:25:15 -0700] "GET /apache_pb.gif HTTP/1.0" 404 2326',
  access2: '127.0.0.2 - bob [10/Oct/2000:13:26:15 -0700] "GET /index.html HTTP/1.0" 200 120',
  access3: '127.0.0.3 - eve [10/Oct/2000:13:27:15 -0700] "POST /login HTTP/1.1" 503 0',
} as const;
type Name = keyof typeof lines;
const all = Object.keys(lines) as Name[];

/** pattern → the lines it must match (every other line must not match). */
const table: [string, Name[]][] = [
  ["", all],
  ["   ", all],
  ["ERROR", ["error", "code", "args", "phrase"]],
  ["ERROR Exception", ["args"]],
  ["ERROR -Exception", ["error", "code", "phrase"]],
  ["?ERROR ?WARN", ["error", "code", "args", "warn", "phrase"]],
  ["?WARN ?INFO", ["warn", "info"]],
  ['"INTERNAL SERVER ERROR"', ["phrase"]],
  ['"[ERROR]"', ["error", "args"]],
  ["error", ["jsonErr"]],
  ["-ERROR -WARN -INFO", ["jsonErr", "jsonInfo", "access", "access2", "access3"]],
  ["%ERR(OR)?CODE%", ["code"]],
  ["%^\\[(WARN|INFO)\\]%", ["warn", "info"]],
  ['{ $.level = "error" }', ["jsonErr"]],
  ["{ $.level = info }", ["jsonInfo"]],
  ['{ $.level != "error" }', ["jsonInfo"]],
  ["{ $.level = err* }", ["jsonErr"]],
  ["{ $.latency > 500 }", ["jsonErr"]],
  ["{ $.latency <= 20 }", ["jsonInfo"]],
  ["{ $.latency = 750 }", ["jsonErr"]],
  ["{ $.user.id = 8 }", ["jsonInfo"]],
  ['{ $.user.tags[1] = "b" }', ["jsonErr"]],
  ['{ ($.level = "error") && ($.latency > 1000) }', []],
  ['{ $.level = "info" || $.latency > 500 }', ["jsonErr", "jsonInfo"]],
  ['{ ($.level = "debug" || $.level = "info") && $.ok IS TRUE }', ["jsonInfo"]],
  ["{ $.ok IS FALSE }", ["jsonErr"]],
  ["{ $.gone IS NULL }", ["jsonErr"]],
  ["{ $.gone NOT EXISTS }", ["jsonInfo"]],
  ["{ $.missing NOT EXISTS }", ["jsonErr", "jsonInfo"]],
  ["{ $.level = %^e% }", ["jsonErr"]],
  ["[ip, identity, user, timestamp, request, status, bytes]", ["access", "access2", "access3"]],
  ["[ip, identity, user, timestamp, request, status = 404, bytes]", ["access"]],
  ["[ip, identity, user, timestamp, request, status = 5*, bytes]", ["access3"]],
  ["[ip, identity, user, timestamp, request, status >= 400, bytes > 1000]", ["access"]],
  ['[ip, identity, user, timestamp, request = "*html*", status, bytes]', ["access2"]],
  ["[ip, identity, user, timestamp, request, status = 404 || status = 503, bytes]", ["access", "access3"]],
  ["[ip, identity, user = bob, ...]", ["access2"]],
  ["[..., status, bytes = 0]", ["access3"]],
  ["[ip = 127.0.0.1, ...]", ["access"]],
  ["[a, b]", []],
  ["[level = \"[ERROR]\", ...]", []],
  ["[level = ERROR, ...]", ["error", "args"]],
  ["[w1, w2, w3 = fatal, ...]", ["error"]],
];

for (const [pattern, expected] of table) {
  test(`filter pattern ${JSON.stringify(pattern)} matches ${expected.join(", ") || "nothing"}`, () => {
    const match = compileFilterPattern(pattern);
    const got = all.filter((n) => match(lines[n]));
    assert.deepEqual(got, expected);
  });
}

const malformed = [
  '"unterminated',
  "{ $.level = }",
  "{ level = 1 }",
  "{ $.a = 1",
  "{ $.a = 1 && }",
  "{ ($.a = 1 }",
  "{ $.a IS MAYBE }",
  "[a, b",
  "[a,, b]",
  "[a, a]",
  "[a = 1 && zz = 2, b]",
  "%(%",
  "{ }",
];
for (const p of malformed) {
  test(`malformed filter pattern ${JSON.stringify(p)} is rejected`, () => {
    assert.throws(() => parseFilterPattern(p), FilterPatternError);
  });
}

test("space-delimited fields keep quoted and bracketed text whole", () => {
  assert.deepEqual(splitFields('a  "b c" [d e] f'), ["a", "b c", "d e", "f"]);
});
