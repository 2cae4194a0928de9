/**
 * Services behind load balancers with real containers and real traffic (issue 6, item 4):
 * `bin/berth server` with its embedded agent (one EC2 container instance), busybox httpd tasks
 * behind ALB listeners on loopback.
 *
 * - a 3-task bridge service under constant traffic (several request loops at once) rolls to a new
 *   task definition with zero failed requests, and ends up answering with the new version only;
 * - a task whose httpd starts failing its health path (its health file removed inside the
 *   container) is found unhealthy by the load balancer and replaced, with ECS's event and
 *   stoppedReason;
 * - an awsvpc service (EC2 launch type: berth runs no FARGATE services yet) with an `ip` target
 *   group: its targets are the tasks' loopback addresses and the container port, and traffic
 *   through the listener reaches every task;
 * - a request in flight to a task the scheduler stops (scale to 0) finishes while its target drains
 *   (the task is DEACTIVATING and runs on until the deregistration delay is over), then it stops.
 *
 * Containers are removed in `after` by family label; the cluster network goes with them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import * as E from "@aws-sdk/client-elastic-load-balancing-v2";
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type ContainerDefinition,
  type ECSClient,
  type Service,
} from "@aws-sdk/client-ecs";
import { useDockerServer } from "./docker-server.js";
import { request, waitFor } from "./elbv2-support.js";
import { httpd, registerTaskDefinition } from "./busybox-containers.js";
import { createHttpLoadBalancer, targetHealth } from "./http-load-balancer.js";
import { serviceProbes } from "./service-probes.js";
import { execIn } from "../support/docker-exec.js";

const family = `svclbt-${randomBytes(4).toString("hex")}`;
let ecs: ECSClient;
let elb: E.ElasticLoadBalancingV2Client;
const fx = useDockerServer({
  name: "svc-lb-traffic",
  args: ["--task-cleanup-wait", "1"],
  families: [family],
  clusters: ["default"],
  ready: (f) => {
    ecs = f.ecs();
    elb = f.elb();
  },
});
const docker = fx.docker;

/** busybox httpd serving "<hostname> <VERSION>" at /index.html and "ok" at /health.html. */
function web(version: string, port: number, portMapping: ContainerDefinition["portMappings"]): ContainerDefinition {
  const page = 'echo "$(hostname) $VERSION" > /www/index.html && echo ok > /www/health.html';
  return httpd(fx.image(), page, { port, extra: { environment: [{ name: "VERSION", value: version }], portMappings: portMapping } });
}

const registerBridge = (version: string) =>
  registerTaskDefinition(ecs, { family, networkMode: "bridge", containerDefinitions: [web(version, 80, [{ containerPort: 80, hostPort: 0, protocol: "tcp" }])] });

const { describe } = serviceProbes(() => ecs);
const healthOf = (tg: string) => targetHealth(elb, tg);

/** A load balancer, an HTTP target group (health path /health.html, fast checks) and a listener forwarding to it. */
const loadBalancer = (suffix: string, targetType: "instance" | "ip", targetPort: number) =>
  createHttpLoadBalancer(elb, {
    name: `${family}-${suffix}`,
    targetType,
    port: targetPort,
    healthCheckPath: "/health.html",
    unhealthyThresholdCount: 2,
    deregistrationDelaySeconds: 2,
  });

async function steadyWithHealthyTargets(name: string, tg: string, n: number, ms = 120_000): Promise<Service> {
  return withState(name, tg, waitFor(
    `${name}: ${n} healthy targets, one COMPLETED deployment`,
    async () => {
      const s = await describe(name);
      const h = await healthOf(tg);
      const done = s.deployments?.length === 1 && s.deployments[0]!.rolloutState === "COMPLETED" && s.runningCount === n;
      return done && h.length === n && h.every((d) => d.TargetHealth?.State === "healthy") ? s : undefined;
    },
    ms,
  ));
}

