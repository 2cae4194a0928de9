/**
 * Services as users run them: `bin/berth server` with its embedded agent on the real Docker
 * engine, CreateService/UpdateService/DeleteService through @aws-sdk/client-ecs, and the service
 * scheduler keeping real containers running: scale up and down, replacement after `docker kill`
 * and after StopTask, rolling updates whose bounds are checked at every observed step, the
 * circuit breaker rolling back, `aws ecs wait services-stable`. Every container this file causes
 * is removed in `after`, found by its task-definition family label.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  StopTaskCommand,
  UpdateServiceCommand,
  type ContainerDefinition,
  type ECSClient,
} from "@aws-sdk/client-ecs";
import { useDockerServer } from "./docker-server.js";
import { registerTaskDefinition, sleeper } from "./busybox-containers.js";
import { serviceProbes, stable } from "./service-probes.js";
import { waitFor } from "./wait-for.js";

const prefix = `svc-${randomBytes(4).toString("hex")}`;
const families: string[] = [];
let ecs: ECSClient;
const fx = useDockerServer({ name: "services", args: ["--task-cleanup-wait", "1"], families, clusters: ["default"], ready: (f) => (ecs = f.ecs()) });
const docker = fx.docker;
const { describe, serviceTasks } = serviceProbes(() => ecs);

/** A task definition of a long-running busybox container with a quick container health check. */
async function register(name: string, command = ["sleep", "3600"], extra: Partial<ContainerDefinition> = {}): Promise<string> {
  const family = `${prefix}-${name}`;
  if (!families.includes(family)) families.push(family);
  return registerTaskDefinition(ecs, { family, containerDefinitions: [sleeper(fx.image(), { command, memory: 16, extra })] });
}

