/**
 * Log durability: events PutLogEvents acknowledged are there after `kill -9` of the server and a
 * restart on the same data directory.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, GetLogEventsCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { spawnServer, type ServerProcess } from "./spawn-server.js";
import { TEST_CREDENTIALS } from "./harness.js";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "berth-logs-durability-"));
const running: ServerProcess[] = [];
after(async () => {
  for (const s of running) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill("SIGKILL");
  await Promise.all(running.map((s) => s.exited));
  rmSync(dataDir, { recursive: true, force: true });
});

const client = (url: string) => new CloudWatchLogsClient({ endpoint: url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });

test("acknowledged log events survive kill -9 of the server", async () => {
  const first = await spawnServer(["--data-dir", dataDir, "--no-agent"]);
  running.push(first);
  const logs = client(first.url);
  await logs.send(new CreateLogGroupCommand({ logGroupName: "/durable" }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: "/durable", logStreamName: "s" }));
  const base = Date.now() - 60_000;
  // Concurrent batches; every acknowledged one must survive.
  await Promise.all(
    Array.from({ length: 10 }, (_, b) =>
      logs.send(
        new PutLogEventsCommand({
          logGroupName: "/durable",
          logStreamName: "s",
          logEvents: Array.from({ length: 500 }, (_, i) => ({ timestamp: base + b * 1000 + i, message: `batch ${b} event ${i}` })),
        }),
      ),
    ),
  );
  first.child.kill("SIGKILL");
  await first.exited;
  logs.destroy();

  const second = await spawnServer(["--data-dir", dataDir, "--no-agent"]);
  running.push(second);
  const again = client(second.url);
  const messages: string[] = [];
  let token: string | undefined;
  for (;;) {
    const r = await again.send(new GetLogEventsCommand({ logGroupName: "/durable", logStreamName: "s", startFromHead: true, nextToken: token }));
    messages.push(...r.events!.map((e) => e.message!));
    if (r.nextForwardToken === token) break;
    token = r.nextForwardToken;
  }
  again.destroy();
  assert.equal(messages.length, 5000);
  assert.equal(new Set(messages).size, 5000);
  assert.equal(messages[0], "batch 0 event 0");
  assert.equal(messages.at(-1), "batch 9 event 499");
});