/** On failure, what the service and its target group looked like (the reason is in there). */
async function withState<T>(name: string, tg: string, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    const s = await describe(name);
    const tasks = (await ecs.send(new ListTasksCommand({ serviceName: name, desiredStatus: "STOPPED" }))).taskArns ?? [];
    const stopped = tasks.length ? (await ecs.send(new DescribeTasksCommand({ tasks }))).tasks!.map((t) => t.stoppedReason) : [];
    const state = { events: s.events?.slice(0, 10).map((e) => e.message), running: s.runningCount, deployments: s.deployments?.map((d) => [d.status, d.rolloutState, d.runningCount]), targets: await healthOf(tg), stopped };
    throw new Error(`${(err as Error).message}\n${JSON.stringify(state, null, 1)}`);
  }
}

async function deleteService(name: string, tg: string): Promise<void> {
  await ecs.send(new DeleteServiceCommand({ service: name, force: true }));
  await waitFor("the targets gone after DeleteService", async () => ((await healthOf(tg)).length === 0 ? true : undefined), 60_000);
}

test("a 3-task service rolls to a new task definition under constant traffic with zero failed requests", async () => {
  const { address, port, tg } = await loadBalancer("roll", "instance", 80);
  const name = `${family}-roll`;
  await ecs.send(
    new CreateServiceCommand({
      serviceName: name,
      taskDefinition: await registerBridge("v1"),
      desiredCount: 3,
      launchType: "EC2",
      loadBalancers: [{ targetGroupArn: tg, containerName: "web", containerPort: 80 }],
    }),
  );
  await steadyWithHealthyTargets(name, tg, 3);
  const hosts = new Set<string>();
  await waitFor("all 3 tasks answering through the listener", async () => {
    const r = await request(address, port, "/index.html");
    assert.equal(r.status, 200);
    hosts.add(r.body.trim());
    return hosts.size === 3 ? true : undefined;
  });

  // Four request loops at once, each a fresh connection per request, until the rollout is over.
  let running = true;
  const results = { ok: 0, failed: [] as string[], versions: [] as string[] };
  const loop = async () => {
    while (running) {
      try {
        const r = await request(address, port, "/index.html");
        if (r.status === 200) {
          results.ok++;
          results.versions.push(r.body.trim().split(" ")[1]!);
        } else results.failed.push(`${r.status} ${r.body.slice(0, 80)}`);
      } catch (e) {
        results.failed.push(String(e));
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const loops = [loop(), loop(), loop(), loop()];
  let rolled: Service;
  try {
    await ecs.send(new UpdateServiceCommand({ service: name, taskDefinition: await registerBridge("v2") }));
    rolled = await waitFor(
      "the v2 deployment COMPLETED with 3 healthy targets",
      async () => {
        const s = await describe(name);
        const h = await healthOf(tg);
        const done = s.deployments?.length === 1 && s.deployments[0]!.rolloutState === "COMPLETED" && s.deployments[0]!.taskDefinition!.endsWith(":2") && s.runningCount === 3;
        return done && h.length === 3 && h.every((d) => d.TargetHealth?.State === "healthy") ? s : undefined;
      },
      180_000,
    );
    // Keep the load on a little past the end: the old targets are gone, the new ones take everything.
    const settled = results.ok;
    await waitFor("more requests after the rollout", async () => (results.ok > settled + 20 ? true : undefined));
  } finally {
    running = false;
    await Promise.all(loops);
  }
  assert.deepEqual(results.failed, [], `${results.failed.length} failed of ${results.ok + results.failed.length}`);
  assert.ok(results.ok > 100, `only ${results.ok} requests`);
  assert.ok(results.versions.includes("v1") && results.versions.includes("v2"));
  assert.deepEqual(new Set(results.versions.slice(-20)), new Set(["v2"]));
  const messages = rolled.events!.map((e) => e.message!);
  assert.ok(messages.some((m) => m.startsWith(`(service ${name}) deregistered `) && m.endsWith(` targets in (target-group ${tg})`)), messages.join("\n"));
  await deleteService(name, tg);
});

test("a task whose target fails its health checks is replaced, with ECS's event", async () => {
  const { address, port, tg } = await loadBalancer("sick", "instance", 80);
  const name = `${family}-sick`;
  await ecs.send(
    new CreateServiceCommand({
      serviceName: name,
      taskDefinition: await registerBridge("v1"),
      desiredCount: 2,
      launchType: "EC2",
      loadBalancers: [{ targetGroupArn: tg, containerName: "web", containerPort: 80 }],
    }),
  );
  await steadyWithHealthyTargets(name, tg, 2);
  const taskArns = (await ecs.send(new ListTasksCommand({ serviceName: name }))).taskArns!;
  assert.equal(taskArns.length, 2);
  const sick = (await ecs.send(new DescribeTasksCommand({ tasks: [taskArns[0]!] }))).tasks![0]!;
  const sickId = sick.taskArn!.split("/").at(-1)!;
  const sickPort = sick.containers![0]!.networkBindings![0]!.hostPort!;

  // The container's httpd starts answering 404 on its health path.
  const [container] = await docker.listContainers({ filters: { label: [`com.amazonaws.ecs.task-arn=${sick.taskArn}`, "com.amazonaws.ecs.container-name=web"] } });
  assert.ok(container, "the task's container");
  assert.equal(await execIn(docker, container.Id, ["rm", "/www/health.html"]), 0);

  const unhealthyEvent = `(service ${name}) (task ${sickId}) (port ${sickPort}) is unhealthy in (target-group ${tg}) due to (reason Health checks failed with these codes: [404]).`;
  await waitFor(
    "the unhealthy event",
    async () => ((await describe(name)).events!.some((e) => e.message === unhealthyEvent) ? true : undefined),
    90_000,
  );
  const stopped = await waitFor(
    "the sick task stopped",
    async () => {
      const t = (await ecs.send(new DescribeTasksCommand({ tasks: [sick.taskArn!] }))).tasks![0]!;
      return t.lastStatus === "STOPPED" ? t : undefined;
    },
    60_000,
  );
  assert.equal(stopped.stoppedReason, `Task failed ELB health checks in (target-group ${tg})`);
  assert.equal(stopped.stopCode, "ServiceSchedulerInitiated");

  // A replacement takes its place: two healthy targets again, none of them the sick one, and traffic flows.
  const s = await steadyWithHealthyTargets(name, tg, 2);
  assert.ok(!(await healthOf(tg)).some((d) => d.Target!.Port === sickPort && d.TargetHealth?.State === "healthy"));
  assert.equal(s.runningCount, 2);
  for (let i = 0; i < 4; i++) assert.equal((await request(address, port, "/index.html")).status, 200);
  await deleteService(name, tg);
});

test("an awsvpc service with an ip target group: targets are the tasks' addresses and container port, and serve traffic", async () => {
  // awsvpc tasks get 127.77.x.y from each berth server's own allocator, so tasks of other servers on
  // the same engine (other test runs) can hold the same address: a port of our own avoids their binds.
  const cport = 20000 + Math.floor(Math.random() * 12000);
  const { address, port, tg } = await loadBalancer("vpc", "ip", cport);
  const td = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      networkMode: "awsvpc",
      containerDefinitions: [web("vpc", cport, [{ containerPort: cport }])],
    }),
  );
  const name = `${family}-vpc`;
  await ecs.send(
    new CreateServiceCommand({
      serviceName: name,
      taskDefinition: td.taskDefinition!.taskDefinitionArn!,
      desiredCount: 2,
      launchType: "EC2",
      networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-local"] } },
      loadBalancers: [{ targetGroupArn: tg, containerName: "web", containerPort: cport }],
    }),
  );
  await steadyWithHealthyTargets(name, tg, 2);
  const tasks = (await ecs.send(new DescribeTasksCommand({ tasks: (await ecs.send(new ListTasksCommand({ serviceName: name }))).taskArns! }))).tasks!;
  const addresses = tasks.map((t) => t.attachments![0]!.details!.find((d) => d.name === "privateIPv4Address")!.value!).sort();
  assert.ok(addresses.every((a) => a.startsWith("127.")), addresses.join(","));
  const targets = (await healthOf(tg)).map((d) => `${d.Target!.Id}:${d.Target!.Port}`).sort();
  assert.deepEqual(targets, addresses.map((a) => `${a}:${cport}`));

  const hosts = new Set<string>();
  await waitFor("both tasks answering through the listener", async () => {
    const r = await request(address, port, "/index.html");
    assert.equal(r.status, 200);
    assert.match(r.body, / vpc$/m);
    hosts.add(r.body.trim());
    return hosts.size === 2 ? true : undefined;
  });
  await deleteService(name, tg);
});

