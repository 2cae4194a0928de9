/** Header records as node:http gives them: lower-case names, repeats joined or the first kept. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { headerRecord } from "./request-parser.js";

test("names are lower-cased; a repeated header is joined with ', '; one node:http keeps once keeps its first value", () => {
  assert.deepEqual(headerRecord(["X-Amz-Target", "a.B", "X-A", "1", "x-a", "2", "Authorization", "first", "authorization", "second", "Host", "h"]), {
    "x-amz-target": "a.B",
    "x-a": "1, 2",
    authorization: "first",
    host: "h",
  });
});
