import { test } from "node:test";
import assert from "node:assert/strict";
import { bufferMode, DEFAULT_MAX_BUFFER_BYTES, ramInBytes } from "./buffer-mode.js";
import { EventQueue } from "./event-queue.js";
import { awslogsOptions } from "./options.js";

const ev = (i: number, message = `m${i}`) => ({ timestamp: i, message, end: { ms: i, count: 1 } });
const limits = { maxEvents: 3, maxBytes: 100, overhead: 26, maxSpanMs: 1000 };

test("max-buffer-size takes Docker's sizes (binary units, bytes without one)", () => {
  assert.equal(ramInBytes("4m"), 4 * 1024 * 1024);
  assert.equal(ramInBytes("25k"), 25 * 1024);
  assert.equal(ramInBytes("1.5MiB"), 1.5 * 1024 * 1024);
  assert.equal(ramInBytes("10 MB"), 10 * 1024 * 1024);
  assert.equal(ramInBytes("2g"), 2 * 1024 ** 3);
  assert.equal(ramInBytes("512"), 512);
  for (const bad of ["", "m", "4x", "-1m", "4 m b", "1e6", "four"]) assert.equal(ramInBytes(bad), undefined, bad);
});

test("mode and max-buffer-size are validated as Docker validates them", () => {
  assert.deepEqual(bufferMode({}), { nonBlocking: false });
  assert.deepEqual(bufferMode({ mode: "blocking" }), { nonBlocking: false });
  assert.deepEqual(bufferMode({ mode: "non-blocking" }), { nonBlocking: true, maxBufferBytes: DEFAULT_MAX_BUFFER_BYTES });
  assert.deepEqual(bufferMode({ mode: "non-blocking", "max-buffer-size": "4m" }), { nonBlocking: true, maxBufferBytes: 4 * 1024 * 1024 });
  assert.deepEqual(bufferMode({ mode: "fast" }), { error: "logger: logging mode not supported: fast" });
  assert.deepEqual(bufferMode({ "max-buffer-size": "4m" }), { error: "logger: max-buffer-size option is only supported with 'mode=non-blocking'" });
  assert.deepEqual(bufferMode({ mode: "blocking", "max-buffer-size": "4m" }), { error: "logger: max-buffer-size option is only supported with 'mode=non-blocking'" });
  assert.deepEqual(bufferMode({ mode: "non-blocking", "max-buffer-size": "lots" }), { error: "error parsing option max-buffer-size: invalid size: 'lots'" });
  const def = (options: Record<string, string>) => ({ name: "c", image: "x", logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "g", ...options } } });
  const bad = awslogsOptions(def({ mode: "non-blocking", "max-buffer-size": "1q" }), "arn:aws:ecs:us-east-1:0:task/c/t");
  assert.deepEqual(bad, { kind: "invalid", reason: "ResourceInitializationError: failed to validate logger args: error parsing option max-buffer-size: invalid size: '1q'" });
  const ok = awslogsOptions(def({ mode: "non-blocking", "max-buffer-size": "25k" }), "arn:aws:ecs:us-east-1:0:task/c/t");
  assert.deepEqual(ok.kind === "awslogs" && ok.target.buffer, { nonBlocking: true, maxBufferBytes: 25 * 1024 });
});

test("a bounded queue drops what doesn't fit (never its only event); an unbounded one never drops", () => {
  const ring = new EventQueue(10);
  assert.equal(ring.push(ev(1, "12345678901234"), 14), true, "a lone event larger than the ring still passes");
  assert.equal(ring.push(ev(2, "a"), 1), false);
  assert.equal(ring.takeDropped(), 1);
  assert.deepEqual(ring.take(limits).map((e) => e.message), ["12345678901234"]);
  assert.equal(ring.bytes, 0);
  for (let i = 0; i < 5; i++) ring.push(ev(i, "abc"), 3);
  assert.equal(ring.length, 3);
  assert.equal(ring.bytes, 9);
  assert.equal(ring.takeDropped(), 2);
  assert.equal(ring.takeDropped(), 0);
  const unbounded = new EventQueue();
  for (let i = 0; i < 1000; i++) assert.equal(unbounded.push(ev(i, "x".repeat(100)), 100), true);
  assert.equal(unbounded.bytes, 100_000);
});

test("take() cuts batches by count, bytes and time span, in order", () => {
  const q = new EventQueue();
  for (let i = 0; i < 5; i++) q.push(ev(i), 2);
  assert.equal(q.hasFullBatch(limits), true);
  assert.deepEqual(q.take(limits).map((e) => e.timestamp), [0, 1, 2]);
  assert.deepEqual(q.take(limits).map((e) => e.timestamp), [3, 4]);
  assert.equal(q.length, 0);
  q.push(ev(1, "x".repeat(60)), 60);
  q.push(ev(2, "y".repeat(60)), 60);
  assert.equal(q.take(limits).length, 1, "60 + 26 + 60 + 26 > 100 bytes");
  q.take(limits);
  q.push(ev(0), 2);
  q.push(ev(5000), 2);
  assert.equal(q.take(limits).length, 1, "more than maxSpanMs apart");
});