test("a request in flight to a task being drained finishes; the task stops after the deregistration delay", async () => {
  const { address, port, tg } = await loadBalancer("drain", "instance", 80);
  await elb.send(new E.ModifyTargetGroupAttributesCommand({ TargetGroupArn: tg, Attributes: [{ Key: "deregistration_delay.timeout_seconds", Value: "10" }] }));
  // /cgi-bin/slow marks itself started, then holds its answer until /www/release exists.
  const slow = '#!/bin/sh\\ntouch /www/started.html\\nwhile [ ! -f /www/release ]; do sleep 0.1; done\\necho Content-Type: text/plain\\necho\\necho slow-done\\n';
  const td = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      networkMode: "bridge",
      containerDefinitions: [
        {
          ...web("drain", 80, [{ containerPort: 80, hostPort: 0, protocol: "tcp" }]),
          command: ["sh", "-c", `mkdir -p /www/cgi-bin && echo ok > /www/health.html && printf '${slow}' > /www/cgi-bin/slow && chmod +x /www/cgi-bin/slow && exec httpd -f -p 80 -h /www`],
        },
      ],
    }),
  );
  const name = `${family}-drain`;
  await ecs.send(
    new CreateServiceCommand({
      serviceName: name,
      taskDefinition: td.taskDefinition!.taskDefinitionArn!,
      desiredCount: 1,
      launchType: "EC2",
      loadBalancers: [{ targetGroupArn: tg, containerName: "web", containerPort: 80 }],
    }),
  );
  await steadyWithHealthyTargets(name, tg, 1);
  const [taskArn] = (await ecs.send(new ListTasksCommand({ serviceName: name }))).taskArns!;
  const [container] = await docker.listContainers({ filters: { label: [`com.amazonaws.ecs.task-arn=${taskArn}`, "com.amazonaws.ecs.container-name=web"] } });
  assert.ok(container, "the task's container");

  const inFlight = request(address, port, "/cgi-bin/slow");
  await waitFor("the slow request at the task", async () => ((await request(address, port, "/started.html")).status === 200 ? true : undefined));
  await ecs.send(new UpdateServiceCommand({ service: name, desiredCount: 0 }));
  await withState(name, tg, waitFor("the target draining", async () => ((await healthOf(tg))[0]?.TargetHealth?.State === "draining" ? true : undefined)));
  const task = (await ecs.send(new DescribeTasksCommand({ tasks: [taskArn!] }))).tasks![0]!;
  // DEACTIVATING (desired STOPPED) while its target drains; its container runs on (the request below finishes).
  assert.equal(task.lastStatus, "DEACTIVATING", "the task is DEACTIVATING while its target drains");
  assert.equal(task.desiredStatus, "STOPPED");

  assert.equal(await execIn(docker, container.Id, ["touch", "/www/release"]), 0);
  const r = await inFlight;
  assert.equal(r.status, 200, `${r.body}\n${fx.server().output().split("\n").filter((l) => l.includes("[berth]")).slice(-20).join("\n")}`);
  assert.equal(r.body.trim(), "slow-done");

  const stopped = await waitFor(
    "the task stopped after the delay",
    async () => {
      const t = (await ecs.send(new DescribeTasksCommand({ tasks: [taskArn!] }))).tasks![0]!;
      return t.lastStatus === "STOPPED" ? t : undefined;
    },
    60_000,
  );
  assert.equal(stopped.stopCode, "ServiceSchedulerInitiated");
  await waitFor("the target gone", async () => ((await healthOf(tg)).length === 0 ? true : undefined), 30_000);
  const messages = (await describe(name)).events!.map((e) => e.message!);
  assert.ok(messages.includes(`(service ${name}) has begun draining connections on 1 tasks.`), messages.join("\n"));
  assert.ok(messages.includes(`(service ${name}) deregistered 1 targets in (target-group ${tg})`), messages.join("\n"));
  await deleteService(name, tg);
});
