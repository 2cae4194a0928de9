/**
 * The awslogs driver as users meet it: `bin/berth server` with its embedded agent, tasks whose
 * containers log with awslogs, their lines read back through CloudWatch Logs. Covers stream naming
 * with and without a prefix, stdout and stderr, awslogs-create-group, a missing group failing
 * the task, mode non-blocking with max-buffer-size, and a pseudoTerminal container (whose Docker log
 * stream is raw, not multiplexed). Every container this file causes is removed in `after`.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import Docker from "dockerode";
import { spawn } from "node:child_process";
import { DescribeTasksCommand, ECSClient, RegisterTaskDefinitionCommand, RunTaskCommand, StopTaskCommand, type Task } from "@aws-sdk/client-ecs";
import { CloudWatchLogsClient, CreateLogGroupCommand, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { spawnServer, type ServerProcess } from "./spawn-server.js";
import { TEST_CREDENTIALS } from "./harness.js";
import { ensureBusyboxImage } from "../support/busybox-image.js";
import { removeContainers } from "../support/remove-containers.js";

const docker = new Docker();
const dataDir = mkdtempSync(path.join(os.tmpdir(), "berth-awslogs-"));
const prefix = `awslogs-${randomBytes(4).toString("hex")}`;
const families: string[] = [];
let server: ServerProcess;
let ecs: ECSClient;
let logs: CloudWatchLogsClient;
let image: string;

before(async () => {
  image = await ensureBusyboxImage(docker);
  server = await spawnServer(["--data-dir", dataDir]);
  ecs = new ECSClient({ endpoint: server.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  logs = new CloudWatchLogsClient({ endpoint: server.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
});

after(async () => {
  ecs?.destroy();
  logs?.destroy();
  if (server && server.child.exitCode === null) server.child.kill("SIGTERM");
  await server?.exited;
  for (const family of families) {
    const leftovers = await docker.listContainers({ all: true, filters: { label: [`com.amazonaws.ecs.task-definition-family=${family}`] } });
    await removeContainers(docker, leftovers);
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function runTask(name: string, options: Record<string, string>, script: string, more: { pseudoTerminal?: boolean; interactive?: boolean } = {}): Promise<string> {
  const family = `${prefix}-${name}`;
  families.push(family);
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      containerDefinitions: [{ name: "main", image, memory: 32, command: ["sh", "-c", script], logConfiguration: { logDriver: "awslogs", options }, ...more }],
    }),
  );
  const res = await ecs.send(new RunTaskCommand({ taskDefinition: family, launchType: "EC2" }));
  assert.deepEqual(res.failures, []);
  return res.tasks![0]!.taskArn!;
}

const stopped = (arn: string) =>
  waitFor<Task>("the task to stop", async () => {
    const t = (await ecs.send(new DescribeTasksCommand({ tasks: [arn] }))).tasks?.[0];
    return t?.lastStatus === "STOPPED" ? t : undefined;
  });

const messages = (group: string, stream: string, count: number) =>
  waitFor(`${count} events in ${group} ${stream}`, async () => {
    const r = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true }));
    const m = r.events!.map((e) => e.message!);
    return m.length >= count ? m : undefined;
  });

test("awslogs with a stream prefix and awslogs-create-group: stdout and stderr land in <prefix>/<container>/<task id>", async () => {
  const group = `/ecs/${prefix}/created`;
  const arn = await runTask("prefixed", { "awslogs-group": group, "awslogs-region": "us-east-1", "awslogs-stream-prefix": "app", "awslogs-create-group": "true" }, "echo to-stdout; echo to-stderr >&2");
  const taskId = arn.slice(arn.lastIndexOf("/") + 1);
  const got = await messages(group, `app/main/${taskId}`, 2);
  assert.deepEqual([...got].sort(), ["to-stderr", "to-stdout"]);
});

test("awslogs without a prefix names the stream after the Docker container id", async () => {
  const group = `/ecs/${prefix}/existing`;
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  const arn = await runTask("plain", { "awslogs-group": group, "awslogs-region": "us-east-1" }, "echo hello");
  const task = await stopped(arn);
  const containerId = task.containers![0]!.runtimeId!;
  assert.deepEqual(await messages(group, containerId, 1), ["hello"]);
});

test("a missing log group without awslogs-create-group fails the task with ResourceInitializationError", async () => {
  const arn = await runTask("missing", { "awslogs-group": `/ecs/${prefix}/nowhere`, "awslogs-region": "us-east-1", "awslogs-stream-prefix": "app" }, "echo never");
  const task = await stopped(arn);
  assert.equal(task.stopCode, "TaskFailedToStart");
  assert.match(task.stoppedReason ?? "", /^ResourceInitializationError: .*ResourceNotFoundException: The specified log group does not exist\./);
  assert.equal(task.containers![0]!.reason, task.stoppedReason);
  assert.equal(task.containers![0]!.runtimeId, undefined, "no container was created");
});

test("mode non-blocking with max-buffer-size ships the lines; a bad max-buffer-size fails the task as Docker refuses it", async () => {
  const group = `/ecs/${prefix}/nonblocking`;
  const arn = await runTask("nonblocking", { "awslogs-group": group, "awslogs-stream-prefix": "app", "awslogs-create-group": "true", mode: "non-blocking", "max-buffer-size": "25k" }, "for i in 1 2 3; do echo line-$i; done");
  const taskId = arn.slice(arn.lastIndexOf("/") + 1);
  assert.deepEqual(await messages(group, `app/main/${taskId}`, 3), ["line-1", "line-2", "line-3"]);
  const bad = await runTask("badbuffer", { "awslogs-group": group, "awslogs-create-group": "true", mode: "non-blocking", "max-buffer-size": "lots" }, "echo never");
  const task = await stopped(bad);
  assert.equal(task.stopCode, "TaskFailedToStart");
  assert.equal(task.stoppedReason, "ResourceInitializationError: failed to validate logger args: error parsing option max-buffer-size: invalid size: 'lots'");
  assert.equal(task.containers![0]!.runtimeId, undefined, "no container was created");
});

test("a pseudoTerminal container runs with a TTY and its lines (stdout and stderr, merged by the terminal) arrive whole, without the terminal's \\r", async () => {
  const group = `/ecs/${prefix}/tty`;
  const arn = await runTask("tty", { "awslogs-group": group, "awslogs-stream-prefix": "app", "awslogs-create-group": "true" }, "echo tty-one; echo tty-two >&2; printf 'tty-three\\n'", {
    pseudoTerminal: true,
    interactive: true,
  });
  const task = await stopped(arn);
  const config = (await docker.getContainer(task.containers![0]!.runtimeId!).inspect()).Config;
  assert.deepEqual([config.Tty, config.OpenStdin], [true, true]);
  const taskId = arn.slice(arn.lastIndexOf("/") + 1);
  assert.deepEqual(await messages(group, `app/main/${taskId}`, 3), ["tty-one", "tty-two", "tty-three"]);
});

test("aws logs tail --follow prints a running task's lines as they are written", async () => {
  const group = `/ecs/${prefix}/tail`;
  const arn = await runTask("tail", { "awslogs-group": group, "awslogs-region": "us-east-1", "awslogs-stream-prefix": "app", "awslogs-create-group": "true" }, "trap 'exit 0' TERM; i=0; while true; do echo tick-$i; i=$((i+1)); sleep 1; done");
  const home = mkdtempSync(path.join(os.tmpdir(), "berth-awslogs-cli-"));
  // The CLI doesn't flush stdout while following; on a pipe Python would hold the lines back.
  const child = spawn(process.env.BERTH_AWS_CLI ?? "/usr/bin/aws", ["logs", "tail", group, "--follow", "--format", "short", "--endpoint-url", server.url], {
    env: { PATH: process.env.PATH, HOME: home, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test", AWS_DEFAULT_REGION: "us-east-1", AWS_EC2_METADATA_DISABLED: "true", PYTHONUNBUFFERED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    const first = await waitFor("a first tick", async () => (/tick-(\d+)/.exec(out) ? Number(/tick-(\d+)/.exec(out)![1]) : undefined));
    // A line the container writes after tail has printed: it arrives while following.
    await waitFor(`tick-${first + 8}`, async () => (out.includes(`tick-${first + 8}\n`) ? true : undefined), 60_000);
    const ticks = out.match(/tick-\d+/g)!;
    assert.equal(new Set(ticks).size, ticks.length, "no line printed twice");
  } finally {
    child.kill("SIGINT");
    const killer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(killer);
    rmSync(home, { recursive: true, force: true });
    await ecs.send(new StopTaskCommand({ task: arn }));
    await stopped(arn);
  }
});
