/**
 * The lifecycle ECS reports for an awsvpc task, on real containers: PROVISIONING while the task's
 * network is set up (its loopback address and the pause container holding its namespace), PENDING,
 * RUNNING, STOPPING, DEPROVISIONING while the network is torn down, STOPPED; the ENI attachment
 * PRECREATED, ATTACHING, ATTACHED, DETACHING, DELETED beside it; and the timestamps in ECS's order.
 *
 * An in-process agent on the real Docker engine runs the task; its engine is wrapped so the test
 * holds the pause container's start and stop until it has seen PROVISIONING and DEPROVISIONING
 * through DescribeTasks (without the gates those steps last a few ms). Every container and network
 * the file makes is removed in `after`.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import Docker from "dockerode";
import { CreateClusterCommand, DescribeTasksCommand, RegisterTaskDefinitionCommand, RunTaskCommand, StopTaskCommand, type ECSClient, type Task } from "@aws-sdk/client-ecs";
import { DockerRuntime } from "../../src/agent/runtime/docker-runtime.js";
import { startAgent, type RunningAgent } from "../../src/agent/agent.js";
import { LABEL_ROLE } from "../../src/agent/tasks/labels.js";
import { TEST_CREDENTIALS, startTestServer, type TestServer } from "./harness.js";
import { ensureBusyboxImage } from "../support/busybox-image.js";
import { releaseClusterNetwork } from "../support/cluster-network.js";
import { removeContainers } from "../support/remove-containers.js";

const docker = new Docker();
const cluster = `lifecycle-${randomBytes(4).toString("hex")}`;
const family = `lifecycle-${randomBytes(4).toString("hex")}`;
/** Other servers on the same engine hand out the same task addresses: a port they are unlikely to publish. */
const PORT = 20_000 + (process.pid % 10_000);
let server: TestServer;
let ecs: ECSClient;
let agent: RunningAgent | undefined;
let image: string;

/** A door the wrapped engine waits at until the test opens it. */
class Gate {
  private release!: () => void;
  readonly opened = new Promise<void>((r) => (this.release = r));
  reached = false;
  open(): void {
    this.release();
  }
}
const pauseStart = new Gate();
const pauseStop = new Gate();

before(async () => {
  image = await ensureBusyboxImage(docker);
  server = await startTestServer();
  ecs = server.ecs();
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  const runtime = new DockerRuntime(docker);
  const pauses = new Set<string>();
  const create = runtime.createContainer.bind(runtime);
  runtime.createContainer = async (spec) => {
    const id = await create(spec);
    if (spec.labels?.[LABEL_ROLE] === "pause") pauses.add(id);
    return id;
  };
  const start = runtime.startContainer.bind(runtime);
  runtime.startContainer = async (id) => {
    if (pauses.has(id)) {
      pauseStart.reached = true;
      await pauseStart.opened;
    }
    return start(id);
  };
  const stop = runtime.stopContainer.bind(runtime);
  runtime.stopContainer = async (id, timeout) => {
    if (pauses.has(id)) {
      pauseStop.reached = true;
      await pauseStop.opened;
    }
    return stop(id, timeout);
  };
  agent = await startAgent(
    { endpoint: server.url, credentials: TEST_CREDENTIALS, cluster, name: `lifecycle-${process.pid}`, options: { region: "us-east-1", attributes: [] }, log: () => {} },
    runtime,
  );
});

after(async () => {
  pauseStart.open();
  pauseStop.open();
  await agent?.stop();
  const left = await docker.listContainers({ all: true, filters: { label: [`com.amazonaws.ecs.task-definition-family=${family}`] } });
  await removeContainers(docker, left);
  await releaseClusterNetwork(`arn:aws:ecs:us-east-1:000000000000:cluster/${cluster}`);
  await server?.stop();
});

/** Every distinct (lastStatus, attachment status) DescribeTasks showed, in order. */
const seen: string[] = [];

async function waitForTask(arn: string, done: (t: Task) => boolean, what: string, timeoutMs = 60_000): Promise<Task> {
  const deadline = Date.now() + timeoutMs;
  let last: Task | undefined;
  while (Date.now() < deadline) {
    last = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [arn] }))).tasks?.[0];
    if (last) {
      const entry = `${last.lastStatus}/${last.attachments?.[0]?.status}`;
      if (seen[seen.length - 1] !== entry) seen.push(entry);
      if (done(last)) return last;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`task never became ${what}; last seen: ${JSON.stringify(last)}`);
}

const ORDER = ["PROVISIONING", "PENDING", "ACTIVATING", "RUNNING", "DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED"];

