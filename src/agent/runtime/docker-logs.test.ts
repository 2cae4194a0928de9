import { test } from "node:test";
import assert from "node:assert/strict";
import { demuxLogBatches } from "./docker-logs.js";

const frame = (stream: number, text: string) => {
  const body = Buffer.from(text);
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(body.length, 4);
  return Buffer.concat([h, body]);
};

async function all(chunks: Buffer[]) {
  const out: [string, number, string][] = [];
  const sizes: number[] = [];
  for await (const batch of demuxLogBatches(chunks)) {
    sizes.push(batch.length);
    for (const l of batch) out.push([l.stream, l.ms, l.line]);
  }
  return { out, sizes };
}

test("a chunk's lines come out together, with millisecond timestamps read from Docker's fixed format", async () => {
  const data = Buffer.concat([
    frame(1, "2024-05-01T10:00:00.123456789Z first\n"),
    frame(1, "2024-05-01T10:00:00.999000000Z second é\n"),
    frame(2, "2024-05-01T10:00:01.000000001Z on stderr\n"),
    frame(1, "2024-05-01T10:00:02Z trimmed nanos\n"),
    frame(1, "no timestamp at all\n"),
  ]);
  const { out, sizes } = await all([data]);
  const t = Date.parse("2024-05-01T10:00:00Z");
  assert.deepEqual(sizes, [5]);
  assert.deepEqual(out.slice(0, 4), [
    ["stdout", t + 123, "first"],
    ["stdout", t + 999, "second é"],
    ["stderr", t + 1000, "on stderr"],
    ["stdout", t + 2000, "trimmed nanos"],
  ]);
  assert.equal(out[4]![2], "no timestamp at all");
});

test("frames split anywhere across chunks, and Docker's partial entries (long lines) join under the first part's timestamp", async () => {
  const long = "x".repeat(40);
  const data = Buffer.concat([
    frame(1, `2024-05-01T10:00:00.100000000Z ${long}`),
    frame(2, "2024-05-01T10:00:00.150000000Z err\n"),
    frame(1, `2024-05-01T10:00:00.200000000Z ${long}`),
    frame(1, "2024-05-01T10:00:00.300000000Z end\n"),
    frame(1, "2024-05-01T10:00:00.400000000Z unfinished"),
  ]);
  const t = Date.parse("2024-05-01T10:00:00Z");
  const expected = [
    ["stderr", t + 150, "err"],
    ["stdout", t + 100, `${long}${long}end`],
    ["stdout", t + 400, "unfinished"],
  ];
  for (const cut of [1, 3, 8, 9, 40, 50, 77, data.length - 1]) {
    const { out } = await all([data.subarray(0, cut), data.subarray(cut)]);
    assert.deepEqual(out, expected, `cut at ${cut}`);
  }
  const { out } = await all([...data].map((b) => Buffer.from([b])));
  assert.deepEqual(out, expected, "one byte at a time");
});
