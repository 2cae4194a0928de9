import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { stringListJson } from "./json-text.js";

test("stringListJson writes what JSON.stringify writes, escapes and lone surrogates included", () => {
  for (const list of [[], ["arn:aws:ecs:us-east-1:000000000000:task-definition/a:1"], ['q"uote', "back\\slash", "nl\n", "\u0001", "\ud800", "😀", "é"]]) {
    assert.equal(stringListJson(list), JSON.stringify(list));
    assert.equal(stringListJson(list), JSON.stringify(list), "again, from the remembered forms");
  }
  fc.assert(fc.property(fc.array(fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), fc.constantFrom("a", "b"))), (list) => stringListJson(list) === JSON.stringify(list)));
});
