/**
 * Services over several container instances: `bin/berth server --no-agent` and three
 * `bin/berth agent` processes on this host's one Docker engine, standing for three hosts in
 * different availability zones. DAEMON placement (including an instance that joins later and one
 * that is drained), binpack and spread, draining moving a service's tasks, and a forced
 * deregistration whose tasks are STOPPED and replaced. Every container is removed in `after`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DeregisterContainerInstanceCommand,
  DescribeTasksCommand,
  UpdateContainerInstancesStateCommand,
  type ECSClient,
  type Service,
  type Task,
} from "@aws-sdk/client-ecs";
import { useDockerServer, type DockerServer } from "./docker-server.js";
import { registerTaskDefinition, sleeper } from "./busybox-containers.js";
import { serviceProbes } from "./service-probes.js";
import { waitFor } from "./wait-for.js";

const cluster = "fleet";
const family = `fleet-${randomBytes(4).toString("hex")}`;
let ecs: ECSClient;
const instances: Record<string, string> = {};

const agent = async (f: DockerServer, name: string, zone: string, memory: number): Promise<string> =>
  (await f.agent(["--name", name, "--memory", String(memory), "--attribute", `ecs.availability-zone=${zone}`])).arn;

const fx = useDockerServer({
  name: "fleet",
  separateAgents: { cluster },
  families: [family],
  ready: (f) => (ecs = f.ecs()),
  setUp: async (f) => {
    instances.a = await agent(f, "host-a", "us-east-1a", 512);
    instances.b = await agent(f, "host-b", "us-east-1b", 1024);
    await registerTaskDefinition(ecs, { family, containerDefinitions: [sleeper(f.image(), { memory: 64 })] });
  },
});
const { describe, liveTasks } = serviceProbes(() => ecs, cluster);

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
  instances.c = await agent(fx, "host-c", "us-east-1c", 1024);
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