test("an awsvpc task goes PROVISIONING → PENDING → RUNNING → STOPPING → DEPROVISIONING → STOPPED, its ENI attachment beside it", async () => {
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      networkMode: "awsvpc",
      // Two containers share the task's namespace, so a pause container holds it (one container holds its own).
      containerDefinitions: [
        { name: "app", image, memory: 32, command: ["sleep", "3600"], stopTimeout: 2, portMappings: [{ containerPort: PORT }] },
        { name: "sidecar", image, memory: 32, essential: false, command: ["sleep", "3600"], stopTimeout: 2 },
      ],
    }),
  );
  const run = await ecs.send(
    new RunTaskCommand({ cluster, taskDefinition: family, launchType: "EC2", networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-local"] } } }),
  );
  assert.deepEqual(run.failures, [], JSON.stringify(run.failures));
  const answered = run.tasks![0]!;
  const arn = answered.taskArn!;
  assert.equal(answered.lastStatus, "PROVISIONING");
  assert.equal(answered.desiredStatus, "RUNNING");
  assert.equal(answered.attachments![0]!.status, "PRECREATED");
  assert.equal(answered.connectivity, undefined);

  // The agent holds the task in PROVISIONING while it sets up the network (the gate holds the pause container's start).
  const provisioning = await waitForTask(arn, (t) => pauseStart.reached && t.attachments?.[0]?.status === "ATTACHING", "ATTACHING, at the pause container's start");
  assert.equal(provisioning.lastStatus, "PROVISIONING");
  assert.equal(provisioning.connectivityAt, undefined, "not CONNECTED before its network is attached");
  assert.deepEqual(provisioning.containers!.map((c) => [c.lastStatus, c.runtimeId]), [["PENDING", undefined], ["PENDING", undefined]]);
  pauseStart.open();

  const running = await waitForTask(arn, (t) => t.lastStatus === "RUNNING", "RUNNING");
  assert.equal(running.attachments![0]!.status, "ATTACHED");
  assert.equal(running.connectivity, "CONNECTED");
  const address = running.attachments![0]!.details!.find((d) => d.name === "privateIPv4Address")!.value!;
  assert.equal(running.containers![0]!.networkInterfaces![0]!.privateIpv4Address, address);
  const t = (d: Date | undefined, name: string) => {
    assert.ok(d instanceof Date, `${name} is set`);
    return d.getTime();
  };
  assert.ok(t(running.createdAt, "createdAt") <= t(running.pullStartedAt, "pullStartedAt"));
  assert.ok(t(running.pullStartedAt, "pullStartedAt") <= t(running.pullStoppedAt, "pullStoppedAt"));
  assert.ok(t(running.connectivityAt, "connectivityAt") <= t(running.startedAt, "startedAt"));
  assert.ok(t(running.pullStoppedAt, "pullStoppedAt") <= t(running.startedAt, "startedAt"));

  // StopTask: the container stops (STOPPING), then the network is torn down (DEPROVISIONING) before STOPPED.
  await ecs.send(new StopTaskCommand({ cluster, task: arn, reason: "lifecycle test" }));
  const deprovisioning = await waitForTask(arn, (x) => pauseStop.reached && x.lastStatus === "DEPROVISIONING", "DEPROVISIONING, at the pause container's stop");
  assert.equal(deprovisioning.attachments![0]!.status, "DETACHING");
  assert.deepEqual(deprovisioning.containers!.map((c) => c.lastStatus), ["STOPPED", "STOPPED"]);
  assert.equal(deprovisioning.desiredStatus, "STOPPED");
  assert.ok(deprovisioning.executionStoppedAt instanceof Date, "execution stopped with the containers");
  assert.equal(deprovisioning.stoppedAt, undefined, "not STOPPED while deprovisioning");
  pauseStop.open();

  const stopped = await waitForTask(arn, (x) => x.lastStatus === "STOPPED", "STOPPED");
  assert.equal(stopped.attachments![0]!.status, "DELETED");
  assert.equal(stopped.stopCode, "UserInitiated");
  assert.equal(stopped.stoppedReason, "lifecycle test");
  assert.ok(t(stopped.startedAt, "startedAt") <= t(stopped.stoppingAt, "stoppingAt"));
  assert.ok(t(stopped.stoppingAt, "stoppingAt") <= t(stopped.executionStoppedAt, "executionStoppedAt"));
  assert.ok(t(stopped.executionStoppedAt, "executionStoppedAt") <= t(stopped.stoppedAt, "stoppedAt"));

  // What DescribeTasks showed along the way only ever moved forward, through every step the gates held.
  const statuses = seen.map((s) => s.split("/")[0]!);
  for (let i = 1; i < statuses.length; i++) assert.ok(ORDER.indexOf(statuses[i]!) >= ORDER.indexOf(statuses[i - 1]!), seen.join(" → "));
  for (const step of ["PROVISIONING/ATTACHING", "RUNNING/ATTACHED", "DEPROVISIONING/DETACHING", "STOPPED/DELETED"]) assert.ok(seen.includes(step), `${step} in ${seen.join(" → ")}`);
});
