/**
 * Services over several container instances: `bin/berth server --no-agent` and three
 * `bin/berth agent` processes on this host's one Docker engine, standing for three hosts in
 * different availability zones. DAEMON placement (including an instance that joins later and one
 * that is drained), binpack and spread, draining moving a service's tasks, and a forced
 * deregistration whose tasks are STOPPED and replaced. Every container is removed in `after`.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import Docker from "dockerode";
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterContainerInstanceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateContainerInstancesStateCommand,
  type Service,
  type Task,
} from "@aws-sdk/client-ecs";
import { runBerth, spawnServer, type ServerProcess } from "./spawn-server.js";
import { TEST_CREDENTIALS } from "./harness.js";
import { ensureBusyboxImage } from "../support/busybox-image.js";
import { releaseClusterNetwork } from "../support/cluster-network.js";
import { removeContainers } from "../support/remove-containers.js";

const docker = new Docker();
const dataDir = mkdtempSync(path.join(os.tmpdir(), "berth-fleet-"));
const cluster = "fleet";
const family = `fleet-${randomBytes(4).toString("hex")}`;
let server: ServerProcess;
let ecs: ECSClient;
let image: string;
const children: ReturnType<typeof runBerth>[] = [];
const instances: Record<string, string> = {};

async function agent(name: string, zone: string, memory: number): Promise<string> {
  const run = runBerth(["agent", "--endpoint", server.url, "--cluster", cluster, "--name", name, "--memory", String(memory), "--attribute", `ecs.availability-zone=${zone}`, "--task-cleanup-wait", "1"]);
  children.push(run);
  return new Promise<string>((resolve, reject) => {
    run.child.stdout!.on("data", () => {
      const m = /registered as (\S+)/.exec(run.output());
      if (m) resolve(m[1]!);
    });
    run.exited.then((code) => reject(new Error(`agent exited (${code}):\n${run.output()}`)));
  });
}

before(async () => {
  image = await ensureBusyboxImage(docker);
  server = await spawnServer(["--data-dir", dataDir, "--no-agent"]);
  ecs = new ECSClient({ endpoint: server.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  instances.a = await agent("host-a", "us-east-1a", 512);
  instances.b = await agent("host-b", "us-east-1b", 1024);
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      containerDefinitions: [{ name: "main", image, memory: 64, command: ["sleep", "3600"], stopTimeout: 1, healthCheck: { command: ["CMD-SHELL", "exit 0"], interval: 5, retries: 1, timeout: 2 } }],
    }),
  );
});

after(async () => {
  ecs?.destroy();
  for (const c of [...children, server]) if (c && c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGTERM");
  await Promise.all([...children, server].filter(Boolean).map((c) => c.exited));
  const leftovers = await docker.listContainers({ all: true, filters: { label: [`com.amazonaws.ecs.task-definition-family=${family}`] } });
  await removeContainers(docker, leftovers);
  // The agents were stopped while their tasks' containers stood (or killed): the cluster networks they made go too.
  for (const name of ["fleet"]) await releaseClusterNetwork(`arn:aws:ecs:us-east-1:000000000000:cluster/${name}`);
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitFor<T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} never happened; last seen: ${JSON.stringify(last, null, 1)?.slice(0, 3000)}`);
}

async function describe(service: string): Promise<Service> {
  return (await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))).services![0]!;
}

/** The service's live tasks (desired RUNNING) as described. */
async function liveTasks(service: string): Promise<Task[]> {
  const { taskArns } = await ecs.send(new ListTasksCommand({ cluster, serviceName: service }));
  if (!taskArns?.length) return [];
  return (await ecs.send(new DescribeTasksCommand({ cluster, tasks: taskArns }))).tasks ?? [];
}

const runningOn = (tasks: Task[]) => tasks.filter((t) => t.lastStatus === "RUNNING").map((t) => t.containerInstanceArn!).sort();
const stable = (s: Service) => s.deployments?.length === 1 && s.runningCount === s.desiredCount && s.pendingCount === 0;

test("binpack on memory fills the instance with the least memory left first", async () => {
  const name = "packed";
  await ecs.send(new CreateServiceCommand({ cluster, serviceName: name, taskDefinition: family, desiredCount: 2, placementStrategy: [{ type: "binpack", field: "memory" }] }));
  const tasks = await waitFor("2 running", () => liveTasks(name), (ts) => runningOn(ts).length === 2);
  assert.deepEqual(runningOn(tasks), [instances.a, instances.a]);
  await ecs.send(new DeleteServiceCommand({ cluster, service: name, force: true }));
  await waitFor("INACTIVE", () => describe(name), (s) => s.status === "INACTIVE");
});

