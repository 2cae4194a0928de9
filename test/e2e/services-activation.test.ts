/**
 * ACTIVATING and DEACTIVATING with real containers: `bin/berth server` with its embedded agent, a
 * busybox httpd service (bridge, dynamic host port) behind an `instance` target group.
 *
 * - A new task goes ACTIVATING → RUNNING (ACTIVATING is short: the statuses seen only move forward
 *   and end at RUNNING with the target registered).
 * - StopTask of a registered task: DEACTIVATING with desired STOPPED while its target drains for
 *   the group's deregistration delay, its container still running; then the target is gone and the
 *   task STOPPED (UserInitiated).
 * - kill -9 of the server during a drain, restart on the same data directory: the task is still
 *   DEACTIVATING or later (never RUNNING again), its container is the same one, and the drain
 *   finishes: the target gone, the task STOPPED.
 * - A service in a Cloud Map registry without a custom health check registers a task with a
 *   container health check only once it is HEALTHY: until then the task is seen ACTIVATING (its
 *   health check passes only once the test creates a file in the container), then RUNNING and
 *   registered.
 *
 * Containers are removed in `after` by family label; the cluster network goes with them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type * as E from "@aws-sdk/client-elastic-load-balancing-v2";
import * as SD from "@aws-sdk/client-servicediscovery";
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StopTaskCommand,
  type ContainerDefinition,
  type ECSClient,
  type Task,
} from "@aws-sdk/client-ecs";
import { useDockerServer } from "./docker-server.js";
import { TEST_CREDENTIALS } from "./harness.js";
import { waitFor } from "./elbv2-support.js";
import { httpd } from "./busybox-containers.js";
import { createHttpLoadBalancer, targetHealth } from "./http-load-balancer.js";
import { serviceProbes } from "./service-probes.js";
import { execIn } from "../support/docker-exec.js";

const family = `svcact-${randomBytes(4).toString("hex")}`;
let ecs: ECSClient;
let elb: E.ElasticLoadBalancingV2Client;
let sd: SD.ServiceDiscoveryClient;
// Clients are made again each time the server starts (it is restarted by a test, on another port).
const fx = useDockerServer({
  name: "svc-activation",
  args: ["--task-cleanup-wait", "1"],
  families: [family],
  clusters: ["default"],
  ready: (f) => {
    sd = f.track(new SD.ServiceDiscoveryClient({ endpoint: f.server().url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1, disableHostPrefix: true }));
    ecs = f.ecs();
    elb = f.elb();
  },
});
const docker = fx.docker;

const RANK = ["PROVISIONING", "PENDING", "ACTIVATING", "RUNNING", "DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED"];

const { describe: describeService } = serviceProbes(() => ecs);
const describeTask = async (arn: string): Promise<Task> => (await ecs.send(new DescribeTasksCommand({ tasks: [arn] }))).tasks![0]!;
const healthOf = (tg: string) => targetHealth(elb, tg);
const hostPortOf = (t: Task) => t.containers?.[0]?.networkBindings?.[0]?.hostPort;
const targetOf = async (tg: string, port: number | undefined) => (await healthOf(tg)).find((d) => d.Target?.Port === port);
const containerOf = async (taskArn: string) => (await docker.listContainers({ all: true, filters: { label: [`com.amazonaws.ecs.task-arn=${taskArn}`] } }))[0];

/** busybox httpd on port 80 (an ephemeral host port), serving what `page` writes into /www. */
const web = (page: string, extra: Partial<ContainerDefinition> = {}): ContainerDefinition =>
  httpd(fx.image(), page, { extra: { portMappings: [{ containerPort: 80, hostPort: 0, protocol: "tcp" }], ...extra } });

/** A service of one httpd task behind a new target group (with a load balancer and listener) with this deregistration delay; its task once RUNNING with a healthy target. */
async function balancedService(suffix: string, delaySeconds: number): Promise<{ name: string; tg: string; task: Task; seen: string[] }> {
  const { tg } = await createHttpLoadBalancer(elb, {
    name: `${family}-${suffix}`,
    targetType: "instance",
    port: 80,
    healthCheckPath: "/index.html",
    deregistrationDelaySeconds: delaySeconds,
  });
  const td = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      networkMode: "bridge",
      containerDefinitions: [web('echo "$(hostname)" > /www/index.html')],
    }),
  );
  const name = `${family}-${suffix}`;
  await ecs.send(
    new CreateServiceCommand({
      serviceName: name,
      taskDefinition: td.taskDefinition!.taskDefinitionArn!,
      desiredCount: 1,
      launchType: "EC2",
      loadBalancers: [{ targetGroupArn: tg, containerName: "web", containerPort: 80 }],
    }),
  );
  const taskArn = await waitFor(`${name}: its task`, async () => (await ecs.send(new ListTasksCommand({ serviceName: name }))).taskArns?.[0]);
  // Every status the task shows until RUNNING, in the order seen.
  const seen: string[] = [];
  const task = await waitFor(
    `${name}: the task RUNNING`,
    async () => {
      const t = await describeTask(taskArn);
      if (seen[seen.length - 1] !== t.lastStatus) seen.push(t.lastStatus!);
      return t.lastStatus === "RUNNING" ? t : undefined;
    },
    60_000,
  );
  await waitFor(`${name}: its target healthy`, async () => ((await targetOf(tg, hostPortOf(task)))?.TargetHealth?.State === "healthy" ? true : undefined), 60_000);
  return { name, tg, task, seen };
}