/** Samples the service's tasks until stopped; records the largest occupied and smallest healthy counts. */
function watchBounds(service: string): { stop(): Promise<{ maxOccupied: number; minHealthy: number; samples: number }> } {
  let running = true;
  let maxOccupied = 0;
  let minHealthy = Infinity;
  let samples = 0;
  const loop = (async () => {
    while (running) {
      const tasks = await serviceTasks(service);
      const counted = await describe(service);
      const occupied = Math.max(tasks.filter((t) => t.lastStatus !== "STOPPED").length, counted.runningCount! + counted.pendingCount!);
      const healthy = tasks.filter((t) => t.desiredStatus === "RUNNING" && t.lastStatus === "RUNNING" && t.healthStatus === "HEALTHY").length;
      maxOccupied = Math.max(maxOccupied, occupied);
      minHealthy = Math.min(minHealthy, healthy);
      samples++;
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { maxOccupied, minHealthy, samples };
    },
  };
}

test("a service starts desiredCount tasks and reaches a steady state with its deployment COMPLETED", async () => {
  const td = await register("basic");
  const created = await ecs.send(new CreateServiceCommand({ serviceName: `${prefix}-basic`, taskDefinition: td, desiredCount: 2, launchType: "EC2" }));
  assert.equal(created.service?.status, "ACTIVE");
  assert.equal(created.service?.deployments?.[0]?.status, "PRIMARY");
  assert.equal(created.service?.deployments?.[0]?.rolloutState, "IN_PROGRESS");
  assert.deepEqual(created.service?.deploymentConfiguration, { deploymentCircuitBreaker: { enable: false, rollback: false }, maximumPercent: 200, minimumHealthyPercent: 100 });
  const s = await waitFor("steady state", () => describe(`${prefix}-basic`), stable);
  assert.equal(s.runningCount, 2);
  assert.match(s.deployments![0]!.rolloutStateReason!, /^ECS deployment ecs-svc\/\d{19} completed\.$/);
  const messages = s.events!.map((e) => e.message);
  assert.match(messages[0]!, /has reached a steady state\.$/);
  assert.ok(messages.some((m) => /^\(service [\w-]+\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/.test(m!)), messages.join("\n"));
});

test("a task whose container is killed with docker kill, or stopped with StopTask, is replaced", async () => {
  const name = `${prefix}-basic`;
  const before = (await ecs.send(new ListTasksCommand({ serviceName: name }))).taskArns!;
  assert.equal(before.length, 2);
  const { tasks } = await ecs.send(new DescribeTasksCommand({ tasks: [before[0]!] }));
  await docker.getContainer(tasks![0]!.containers![0]!.runtimeId!).kill();
  await ecs.send(new StopTaskCommand({ task: before[1]! }));
  const after = await waitFor(
    "two replacements RUNNING",
    async () => (await serviceTasks(name)).filter((t) => t.desiredStatus === "RUNNING" && t.lastStatus === "RUNNING"),
    (ts) => ts.length === 2 && ts.every((t) => !before.includes(t.taskArn!)),
  );
  assert.equal(after.length, 2);
  await waitFor("steady state", () => describe(name), stable);
});

test("scaling up and down changes the running tasks to desiredCount", async () => {
  const name = `${prefix}-basic`;
  await ecs.send(new UpdateServiceCommand({ service: name, desiredCount: 4 }));
  let s = await waitFor("4 running", () => describe(name), (x) => x.runningCount === 4 && stable(x));
  await ecs.send(new UpdateServiceCommand({ service: name, desiredCount: 1 }));
  s = await waitFor("1 running", () => describe(name), (x) => x.runningCount === 1 && stable(x));
  assert.equal(s.deployments?.length, 1);
  assert.ok(s.events!.some((e) => /has stopped 3 running tasks/.test(e.message!)), s.events!.map((e) => e.message).join("\n"));
});

for (const [min, max] of [[100, 200], [50, 100], [0, 100]] as const) {
  test(`a rolling update of 4 tasks under min ${min} / max ${max} stays within both bounds at every observed step`, async () => {
    const name = `${prefix}-roll-${min}-${max}`;
    const v1 = await register(`roll-${min}-${max}`);
    await ecs.send(
      new CreateServiceCommand({ serviceName: name, taskDefinition: v1, desiredCount: 4, deploymentConfiguration: { minimumHealthyPercent: min, maximumPercent: max } }),
    );
    await waitFor("healthy", async () => (await serviceTasks(name)).filter((t) => t.healthStatus === "HEALTHY").length, (n) => n === 4);
    await waitFor("stable v1", () => describe(name), stable);
    const v2 = await register(`roll-${min}-${max}`, ["sleep", "3601"]);
    const watch = watchBounds(name);
    await ecs.send(new UpdateServiceCommand({ service: name, taskDefinition: v2 }));
    const s = await waitFor("stable v2", () => describe(name), (x) => stable(x) && x.taskDefinition === v2);
    await waitFor("all HEALTHY", async () => (await serviceTasks(name)).filter((t) => t.lastStatus !== "STOPPED"), (ts) => ts.length === 4 && ts.every((t) => t.healthStatus === "HEALTHY"));
    const seen = await watch.stop();
    assert.ok(seen.samples > 3, `only ${seen.samples} samples`);
    assert.ok(seen.maxOccupied <= Math.floor((4 * max) / 100), `occupied ${seen.maxOccupied} > ${(4 * max) / 100}`);
    assert.ok(seen.minHealthy >= Math.ceil((4 * min) / 100), `healthy fell to ${seen.minHealthy}`);
    assert.equal(s.deployments![0]!.taskDefinition, v2);
    const running = (await serviceTasks(name)).filter((t) => t.lastStatus === "RUNNING");
    assert.ok(running.every((t) => t.taskDefinitionArn === v2));
    await ecs.send(new DeleteServiceCommand({ service: name, force: true }));
  });
}

test("the circuit breaker fails a deployment whose image can't be pulled and rolls back to the last completed one", async () => {
  const name = `${prefix}-cb`;
  const good = await register("cb");
  await ecs.send(
    new CreateServiceCommand({
      serviceName: name,
      taskDefinition: good,
      desiredCount: 1,
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true }, minimumHealthyPercent: 100, maximumPercent: 200 },
    }),
  );
  const first = await waitFor("stable", () => describe(name), stable);
  const firstId = first.deployments![0]!.id!;
  const bad = await register("cb", undefined, { image: "127.0.0.1:9/nothing:1" });
  await ecs.send(new UpdateServiceCommand({ service: name, taskDefinition: bad }));
  const s = await waitFor("rolled back and stable", () => describe(name), (x) => stable(x) && x.taskDefinition === good && x.deployments![0]!.id !== firstId, 180_000);
  const messages = s.events!.map((e) => e.message!);
  assert.ok(messages.some((m) => /\(deployment ecs-svc\/\d{19}\) deployment failed: tasks failed to start\.$/.test(m)), messages.join("\n"));
  assert.ok(messages.includes(`(service ${name}) rolling back to deployment ${firstId}.`), messages.join("\n"));
  await ecs.send(new DeleteServiceCommand({ service: name, force: true }));
});

