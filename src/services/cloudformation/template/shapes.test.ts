import { test } from "node:test";
import assert from "node:assert/strict";
import { checkIntrinsicShapes } from "./shapes.js";
import type { Json } from "./types.js";

const bad: [Json, string][] = [
  [{ Ref: ["A"] }, "Template format error: Every Ref object must have a single String value."],
  [{ "Fn::Join": ["," ] }, "Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined."],
  [{ "Fn::Join": [",", "a"] }, "Template error: every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined."],
  [{ "Fn::Select": [0] }, "Template error: Fn::Select requires a list argument with two elements: an integer index and a list"],
  [{ "Fn::GetAtt": "NoDot" }, "Template error: every Fn::GetAtt object requires two non-empty parameters, the resource name and the resource attribute"],
  [{ "Fn::If": ["C", 1] }, "Template error: Fn::If requires a list argument with three elements"],
  [{ "Fn::FindInMap": ["M", "k"] }, "Template error: every Fn::FindInMap object requires three parameters, the map name, map key and the attribute for return value"],
  [{ a: [{ "Fn::Sub": 3 }] }, "Template error: One or more Fn::Sub intrinsic functions don't specify expected arguments. Specify a string as first argument, and an optional second argument to specify a mapping of values to replace in the string"],
  [{ "Fn::Frobnicate": 1 }, "Template format error: Unrecognized intrinsic function: Fn::Frobnicate"],
];

for (const [value, message] of bad) {
  test(`intrinsic shape: ${message.slice(0, 60)}`, () => {
    assert.throws(() => checkIntrinsicShapes(value), { name: "ValidationError", message });
  });
}

test("well-formed calls pass", () => {
  checkIntrinsicShapes({ a: { "Fn::Join": [",", { "Fn::GetAZs": "" }] }, b: { "Fn::GetAtt": "A.B" }, c: { "Fn::Sub": ["x", {}] }, d: { "Fn::FindInMap": ["M", "a", "b", { DefaultValue: 1 }] } });
});
