import { test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import type Docker from "dockerode";
import { subscribeEvents } from "./docker-events.js";
import { demuxLogLines } from "./docker-logs.js";
import type { ContainerEvent } from "./runtime.js";

const msg = (action: string, id: string, timeNano: bigint, attrs: Record<string, string> = {}) =>
  JSON.stringify({ Type: "container", Action: action, Actor: { ID: id, Attributes: { name: "n", image: "i", ...attrs } }, timeNano: Number(timeNano) }) + "\n";

test("the event stream reconnects from the last event seen, without repeating it", async () => {
  const sinces: string[] = [];
  const streams: PassThrough[] = [];
  const docker = {
    getEvents(opts: { since: string }, cb: (err: Error | null, s?: PassThrough) => void) {
      sinces.push(opts.since);
      const s = new PassThrough();
      streams.push(s);
      setImmediate(() => cb(null, s));
    },
  } as unknown as Docker;
  const got: ContainerEvent[] = [];
  const sub = subscribeEvents(docker, { a: "b" }, (e) => got.push(e), { retryMs: 1 });
  await sub.ready;
  const t = BigInt(Date.now() + 1000) * 1_000_000n;
  // A line split across chunks, then the stream drops.
  const first = msg("start", "c1", t, { a: "b" });
  streams[0]!.write(first.slice(0, 10));
  streams[0]!.write(first.slice(10));
  streams[0]!.end();
  while (streams.length < 2) await new Promise((r) => setImmediate(r));
  // The engine replays from `since` (inclusive): the start again, then new events.
  streams[1]!.write(first + msg("health_status: healthy", "c1", t + 1n) + msg("exec_start: sh", "c1", t + 2n) + msg("die", "c1", t + 3n, { exitCode: "3" }));
  while (got.length < 3) await new Promise((r) => setImmediate(r));
  sub.close();
  assert.deepEqual(got.map((e) => e.kind), ["start", "health_status", "die"]);
  assert.equal(got[2]!.kind === "die" && got[2]!.exitCode, 3);
  assert.deepEqual(got[0]!.labels, { a: "b" }, "name and image are not labels");
  assert.equal(sinces[1], `${t / 1_000_000_000n}.${String(t % 1_000_000_000n).padStart(9, "0")}`);
});

test("log frames demultiplex into timestamped lines per stream, across frame boundaries", async () => {
  const frame = (stream: number, text: string) => {
    const body = Buffer.from(text);
    const h = Buffer.alloc(8);
    h[0] = stream;
    h.writeUInt32BE(body.length, 4);
    return Buffer.concat([h, body]);
  };
  const all = Buffer.concat([
    frame(1, "2024-05-01T10:00:00.123456789Z hello\n"),
    frame(2, "2024-05-01T10:00:01.000000000Z oops"),
    frame(2, " more\n"),
  ]);
  const lines = [];
  for await (const l of demuxLogLines([all.subarray(0, 5), all.subarray(5, 50), all.subarray(50)])) lines.push(l);
  assert.deepEqual(
    lines.map((l) => [l.stream, l.timestamp.toISOString(), l.line]),
    [
      ["stdout", "2024-05-01T10:00:00.123Z", "hello"],
      ["stderr", "2024-05-01T10:00:01.000Z", "oops more"],
    ],
  );
});
