import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LogStore } from "./store/log-store.js";
import { ingestContainerLogs, type ContainerLogs } from "./ingest.js";

/** A log store in a temporary directory, removed after `body`. */
function withStore(body: (logs: LogStore) => void): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), "berth-ingest-"));
  const logs = new LogStore(dir);
  try {
    body(logs);
  } finally {
    logs.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const now = Date.now();

/** Three events line-<from>..line-<from+2>, ending at `cursor`, following `startCursor` when given. */
const batch = (from: number, cursor: string, startCursor?: string): ContainerLogs => ({
  region: "us-east-1",
  logGroupName: "/g",
  logStreamName: "s",
  createGroup: true,
  events: [0, 1, 2].map((i) => ({ timestamp: now - 1000 + from + i, message: `line-${from + i}` })),
  cursor,
  ...(startCursor !== undefined && { startCursor }),
});

function stored(logs: LogStore): { cursor: string | null; messages: string[] } {
  const group = logs.group("us-east-1", "/g")!;
  const stream = logs.stream(group.id, "s")!;
  const messages = logs.streamForward(stream.id, [-1, 0], { startTime: 0, endTime: Number.MAX_SAFE_INTEGER }, 100).map((e) => e.message);
  return { cursor: stream.cursor, messages };
}

const lines = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `line-${from + i}`);

test("a retried awslogs batch (its cursor already stored) is not appended twice; the next batch is", () => {
  withStore((logs) => {
    assert.deepEqual(ingestContainerLogs(logs, now, batch(0, "a")), { cursor: "a" });
    assert.deepEqual(ingestContainerLogs(logs, now, batch(0, "a")), { cursor: "a" }, "the same batch again");
    assert.deepEqual(ingestContainerLogs(logs, now, batch(3, "b")), { cursor: "b" });
    assert.deepEqual(stored(logs), { cursor: "b", messages: lines(0, 6) });
  });
});

test("a batch whose start cursor is the stored cursor is appended ('' for a stream without one)", () => {
  withStore((logs) => {
    assert.deepEqual(ingestContainerLogs(logs, now, { ...batch(0, "a"), events: [], cursor: undefined }), {}, "the stream opened, no cursor yet");
    assert.deepEqual(ingestContainerLogs(logs, now, batch(0, "a", "")), { cursor: "a" });
    assert.deepEqual(ingestContainerLogs(logs, now, batch(3, "b", "a")), { cursor: "b" });
    assert.deepEqual(stored(logs), { cursor: "b", messages: lines(0, 6) });
  });
});

test("a batch from a stale start cursor appends nothing and answers the stored cursor", () => {
  withStore((logs) => {
    // The old shipper's batch a→b landed while the new shipper, which read "a", sent a→c.
    ingestContainerLogs(logs, now, batch(0, "a", ""));
    ingestContainerLogs(logs, now, batch(3, "b", "a"));
    assert.deepEqual(ingestContainerLogs(logs, now, batch(3, "c", "a")), { cursor: "b", stale: true });
    // A stream without a stored cursor, and a shipper that believed one was stored.
    assert.deepEqual(ingestContainerLogs(logs, now, { ...batch(0, "x", "a"), logStreamName: "t" }), { stale: true });
    // A new shipper that believed the stream was empty.
    assert.deepEqual(ingestContainerLogs(logs, now, batch(0, "c", "")), { cursor: "b", stale: true });
    assert.deepEqual(stored(logs), { cursor: "b", messages: lines(0, 6) });
    // Re-read from the answer: the next batch follows "b" and lands.
    assert.deepEqual(ingestContainerLogs(logs, now, batch(6, "d", "b")), { cursor: "d" });
    assert.deepEqual(stored(logs), { cursor: "d", messages: lines(0, 9) });
    const t = logs.stream(logs.group("us-east-1", "/g")!.id, "t")!;
    assert.deepEqual([t.cursor, t.storedBytes], [null, 0]);
  });
});

test("the equal-end-cursor rule comes first: a retried batch whose answer was lost is answered as accepted", () => {
  withStore((logs) => {
    ingestContainerLogs(logs, now, batch(0, "a", ""));
    ingestContainerLogs(logs, now, batch(3, "b", "a"));
    assert.deepEqual(ingestContainerLogs(logs, now, batch(3, "b", "a")), { cursor: "b" });
    assert.deepEqual(stored(logs), { cursor: "b", messages: lines(0, 6) });
  });
});

test("a batch without a start cursor is appended as before, whatever is stored", () => {
  withStore((logs) => {
    ingestContainerLogs(logs, now, batch(0, "a", ""));
    ingestContainerLogs(logs, now, batch(3, "b", "a"));
    assert.deepEqual(ingestContainerLogs(logs, now, batch(3, "c")), { cursor: "c" });
    // Events come back in timestamp order: lines 3..5 twice, side by side.
    assert.deepEqual(stored(logs), { cursor: "c", messages: [...lines(0, 6), ...lines(3, 6)].sort() });
  });
});
