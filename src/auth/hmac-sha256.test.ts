import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac, randomBytes } from "node:crypto";
import fc from "fast-check";
import { HmacSha256 } from "./hmac-sha256.js";

const reference = (key: Buffer | string, message: string) => createHmac("sha256", key).update(message, "utf8").digest("hex");

test("matches RFC 4231 test case 2 (a short key)", () => {
  assert.equal(new HmacSha256("Jefe").hex("what do ya want for nothing?"), "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
});

test("matches createHmac for keys shorter than, as long as and longer than the block, and any message", () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 200 }), fc.string({ unit: "binary", maxLength: 600 }), (keyLength, message) => {
      const key = randomBytes(keyLength);
      assert.equal(new HmacSha256(key).hex(message), reference(key, message));
    }),
  );
  for (const length of [0, 1, 32, 63, 64, 65, 128]) {
    const key = randomBytes(length);
    assert.equal(new HmacSha256(key).hex("x"), reference(key, "x"));
  }
});

test("one instance gives the right answer for many messages in turn, short after long", () => {
  const key = randomBytes(32);
  const h = new HmacSha256(key);
  for (const message of ["a".repeat(2000), "", "short", "é€😀".repeat(100), "AWS4-HMAC-SHA256\n20240101T000000Z\n20240101/us-east-1/ecs/aws4_request\nabc"]) {
    assert.equal(h.hex(message), reference(key, message));
  }
});
