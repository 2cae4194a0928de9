import { test } from "node:test";
import assert from "node:assert/strict";
import { parseJsonBody, serializeJson } from "./aws-json.js";
import { AwsError } from "../errors.js";

test("Dates anywhere in the output become epoch seconds; the input is not changed", () => {
  const when = new Date(1700000000123);
  const input = { a: when, list: [{ at: when, n: 1 }, "x"], nested: { deep: [when] }, plain: { s: "t" } };
  assert.equal(serializeJson(input), '{"a":1700000000.123,"list":[{"at":1700000000.123,"n":1},"x"],"nested":{"deep":[1700000000.123]},"plain":{"s":"t"}}');
  assert.equal(input.a, when);
  assert.equal(input.list[0] && (input.list[0] as { at: Date }).at, when);
});

test("undefined members are left out and an absent output is {}", () => {
  assert.equal(serializeJson({ a: undefined, b: 1 }), '{"b":1}');
  assert.equal(serializeJson(undefined), "{}");
});

test("bodies: empty is {}, non-objects and bad JSON are SerializationException", () => {
  assert.deepEqual(parseJsonBody(Buffer.alloc(0)), {});
  for (const body of ["[1]", "3", "nul", "{"]) {
    assert.throws(() => parseJsonBody(Buffer.from(body)), (e: unknown) => e instanceof AwsError && e.code === "SerializationException");
  }
});