async function deleteService(name: string, tg: string): Promise<void> {
  await ecs.send(new DeleteServiceCommand({ service: name, force: true }));
  await waitFor(`${name}: its targets gone`, async () => ((await healthOf(tg)).length === 0 ? true : undefined), 60_000);
  await waitFor(
    `${name}: its tasks STOPPED`,
    async () => {
      const arns = (await ecs.send(new ListTasksCommand({ serviceName: name, desiredStatus: "STOPPED" }))).taskArns ?? [];
      const tasks = arns.length > 0 ? (await ecs.send(new DescribeTasksCommand({ tasks: arns }))).tasks! : [];
      return tasks.every((t) => t.lastStatus === "STOPPED") ? true : undefined;
    },
    60_000,
  );
}

test("a service task goes ACTIVATING → RUNNING; after StopTask it is DEACTIVATING (desired STOPPED) while its target drains, then STOPPED", async (t) => {
  const { name, tg, task, seen } = await balancedService("stop", 10);
  t.diagnostic(`statuses seen until RUNNING: ${seen.join(" → ")}`);
  // ACTIVATING lasts one scheduler pass: when it was seen, it came after PENDING and before RUNNING.
  assert.deepEqual([...seen].sort((a, b) => RANK.indexOf(a) - RANK.indexOf(b)), seen, `statuses seen in order: ${seen.join(" → ")}`);
  assert.equal(seen[seen.length - 1], "RUNNING");
  assert.ok(task.startedAt, "startedAt once the containers run");
  const port = hostPortOf(task);

  const stopped = (await ecs.send(new StopTaskCommand({ task: task.taskArn!, reason: "activation test" }))).task!;
  assert.equal(stopped.desiredStatus, "STOPPED");
  assert.equal(stopped.lastStatus, "DEACTIVATING", "StopTask answers with the task DEACTIVATING");
  // The target drains for the group's delay while the task is DEACTIVATING and its container serves on.
  await waitFor("the target draining", async () => ((await targetOf(tg, port))?.TargetHealth?.State === "draining" ? true : undefined));
  const draining = await describeTask(task.taskArn!);
  if (draining.lastStatus === "DEACTIVATING") {
    assert.equal(draining.desiredStatus, "STOPPED");
    assert.equal(draining.stopCode, "UserInitiated");
    const container = await containerOf(task.taskArn!);
    assert.equal(container?.State, "running", "the container runs while its target drains");
  } else {
    assert.ok(RANK.indexOf(draining.lastStatus!) > RANK.indexOf("DEACTIVATING"), `after DEACTIVATING, not ${draining.lastStatus}`);
  }

  await waitFor("the target gone", async () => ((await targetOf(tg, port)) === undefined ? true : undefined), 60_000);
  const done = await waitFor("the task STOPPED", async () => {
    const t = await describeTask(task.taskArn!);
    return t.lastStatus === "STOPPED" ? t : undefined;
  }, 60_000);
  assert.equal(done.stopCode, "UserInitiated");
  assert.equal(done.stoppedReason, "activation test");
  const messages = (await describeService(name)).events!.map((e) => e.message!);
  assert.ok(messages.includes(`(service ${name}) has begun draining connections on 1 tasks.`), messages.join("\n"));
  assert.ok(messages.includes(`(service ${name}) deregistered 1 targets in (target-group ${tg})`), messages.join("\n"));
  await deleteService(name, tg);
});

