import { test } from "node:test";
import assert from "node:assert/strict";
import { freeLoopbackAddress } from "./loopback-range.js";

test("the first free address from the start, skipping .0 and .255, wrapping around", () => {
  assert.equal(freeLoopbackAddress("127.77", []), "127.77.0.1");
  assert.equal(freeLoopbackAddress("127.77", ["127.77.0.1", "127.77.0.3"]), "127.77.0.2");
  assert.equal(freeLoopbackAddress("127.77", Array.from({ length: 254 }, (_, i) => `127.77.0.${i + 1}`)), "127.77.1.1");
  assert.equal(freeLoopbackAddress("127.77", [], 255), "127.77.1.1", ".255 is skipped");
  assert.equal(freeLoopbackAddress("127.77", [], 0x1234), "127.77.18.52");
  assert.equal(freeLoopbackAddress("127.77", ["127.77.255.254"], 65534), "127.77.0.1", "wraps to the start of the range");
});

test("none when the whole range is taken", () => {
  const all: string[] = [];
  for (let a = 0; a < 256; a++) for (let b = 1; b < 255; b++) all.push(`127.88.${a}.${b}`);
  assert.equal(freeLoopbackAddress("127.88", all, 40_000), undefined);
});
