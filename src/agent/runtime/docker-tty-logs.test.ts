import { test } from "node:test";
import assert from "node:assert/strict";
import { ttyLogBatches } from "./docker-tty-logs.js";

async function all(chunks: (Buffer | string)[]) {
  const out: [string, number, string][] = [];
  const sizes: number[] = [];
  for await (const batch of ttyLogBatches(chunks)) {
    sizes.push(batch.length);
    for (const l of batch) out.push([l.stream, l.ms, l.line]);
  }
  return { out, sizes };
}

const t = Date.parse("2024-05-01T10:00:00Z");

test("a TTY's raw stream: one line per newline, timestamps read, the terminal's \\r dropped, all on stdout", async () => {
  const { out, sizes } = await all([
    "2024-05-01T10:00:00.123456789Z first\r\n2024-05-01T10:00:00.999000000Z second é\r\n",
    "2024-05-01T10:00:01.000000001Z no carriage return\n2024-05-01T10:00:02Z trimmed nanos\r\n2024-05-01T10:00:02.5Z \r\n",
  ]);
  assert.deepEqual(sizes, [2, 3]);
  assert.deepEqual(out, [
    ["stdout", t + 123, "first"],
    ["stdout", t + 999, "second é"],
    ["stdout", t + 1000, "no carriage return"],
    ["stdout", t + 2000, "trimmed nanos"],
    ["stdout", t + 2500, ""],
  ]);
});

test("lines split across chunks (even inside the timestamp or a UTF-8 character) come out whole; an unfinished last line at the end", async () => {
  const whole = Buffer.from("2024-05-01T10:00:00.010000000Z héllo\r\n2024-05-01T10:00:00.020000000Z tail");
  const cuts = [7, 25, 33, 40, 41];
  const chunks: Buffer[] = [];
  let prev = 0;
  for (const c of cuts) (chunks.push(whole.subarray(prev, c)), (prev = c));
  chunks.push(whole.subarray(prev));
  const { out } = await all(chunks);
  assert.deepEqual(out, [
    ["stdout", t + 10, "héllo"],
    ["stdout", t + 20, "tail"],
  ]);
});

test("a line without a timestamp is kept whole, with the time it was read", async () => {
  const before = Date.now();
  const { out } = await all(["no timestamp here\r\n"]);
  assert.equal(out[0]![2], "no timestamp here");
  assert.ok(out[0]![1] >= before && out[0]![1] <= Date.now());
});
