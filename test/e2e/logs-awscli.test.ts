/**
 * CloudWatch Logs through Debian's aws CLI v2 (/usr/bin/aws; BERTH_AWS_CLI overrides the path):
 * describe-log-streams, get-log-events, filter-log-events, and `logs tail --follow` picking up
 * events written after it started.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { TEST_CREDENTIALS, startTestServer, type TestServer } from "./harness.js";
import { AWS_CLI, awsCliEnv } from "../support/aws-cli.js";

const AWS = AWS_CLI;
let t: TestServer;
let logs: CloudWatchLogsClient;
let home: string;

before(async () => {
  t = await startTestServer();
  home = mkdtempSync(path.join(os.tmpdir(), "berth-logs-cli-"));
  logs = new CloudWatchLogsClient({ endpoint: t.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await logs.send(new CreateLogGroupCommand({ logGroupName: "/cli/app" }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: "/cli/app", logStreamName: "web/1" }));
  const base = Date.now() - 5000;
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: "/cli/app",
      logStreamName: "web/1",
      logEvents: [
        { timestamp: base, message: "GET / 200" },
        { timestamp: base + 1, message: "GET /missing 404" },
        { timestamp: base + 2, message: "POST /login 200" },
      ],
    }),
  );
});
after(async () => {
  logs.destroy();
  await t.stop();
  rmSync(home, { recursive: true, force: true });
});

const env = () => awsCliEnv(home);

function aws(args: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(AWS, [...args, "--endpoint-url", t.url, "--output", "json"], { env: env() }, (err, stdout, stderr) =>
      err ? reject(new Error(`aws ${args.join(" ")}: ${stderr}`)) : resolve(JSON.parse(stdout) as Record<string, unknown>),
    );
  });
}

test("aws logs describe-log-streams", async () => {
  const out = await aws(["logs", "describe-log-streams", "--log-group-name", "/cli/app"]);
  const streams = out.logStreams as { logStreamName: string; lastEventTimestamp: number }[];
  assert.deepEqual(
    streams.map((s) => s.logStreamName),
    ["web/1"],
  );
  assert.ok(streams[0]!.lastEventTimestamp > 0);
});

test("aws logs get-log-events", async () => {
  const out = await aws(["logs", "get-log-events", "--log-group-name", "/cli/app", "--log-stream-name", "web/1", "--start-from-head"]);
  assert.deepEqual(
    (out.events as { message: string }[]).map((e) => e.message),
    ["GET / 200", "GET /missing 404", "POST /login 200"],
  );
  assert.match(String(out.nextForwardToken), /^f\//);
});

test("aws logs filter-log-events with a space-delimited pattern", async () => {
  const out = await aws(["logs", "filter-log-events", "--log-group-name", "/cli/app", "--filter-pattern", "[method, path, status = 404]"]);
  assert.deepEqual(
    (out.events as { message: string }[]).map((e) => e.message),
    ["GET /missing 404"],
  );
});

test("aws logs tail --follow prints events written after it started", async () => {
  // The CLI never flushes stdout while following: on a pipe (not a terminal) Python would hold
  // the lines in its buffer, so the test asks for unbuffered output.
  const child = spawn(AWS, ["logs", "tail", "/cli/app", "--follow", "--format", "short", "--endpoint-url", t.url], {
    env: { ...env(), PYTHONUNBUFFERED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const waitFor = async (text: string, ms: number) => {
    const deadline = Date.now() + ms;
    while (!out.includes(text)) {
      if (Date.now() > deadline) throw new Error(`'${text}' did not appear within ${ms} ms; stdout: ${out}; stderr: ${err}`);
      if (child.exitCode !== null) throw new Error(`aws logs tail exited (${child.exitCode}): ${err}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  try {
    await waitFor("POST /login 200", 30_000);
    await logs.send(new PutLogEventsCommand({ logGroupName: "/cli/app", logStreamName: "web/1", logEvents: [{ timestamp: Date.now(), message: "written while following" }] }));
    // The CLI polls every 5 s.
    await waitFor("written while following", 30_000);
    assert.equal(out.split("\n").filter((l) => l.includes("GET / 200")).length, 1, "no event is printed twice");
  } finally {
    child.kill("SIGINT");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(killer);
  }
});
