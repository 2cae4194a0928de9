/**
 * Agents as users run them: the server's embedded agent, and `bin/berth agent` processes
 * (two of them sharing this host's Docker engine stand for two hosts), registering as
 * container instances with their resources and attributes. Needs a Docker engine.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Docker from "dockerode";
import {
  CreateClusterCommand,
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListContainerInstancesCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
} from "@aws-sdk/client-ecs";
import { ensureBusyboxImage } from "../support/busybox-image.js";
import { runBerth, spawnAgent, spawnServer, type ServerProcess } from "./spawn-server.js";
import { TEST_CREDENTIALS } from "./harness.js";
import { releaseClusterNetwork } from "../support/cluster-network.js";
import { removeContainers } from "../support/remove-containers.js";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "berth-agent-"));
let server: ServerProcess;
let ecs: ECSClient;
const children: ReturnType<typeof runBerth>[] = [];
const FULL_FAMILY = `full-${process.pid}`;

before(async () => {
  server = await spawnServer(["--data-dir", dataDir]);
  ecs = new ECSClient({ endpoint: server.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  // As with ECS's agent, a named cluster must exist before agents join it (only `default` springs into being).
  for (const name of ["hosts", "again", "full"]) await ecs.send(new CreateClusterCommand({ clusterName: name }));
});
after(async () => {
  ecs.destroy();
  for (const c of [...children, server]) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGTERM");
  await Promise.all([...children, server].map((c) => c.exited));
  const docker = new Docker();
  const leftovers = await docker.listContainers({ all: true, filters: { label: [`com.amazonaws.ecs.task-definition-family=${FULL_FAMILY}`] } });
  await removeContainers(docker, leftovers);
  // The agents were stopped while their tasks' containers stood (or killed): the cluster networks they made go too.
  for (const name of ["hosts", "again", "full"]) await releaseClusterNetwork(`arn:aws:ecs:us-east-1:000000000000:cluster/${name}`);
  rmSync(dataDir, { recursive: true, force: true });
});

/** Start `bin/berth agent` and wait for it to say it registered. */
function agent(args: string[]): Promise<{ arn: string; run: ReturnType<typeof runBerth> }> {
  return spawnAgent(server.url, args, (run) => children.push(run));
}

test("the server's embedded agent registers this host in the default cluster", async () => {
  assert.match(server.output(), /container instance (arn:aws:ecs:us-east-1:000000000000:container-instance\/default\/[0-9a-f]{32})/);
  const { containerInstanceArns } = await ecs.send(new ListContainerInstancesCommand({}));
  assert.equal(containerInstanceArns?.length, 1);
  const { containerInstances } = await ecs.send(new DescribeContainerInstancesCommand({ containerInstances: containerInstanceArns! }));
  const ci = containerInstances![0]!;
  assert.equal(ci.status, "ACTIVE");
  assert.equal(ci.agentConnected, true);
  const cpu = ci.registeredResources?.find((r) => r.name === "CPU")?.integerValue;
  assert.equal(cpu, os.cpus().length * 1024);
  assert.ok(ci.attributes?.some((a) => a.name === "ecs.os-type" && a.value === "linux"));
  assert.match(ci.versionInfo?.dockerVersion ?? "", /DockerVersion: \d+\./);
});

test("two agents on one engine are two container instances with the resources and attributes they offer", async () => {
  const a = await agent(["--cluster", "hosts", "--name", "host-a", "--cpu", "512", "--memory", "256", "--attribute", "stack=prod"]);
  const b = await agent(["--cluster", "hosts", "--name", "host-b", "--cpu", "1024", "--memory", "512"]);
  assert.notEqual(a.arn, b.arn);
  const { containerInstances } = await ecs.send(new DescribeContainerInstancesCommand({ cluster: "hosts", containerInstances: [a.arn, b.arn] }));
  const byArn = new Map(containerInstances!.map((c) => [c.containerInstanceArn, c]));
  const ra = byArn.get(a.arn)!;
  assert.equal(ra.registeredResources?.find((r) => r.name === "CPU")?.integerValue, 512);
  assert.equal(ra.registeredResources?.find((r) => r.name === "MEMORY")?.integerValue, 256);
  assert.ok(ra.attributes?.some((x) => x.name === "stack" && x.value === "prod"));
  assert.equal(byArn.get(b.arn)!.registeredResources?.find((r) => r.name === "MEMORY")?.integerValue, 512);
  const filtered = await ecs.send(new ListContainerInstancesCommand({ cluster: "hosts", filter: "attribute:stack == prod" }));
  assert.deepEqual(filtered.containerInstanceArns, [a.arn]);
});

test("an agent that restarts under the same name gets its container instance back", async () => {
  const first = await agent(["--cluster", "again", "--name", "same"]);
  first.run.child.kill("SIGTERM");
  assert.equal(await first.run.exited, 0);
  const second = await agent(["--cluster", "again", "--name", "same"]);
  assert.equal(second.arn, first.arn);
});

test("an agent naming a cluster that doesn't exist is refused with ClusterNotFoundException", async () => {
  const run = runBerth(["agent", "--endpoint", server.url, "--cluster", "nowhere", "--name", "lost"]);
  children.push(run);
  assert.equal(await run.exited, 1);
  assert.match(run.output(), /ClusterNotFoundException/);
});

test("berth agent without --endpoint says what is missing", async () => {
  const run = runBerth(["agent"]);
  assert.equal(await run.exited, 2);
  assert.match(run.output(), /--endpoint is required/);
});

test("two agents as two instances: tasks land on each, and once both are full RunTask reports RESOURCE:MEMORY", async () => {
  const image = await ensureBusyboxImage();
  const a = await agent(["--cluster", "full", "--name", "full-a", "--memory", "64"]);
  const b = await agent(["--cluster", "full", "--name", "full-b", "--memory", "64"]);
  await ecs.send(
    new RegisterTaskDefinitionCommand({ family: FULL_FAMILY, containerDefinitions: [{ name: "app", image, memory: 48, command: ["sleep", "3600"], stopTimeout: 1 }] }),
  );
  const run = await ecs.send(new RunTaskCommand({ cluster: "full", taskDefinition: FULL_FAMILY, count: 3 }));
  assert.equal(run.tasks?.length, 2);
  assert.deepEqual(new Set(run.tasks!.map((t) => t.containerInstanceArn)), new Set([a.arn, b.arn]));
  // As ECS: one failure per instance that could not take the third task, naming it.
  assert.deepEqual(
    run.failures!.map((f) => [f.arn, f.reason]).sort(),
    [[a.arn, "RESOURCE:MEMORY"], [b.arn, "RESOURCE:MEMORY"]].sort(),
  );
  const arns = run.tasks!.map((t) => t.taskArn!);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster: "full", tasks: arns }));
    if (tasks!.every((t) => t.lastStatus === "RUNNING")) break;
    if (Date.now() > deadline) throw new Error(`not RUNNING: ${JSON.stringify(tasks!.map((t) => [t.lastStatus, t.stoppedReason]))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const task of arns) await ecs.send(new StopTaskCommand({ cluster: "full", task }));
});