test("kill -9 of the server during a drain: after a restart the drain finishes, with the same container", async (t) => {
  const { name, tg, task } = await balancedService("restart", 20);
  const port = hostPortOf(task);
  const container = await containerOf(task.taskArn!);
  assert.ok(container);
  await ecs.send(new StopTaskCommand({ task: task.taskArn! }));
  // Deregistered (the drain's end is written with it), then the server dies.
  await waitFor("the target draining", async () => ((await targetOf(tg, port))?.TargetHealth?.State === "draining" ? true : undefined));
  await fx.restart("SIGKILL");

  const restarted = await describeTask(task.taskArn!);
  t.diagnostic(`after the restart: ${restarted.lastStatus}`);
  assert.equal(restarted.desiredStatus, "STOPPED");
  assert.ok(RANK.indexOf(restarted.lastStatus!) >= RANK.indexOf("DEACTIVATING"), `never RUNNING again: ${restarted.lastStatus}`);
  const done = await waitFor("the task STOPPED", async () => {
    const t = await describeTask(task.taskArn!);
    return t.lastStatus === "STOPPED" ? t : undefined;
  }, 90_000);
  assert.equal(done.stopCode, "UserInitiated");
  await waitFor("the target gone", async () => ((await targetOf(tg, port)) === undefined ? true : undefined), 60_000);
  // The task's one container was adopted, not replaced: the same id, now exited.
  const containers = await docker.listContainers({ all: true, filters: { label: [`com.amazonaws.ecs.task-arn=${task.taskArn}`] } });
  assert.ok(containers.every((c) => c.Id === container.Id), JSON.stringify(containers.map((c) => c.Id)));
  await deleteService(name, tg);
});

test("a task whose registration waits on its container health is ACTIVATING until HEALTHY, then registered and RUNNING", async () => {
  const { OperationId } = await sd.send(new SD.CreatePrivateDnsNamespaceCommand({ Name: `${family}.test`, Vpc: "vpc-1" }));
  const nsId = (await sd.send(new SD.GetOperationCommand({ OperationId }))).Operation!.Targets!.NAMESPACE!;
  const registry = (await sd.send(new SD.CreateServiceCommand({ Name: "gated", NamespaceId: nsId, DnsConfig: { DnsRecords: [{ Type: "SRV", TTL: 1 }] } }))).Service!;
  const td = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      networkMode: "bridge",
      containerDefinitions: [
        web("echo ok > /www/index.html", { healthCheck: { command: ["CMD-SHELL", "test -f /tmp/ready"], interval: 5, timeout: 2, retries: 10 } }),
      ],
    }),
  );
  const name = `${family}-gated`;
  await ecs.send(
    new CreateServiceCommand({
      serviceName: name,
      taskDefinition: td.taskDefinition!.taskDefinitionArn!,
      desiredCount: 1,
      launchType: "EC2",
      healthCheckGracePeriodSeconds: 600,
      serviceRegistries: [{ registryArn: registry.Arn!, containerName: "web", containerPort: 80 }],
    }),
  );
  const taskArn = await waitFor(`${name}: its task`, async () => (await ecs.send(new ListTasksCommand({ serviceName: name }))).taskArns?.[0]);
  const activating = await waitFor("the task ACTIVATING", async () => {
    const t = await describeTask(taskArn);
    return t.lastStatus === "ACTIVATING" ? t : undefined;
  }, 60_000);
  assert.equal(activating.desiredStatus, "RUNNING");
  assert.ok(activating.startedAt, "its containers run");
  assert.deepEqual((await sd.send(new SD.ListInstancesCommand({ ServiceId: registry.Id! }))).Instances, [], "not registered before it is HEALTHY");
  const service = await describeService(name);
  assert.deepEqual([service.runningCount, service.pendingCount], [0, 1]);

  const container = await containerOf(taskArn);
  assert.equal(await execIn(docker, container!.Id, ["touch", "/tmp/ready"]), 0);
  const running = await waitFor("the task RUNNING", async () => {
    const t = await describeTask(taskArn);
    return t.lastStatus === "RUNNING" ? t : undefined;
  }, 60_000);
  assert.equal(running.healthStatus, "HEALTHY");
  const instances = (await sd.send(new SD.ListInstancesCommand({ ServiceId: registry.Id! }))).Instances ?? [];
  assert.deepEqual(instances.map((i) => i.Id), [taskArn.slice(taskArn.lastIndexOf("/") + 1)], "registered by the pass that made it RUNNING");

  await ecs.send(new DeleteServiceCommand({ service: name, force: true }));
  await waitFor(`${name}: its instance deregistered`, async () => (((await sd.send(new SD.ListInstancesCommand({ ServiceId: registry.Id! }))).Instances ?? []).length === 0 ? true : undefined), 60_000);
  await waitFor(`${name}: its task STOPPED`, async () => ((await describeTask(taskArn)).lastStatus === "STOPPED" ? true : undefined), 60_000);
});