test("the default strategy spreads a service's tasks over availability zones", async () => {
  const name = "spread";
  await ecs.send(new CreateServiceCommand({ cluster, serviceName: name, taskDefinition: family, desiredCount: 4 }));
  const tasks = await waitFor("4 running", () => liveTasks(name), (ts) => runningOn(ts).length === 4);
  assert.deepEqual(runningOn(tasks), [instances.a, instances.a, instances.b, instances.b].sort());
});

test("DAEMON runs one task on every ACTIVE instance, including one that joins later, and none on a drained one", async () => {
  const name = "daemon";
  await ecs.send(new CreateServiceCommand({ cluster, serviceName: name, taskDefinition: family, schedulingStrategy: "DAEMON" }));
  let tasks = await waitFor("2 daemon tasks", () => liveTasks(name), (ts) => runningOn(ts).length === 2);
  assert.deepEqual(runningOn(tasks), [instances.a, instances.b].sort());
  instances.c = await agent("host-c", "us-east-1c", 1024);
  tasks = await waitFor("3 daemon tasks", () => liveTasks(name), (ts) => runningOn(ts).length === 3);
  assert.deepEqual(runningOn(tasks), [instances.a, instances.b, instances.c].sort());
  assert.equal((await describe(name)).desiredCount, 3);
  await ecs.send(new UpdateContainerInstancesStateCommand({ cluster, containerInstances: [instances.c], status: "DRAINING" }));
  tasks = await waitFor("the drained instance's task gone", () => liveTasks(name), (ts) => ts.length === 2 && runningOn(ts).length === 2);
  assert.deepEqual(runningOn(tasks), [instances.a, instances.b].sort());
  const s = await waitFor("stable at 2", () => describe(name), (x) => x.desiredCount === 2 && stable(x));
  assert.equal(s.schedulingStrategy, "DAEMON");
  await ecs.send(new UpdateContainerInstancesStateCommand({ cluster, containerInstances: [instances.c], status: "ACTIVE" }));
  await waitFor("3 daemon tasks again", () => liveTasks(name), (ts) => runningOn(ts).length === 3);
  await ecs.send(new DeleteServiceCommand({ cluster, service: name }));
  await waitFor("INACTIVE", () => describe(name), (x) => x.status === "INACTIVE");
});

test("draining an instance moves a service's tasks to the others", async () => {
  const name = "spread";
  await ecs.send(new UpdateContainerInstancesStateCommand({ cluster, containerInstances: [instances.a], status: "DRAINING" }));
  const tasks = await waitFor("4 running off host-a", () => liveTasks(name), (ts) => runningOn(ts).length === 4 && ts.length === 4 && !runningOn(ts).includes(instances.a!));
  assert.ok(runningOn(tasks).every((arn) => arn === instances.b || arn === instances.c));
  await waitFor("stable", () => describe(name), stable);
  await ecs.send(new UpdateContainerInstancesStateCommand({ cluster, containerInstances: [instances.a], status: "ACTIVE" }));
});

test("deregistering an instance with force STOPs its tasks with ECS's reason, and the service replaces them", async () => {
  const name = "spread";
  const before = await liveTasks(name);
  const onC = before.filter((t) => t.containerInstanceArn === instances.c);
  assert.ok(onC.length > 0, "some tasks run on host-c");
  await ecs.send(new DeregisterContainerInstanceCommand({ cluster, containerInstance: instances.c, force: true }));
  const stopped = await waitFor(
    "host-c's tasks STOPPED",
    async () => (await ecs.send(new DescribeTasksCommand({ cluster, tasks: onC.map((t) => t.taskArn!) }))).tasks!,
    (ts) => ts.every((t) => t.lastStatus === "STOPPED"),
  );
  assert.ok(stopped.every((t) => t.stoppedReason === "Container instance deregistration forced by user"), JSON.stringify(stopped.map((t) => t.stoppedReason)));
  const tasks = await waitFor("4 running elsewhere", () => liveTasks(name), (ts) => runningOn(ts).length === 4 && ts.length === 4);
  assert.ok(!runningOn(tasks).includes(instances.c!));
  await ecs.send(new DeleteServiceCommand({ cluster, service: name, force: true }));
  await waitFor("INACTIVE", () => describe(name), (x) => x.status === "INACTIVE");
});
