import { test } from "node:test";
import assert from "node:assert/strict";
import { judgeBatch } from "./put-rules.js";
import { decodeEventToken, encodeEventToken } from "./event-tokens.js";

const now = 1_800_000_000_000;
const H = 3_600_000;
const D = 24 * H;
const ev = (timestamp: number, message = "m") => ({ timestamp, message });

test("a batch in range is accepted whole", () => {
  assert.deepEqual(judgeBatch([ev(now - 2), ev(now - 1), ev(now)], now, null), { start: 0, end: 3 });
});

test("too old, expired and too new events are cut from the ends and reported by index", () => {
  const v = judgeBatch([ev(now - 15 * D), ev(now - 2 * D), ev(now - H), ev(now + 3 * H), ev(now + 4 * H)], now, 1);
  assert.deepEqual(v, { start: 2, end: 3, rejected: { tooOldLogEventEndIndex: 0, expiredLogEventEndIndex: 1, tooNewLogEventStartIndex: 3 } });
});

test("out-of-order, oversized and over-24-hour batches fail whole", () => {
  assert.throws(() => judgeBatch([ev(now), ev(now - 1)], now, null), /chronological order/);
  assert.throws(() => judgeBatch([ev(now - 25 * H), ev(now)], now, null), /24 hours/);
  assert.throws(() => judgeBatch([ev(now, "x".repeat(600_000)), ev(now, "x".repeat(600_000))], now, null), /Upload too large: 1200052 bytes/);
  assert.throws(() => judgeBatch([ev(now, "x".repeat(1_048_551))], now, null), /Log event too large/);
});

test("GetLogEvents tokens round-trip and reject anything else", () => {
  const t = encodeEventToken({ direction: "b", position: [now, 42] });
  assert.match(t, /^b\/\d{56}\/s$/);
  assert.deepEqual(decodeEventToken(t), { direction: "b", position: [now, 42] });
  for (const bad of ["", "f/12", "x/00000000000000000000000000000000000000000000000000000000/s", `${t}x`]) assert.equal(decodeEventToken(bad), undefined);
});
