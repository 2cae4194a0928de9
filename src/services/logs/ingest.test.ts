import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LogStore } from "./store/log-store.js";
import { ingestContainerLogs } from "./ingest.js";

test("a retried awslogs batch (its cursor already stored) is not appended twice; the next batch is", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "berth-ingest-"));
  const logs = new LogStore(dir);
  const now = Date.now();
  const batch = (from: number, cursor: string) => ({
    region: "us-east-1",
    logGroupName: "/g",
    logStreamName: "s",
    createGroup: true,
    events: [0, 1, 2].map((i) => ({ timestamp: now - 1000 + from + i, message: `line-${from + i}` })),
    cursor,
  });
  assert.equal(ingestContainerLogs(logs, now, batch(0, "a")), "a");
  assert.equal(ingestContainerLogs(logs, now, batch(0, "a")), "a", "the same batch again");
  assert.equal(ingestContainerLogs(logs, now, batch(3, "b")), "b");
  const group = logs.group("us-east-1", "/g")!;
  const stream = logs.stream(group.id, "s")!;
  assert.equal(stream.cursor, "b");
  const messages = logs.streamForward(stream.id, [-1, 0], { startTime: 0, endTime: Number.MAX_SAFE_INTEGER }, 100).map((e) => e.message);
  assert.deepEqual(messages, ["line-0", "line-1", "line-2", "line-3", "line-4", "line-5"]);
  logs.close();
  rmSync(dir, { recursive: true, force: true });
});
