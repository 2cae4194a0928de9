/**
 * The awslogs shipper on real containers and a real server: stdout and stderr both captured with
 * the container's timestamps, multiline grouping, and a shipper stopped mid-stream (the agent going
 * down) and started again later resuming from the stored cursor: no line lost, none twice; also
 * when the old shipper's last call lands after the new shipper read the stored cursor (its batch
 * is answered stale and it reads again from the cursor the old call stored).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import Docker from "dockerode";
import { CloudWatchLogsClient, GetLogEventsCommand, type OutputLogEvent } from "@aws-sdk/client-cloudwatch-logs";
import { AgentClient } from "../../src/agent-protocol/client.js";
import { DockerRuntime } from "../../src/agent/runtime/docker-runtime.js";
import { ContainerLogShipper } from "../../src/agent/logs/shipper.js";
import { awslogsHook } from "../../src/agent/logs/awslogs.js";
import type { AssignedTask, PutContainerLogsRequest, PutContainerLogsResponse } from "../../src/agent-protocol/messages.js";
import { TEST_CREDENTIALS, startTestServer, type TestServer } from "./harness.js";
import { ensureBusyboxImage } from "../support/busybox-image.js";
import { removeContainers } from "../support/remove-containers.js";

const docker = new Docker();
const runtime = new DockerRuntime(docker);
const LABEL = "berth.test=awslogs-shipper";
let t: TestServer;
let logs: CloudWatchLogsClient;
let client: AgentClient;
let image: string;
const messages: string[] = [];

before(async () => {
  image = await ensureBusyboxImage(docker);
  t = await startTestServer();
  logs = new CloudWatchLogsClient({ endpoint: t.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  client = new AgentClient(t.url, "us-east-1", TEST_CREDENTIALS);
});
after(async () => {
  const left = await docker.listContainers({ all: true, filters: { label: [LABEL] } });
  await removeContainers(docker, left);
  logs.destroy();
  await t.stop();
});

async function container(script: string, labels: Record<string, string> = {}): Promise<string> {
  const c = await docker.createContainer({ Image: image, Cmd: ["sh", "-c", script], Labels: { "berth.test": "awslogs-shipper", ...labels } });
  await c.start();
  return c.id;
}

const INSTANCE = "arn:aws:ecs:us-east-1:000000000000:container-instance/default/test";
const deps = () => ({ client, runtime, containerInstanceArn: INSTANCE, log: (m: string) => messages.push(m) });
/** 3,000 lines in bursts of 200 (many share a millisecond), 300 ms apart: about 5 s. */
const BURSTS = "i=0; while [ $i -lt 15 ]; do seq $((i*200)) $((i*200+199)) | sed 's/^/line-/'; i=$((i+1)); usleep 300000; done";
const ALL_LINES = Array.from({ length: 3000 }, (_, i) => `line-${i}`);
const dockerLogLines = async (id: string) => (await docker.getContainer(id).logs({ stdout: true, stderr: true, follow: false })).toString().split("\n").length;