test("the circuit breaker fails a deployment whose container exits at once and rolls back", async () => {
  const name = `${prefix}-cb-exit`;
  const good = await register("cb-exit");
  await ecs.send(
    new CreateServiceCommand({ serviceName: name, taskDefinition: good, desiredCount: 1, deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } } }),
  );
  const first = await waitFor("stable", () => describe(name), stable);
  const bad = await register("cb-exit", ["sh", "-c", "exit 1"]);
  await ecs.send(new UpdateServiceCommand({ service: name, taskDefinition: bad }));
  const s = await waitFor("rolled back", () => describe(name), (x) => stable(x) && x.taskDefinition === good, 180_000);
  assert.notEqual(s.deployments![0]!.id, first.deployments![0]!.id);
  // The failed deployment drops out of `deployments` once its tasks are gone; its events remain.
  const messages = s.events!.map((e) => e.message!);
  assert.ok(messages.some((m) => /\(deployment ecs-svc\/\d{19}\) deployment failed: tasks failed to start\.$/.test(m)), messages.join("\n"));
  assert.ok(messages.includes(`(service ${name}) rolling back to deployment ${first.deployments![0]!.id}.`), messages.join("\n"));
  const stoppedBad = (await serviceTasks(name)).filter((t) => t.taskDefinitionArn === bad);
  assert.equal(stoppedBad.length, 3, "no task of the failed deployment is launched after the threshold");
  assert.ok(stoppedBad.every((t) => t.stopCode === "EssentialContainerExited"));
  await ecs.send(new DeleteServiceCommand({ service: name, force: true }));
});

test("a task failing its container health check is stopped after the grace period and replaced", async () => {
  const name = `${prefix}-sick`;
  const td = await register("sick", ["sleep", "3600"], { healthCheck: { command: ["CMD-SHELL", "exit 1"], interval: 5, retries: 1, timeout: 2 } });
  await ecs.send(new CreateServiceCommand({ serviceName: name, taskDefinition: td, desiredCount: 1, healthCheckGracePeriodSeconds: 8 }));
  const stopped = await waitFor(
    "a task stopped for failing its health check",
    async () => (await serviceTasks(name)).filter((t) => t.stoppedReason === "Task failed container health checks"),
    (ts) => ts.length > 0,
  );
  const t = stopped[0]!;
  assert.equal(t.stopCode, "ServiceSchedulerInitiated");
  assert.ok(t.stoppingAt!.getTime() - t.startedAt!.getTime() >= 8_000, `stopped ${t.stoppingAt!.getTime() - t.startedAt!.getTime()} ms after it started, inside the grace period`);
  const id = t.taskArn!.split("/").pop();
  const s = await waitFor("replacement and event", () => describe(name), (x) => x.events!.some((e) => e.message === `(service ${name}) (task ${id}) failed container health checks.`));
  await waitFor("a replacement", () => serviceTasks(name), (ts) => ts.some((x) => x.taskArn !== t.taskArn && x.desiredStatus === "RUNNING"));
  assert.equal(s.desiredCount, 1);
  await ecs.send(new DeleteServiceCommand({ service: name, force: true }));
});

test("aws ecs wait services-stable returns once the service is stable", async () => {
  const name = `${prefix}-basic`;
  await ecs.send(new UpdateServiceCommand({ service: name, desiredCount: 2 }));
  const result = await new Promise<{ code: number; stderr: string }>((resolve) =>
    execFile(
      "/usr/bin/aws",
      ["--endpoint-url", fx.server().url, "--region", "us-east-1", "ecs", "wait", "services-stable", "--services", name],
      { env: { PATH: process.env.PATH, HOME: fx.dataDir, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" } },
      (err, _stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
    ),
  );
  assert.equal(result.code, 0, result.stderr);
  assert.equal((await describe(name)).runningCount, 2);
});

test("DeleteService refuses a scaled service without force, then drains it to INACTIVE and stops its tasks", async () => {
  const name = `${prefix}-basic`;
  await assert.rejects(ecs.send(new DeleteServiceCommand({ service: name })), /scaled above 0/);
  const deleted = await ecs.send(new DeleteServiceCommand({ service: name, force: true }));
  assert.equal(deleted.service?.status, "DRAINING");
  await waitFor("INACTIVE", () => describe(name), (s) => s.status === "INACTIVE");
  await waitFor("tasks stopped", () => serviceTasks(name), (ts) => ts.every((t) => t.lastStatus === "STOPPED"));
});
