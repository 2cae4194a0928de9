import { test } from "node:test";
import assert from "node:assert/strict";
import { PageTokens } from "./page-tokens.js";

const tokens = new PageTokens(Buffer.alloc(32, 7));

test("a token decodes to its position in its own scope", () => {
  const t = tokens.encode("list-a", { a: ["fam", 3] });
  assert.deepEqual(tokens.decode("list-a", t), { a: ["fam", 3] });
});

test("a token from another scope, another secret, or tampered with is refused", () => {
  const t = tokens.encode("list-a", { a: 1 });
  assert.equal(tokens.decode("list-b", t), undefined);
  assert.equal(new PageTokens(Buffer.alloc(32, 8)).decode("list-a", t), undefined);
  const payload = Buffer.from(JSON.stringify({ a: 2 })).toString("base64url");
  assert.equal(tokens.decode("list-a", `${payload}${t.slice(t.indexOf("."))}`), undefined);
  assert.equal(tokens.decode("list-a", "garbage"), undefined);
  assert.equal(tokens.decode("list-a", ""), undefined);
});