async function allEvents(group: string, stream: string): Promise<OutputLogEvent[]> {
  const out: OutputLogEvent[] = [];
  let token: string | undefined;
  for (;;) {
    const page = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, nextToken: token }));
    out.push(...page.events!);
    if (page.nextForwardToken === token) return out;
    token = page.nextForwardToken;
  }
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; shipper said: ${messages.join("; ")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test("stdout and stderr are both shipped, one event per line, with the container's timestamps", async () => {
  const id = await container("echo out-1; echo err-1 >&2; echo out-2; echo; echo err-2 >&2");
  const started = Date.now();
  const s = new ContainerLogShipper(deps(), id, { group: "/shipper/basic", stream: "ecs/main/1", createGroup: true });
  await s.done; // the container exits, its log ends, everything is shipped
  const events = await allEvents("/shipper/basic", "ecs/main/1");
  assert.deepEqual(events.map((e) => e.message).sort(), ["err-1", "err-2", "out-1", "out-2"]);
  for (const e of events) assert.ok(Math.abs(e.timestamp! - started) < 60_000 && e.timestamp! <= e.ingestionTime!, JSON.stringify(e));
});

test("awslogs-multiline-pattern groups continuation lines into one event", async () => {
  const id = await container("echo 'ERROR boom'; echo '  at one'; echo '  at two'; echo 'INFO fine'; echo 'ERROR again'");
  const s = new ContainerLogShipper(deps(), id, { group: "/shipper/multi", stream: "s", createGroup: true, multiline: /^(ERROR|INFO)/ });
  await s.done;
  const events = await allEvents("/shipper/multi", "s");
  assert.deepEqual(
    events.map((e) => e.message),
    ["ERROR boom\n  at one\n  at two", "INFO fine", "ERROR again"],
  );
});

test("an unfinished multiline event is shipped once the container has been quiet for a while", async () => {
  const id = await container("echo 'ERROR boom'; echo '  at one'; sleep 60");
  const s = new ContainerLogShipper({ ...deps(), multilineIdleMs: 300 }, id, { group: "/shipper/idle", stream: "s", createGroup: true, multiline: /^ERROR/ });
  try {
    const got = await waitFor("the quiet event", async () => {
      const e = await allEvents("/shipper/idle", "s").catch(() => []);
      return e.length > 0 ? e.map((x) => x.message) : undefined;
    });
    assert.deepEqual(got, ["ERROR boom\n  at one"]);
  } finally {
    await docker.getContainer(id).remove({ force: true });
    await s.stop();
  }
});

test("a shipper stopped mid-stream and started again later loses no line and ships none twice", async () => {
  const id = await container(BURSTS);
  const first = new ContainerLogShipper(deps(), id, { group: "/shipper/resume", stream: "s", createGroup: true });
  await waitFor("the first events", async () => ((await allEvents("/shipper/resume", "s").catch(() => [])).length >= 400 ? true : undefined));
  await first.stop();
  const shippedBefore = (await allEvents("/shipper/resume", "s")).length;
  // While no shipper runs, the container keeps writing.
  await waitFor("more lines written", async () => ((await dockerLogLines(id)) > shippedBefore + 600 ? true : undefined));
  const second = new ContainerLogShipper(deps(), id, { group: "/shipper/resume", stream: "s", createGroup: false });
  await second.done;
  const got = (await allEvents("/shipper/resume", "s")).map((e) => e.message);
  assert.equal(got.length, ALL_LINES.length, `shipped ${shippedBefore} before the stop`);
  assert.deepEqual(got, ALL_LINES, `the shippers said: ${messages.join("; ")}`);
});

test("an agent restart: a new awslogs hook resumes the task's running container from the stored cursor", async () => {
  const taskArn = "arn:aws:ecs:us-east-1:000000000000:task/default/00000000000000000000000000restart";
  const def = {
    name: "app",
    image,
    logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/hook/restart", "awslogs-stream-prefix": "p", "awslogs-create-group": "true" } },
  };
  const task = { taskArn, desiredStatus: "RUNNING", containers: [{ definition: def }] } as unknown as AssignedTask;
  const id = await container(BURSTS, {
    "com.amazonaws.ecs.task-arn": taskArn,
    "com.amazonaws.ecs.container-name": "app",
    "berth.container-instance-arn": INSTANCE,
    "berth.role": "container",
  });
  const stream = "p/app/00000000000000000000000000restart";
  const before = awslogsHook(deps());
  assert.equal(await before.open(task, def), undefined);
  before.follow(task, def, id);
  await waitFor("the first events", async () => ((await allEvents("/hook/restart", stream).catch(() => [])).length >= 400 ? true : undefined));
  await before.close(); // the agent stops
  const shippedBefore = (await allEvents("/hook/restart", stream)).length;
  await waitFor("more lines written", async () => ((await dockerLogLines(id)) > shippedBefore + 600 ? true : undefined));
  const after = awslogsHook(deps()); // the agent is back and gets its assignment again
  await after.resume(task);
  try {
    await waitFor("every line", async () => ((await allEvents("/hook/restart", stream)).length >= ALL_LINES.length ? true : undefined));
    await docker.getContainer(id).wait();
    const got = (await allEvents("/hook/restart", stream)).map((e) => e.message);
    assert.deepEqual(got, ALL_LINES, `shipped ${shippedBefore} before the restart; the shippers said: ${messages.join("; ")}`);
  } finally {
    await after.close();
  }
});

test("an agent restart while the old shipper's call is in flight: the new shipper's overlapping batch is stale, it reads again, each line once", async () => {
  const id = await container(BURSTS);
  const target = { group: "/shipper/race", stream: "s", createGroup: true };
  // The old shipper's first batch is held on its way, as a call in flight when its agent goes down.
  let held: PutContainerLogsRequest | undefined;
  let heldArrived!: () => void;
  const arrived = new Promise<void>((r) => (heldArrived = r));
  let answerHeld!: (r: PutContainerLogsResponse) => void;
  const oldClient = {
    putContainerLogs(input: PutContainerLogsRequest): Promise<PutContainerLogsResponse> {
      if (held !== undefined) return Promise.reject(new TypeError("fetch failed: the old agent is gone"));
      if (input.events.length === 0) return client.putContainerLogs(input);
      held = input;
      heldArrived();
      return new Promise((r) => (answerHeld = r));
    },
  };
  const old = new ContainerLogShipper({ ...deps(), client: oldClient }, id, target);
  await arrived;
  // The new shipper opens the stream (no cursor stored yet); then the held call lands.
  let landed = false;
  const newClient = {
    async putContainerLogs(input: PutContainerLogsRequest): Promise<PutContainerLogsResponse> {
      const answer = await client.putContainerLogs(input);
      if (input.events.length === 0 && !landed) {
        landed = true;
        answerHeld(await client.putContainerLogs(held!));
        await old.stop();
      }
      return answer;
    },
  };
  const fresh = new ContainerLogShipper({ ...deps(), client: newClient }, id, target);
  try {
    await fresh.done; // the container exits, its log ends, everything is shipped
    const got = (await allEvents("/shipper/race", "s")).map((e) => e.message);
    assert.deepEqual(got, ALL_LINES, `the held batch had ${held!.events.length} events; the shippers said: ${messages.join("; ")}`);
    assert.match(messages.join("\n"), /another shipper stored log events of container \w+ first \(stream \/shipper\/race\/s\); reading its log again from cursor \d+:\d+/);
  } finally {
    await fresh.stop();
    await old.stop();
  }
});
