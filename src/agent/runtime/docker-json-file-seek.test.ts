/**
 * The json-file seek on real files: the offset is an entry's start, no line from `since` on is
 * before it, most of a long file before `since` is skipped, and odd files fall back to reading more.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { JsonFileLogParser } from "./docker-json-file.js";
import { SLACK_MS, jsonFileOffsetFor } from "./docker-json-file-seek.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "berth-json-seek-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const T0 = Date.parse("2026-12-06T10:00:00Z");
/** `n` entries, one every `stepMs`, stdout and stderr by turns, with long lines now and then. */
function entries(n: number, stepMs: number): { text: string; times: number[] } {
  const times: number[] = [];
  let text = "";
  for (let i = 0; i < n; i++) {
    const ms = T0 + i * stepMs;
    times.push(ms);
    const log = i % 97 === 0 ? `line ${i} ${"x".repeat(3000)} "quoted" "time":"no"\n` : `line ${i}\n`;
    text += `${JSON.stringify({ log, stream: i % 2 ? "stderr" : "stdout", time: new Date(ms).toISOString().replace("Z", "123456Z") })}\n`;
  }
  return { text, times };
}

async function offsetIn(text: string, sinceMs: number): Promise<number> {
  const file = path.join(dir, `log-${sinceMs}-${text.length}.json`);
  writeFileSync(file, text);
  const h = await open(file, "r");
  try {
    return await jsonFileOffsetFor(h, sinceMs);
  } finally {
    await h.close();
  }
}

const linesFrom = (text: string, offset: number, sinceMs: number) => {
  const p = new JsonFileLogParser(false, sinceMs);
  return [...p.push(Buffer.from(text).subarray(offset)), ...p.end()].map((l) => l.line.slice(0, 12));
};

test("a resumed read from the offset gives exactly the lines a read from the start gives, and skips most of the file", async () => {
  const { text, times } = entries(40_000, 7);
  const bytes = Buffer.byteLength(text);
  for (const at of [0, 1, 5_000, 20_000, 39_990, 39_999]) {
    const since = times[at]!;
    const offset = await offsetIn(text, since);
    assert.ok(offset === 0 || Buffer.from(text)[offset - 1] === 0x0a, "an entry's start");
    assert.deepEqual(linesFrom(text, offset, since), linesFrom(text, 0, since), `since entry ${at}`);
    // What was skipped: all but the slack and one probe window before since.
    const before = Buffer.byteLength(text.split("\n").slice(0, at).join("\n"));
    const slackBytes = (SLACK_MS / 7) * (bytes / 40_000) + 128 * 1024;
    assert.ok(offset >= before - slackBytes, `entry ${at}: offset ${offset} of ${bytes}, since at byte ${before}`);
  }
  const later = T0 + 10 * 40_000 * 7; // after the last entry
  const offset = await offsetIn(text, later);
  assert.ok(offset > bytes / 2);
  assert.deepEqual(linesFrom(text, offset, later), []);
});

test("files it can't read times from, and small files, are read from the start", async () => {
  assert.equal(await offsetIn("not json at all\n".repeat(50_000), T0), 0);
  assert.equal(await offsetIn(entries(100, 1000).text, T0 + 99_000), 0);
  assert.equal(await offsetIn("", T0), 0);
});
