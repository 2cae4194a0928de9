/**
 * A service behind a load balancer with real containers and real traffic: `bin/berth server`
 * with its embedded agent, two busybox httpd tasks (bridge, dynamic host ports) behind an ALB
 * listener with an `instance` target group. Both targets are registered by the service scheduler
 * and become healthy through real health checks; requests through the listener reach both; scale
 * to 1 deregisters one target (drained before the task stops); a rolling deployment under a
 * constant request loop fails no request. Containers are removed in `after` by family label.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type * as E from "@aws-sdk/client-elastic-load-balancing-v2";
import { CreateServiceCommand, DeleteServiceCommand, UpdateServiceCommand, type ECSClient } from "@aws-sdk/client-ecs";
import { useDockerServer } from "./docker-server.js";
import { request, waitFor } from "./elbv2-support.js";
import { httpd, registerTaskDefinition } from "./busybox-containers.js";
import { createHttpLoadBalancer, targetHealth } from "./http-load-balancer.js";
import { serviceProbes } from "./service-probes.js";

const family = `svclb-${randomBytes(4).toString("hex")}`;
let ecs: ECSClient;
let elb: E.ElasticLoadBalancingV2Client;
const fx = useDockerServer({
  name: "svc-lb",
  args: ["--task-cleanup-wait", "1"],
  families: [family],
  clusters: ["default"],
  ready: (f) => {
    ecs = f.ecs();
    elb = f.elb();
  },
});

const register = (version: string) =>
  registerTaskDefinition(ecs, {
    family,
    networkMode: "bridge",
    containerDefinitions: [
      httpd(fx.image(), 'echo "$(hostname) $VERSION" > /www/index.html', {
        extra: { environment: [{ name: "VERSION", value: version }], portMappings: [{ containerPort: 80, hostPort: 0, protocol: "tcp" }] },
      }),
    ],
  });

const { describe } = serviceProbes(() => ecs);
const healthOf = (tg: string) => targetHealth(elb, tg);

test("a service's tasks are registered, healthy, reached through the listener, deregistered on scale-in, and a rolling deployment fails no request", async () => {
  const { address, port, tg } = await createHttpLoadBalancer(elb, {
    name: `${family}-alb`,
    targetGroupName: `${family}-tg`,
    targetType: "instance",
    port: 80,
    healthCheckPath: "/index.html",
    deregistrationDelaySeconds: 2,
  });

  const name = `${family}-svc`;
  await ecs.send(
    new CreateServiceCommand({
      serviceName: name,
      taskDefinition: await register("v1"),
      desiredCount: 2,
      launchType: "EC2",
      loadBalancers: [{ targetGroupArn: tg, containerName: "web", containerPort: 80 }],
    }),
  );

  // Both targets registered by the scheduler and healthy through real health checks.
  const healthy = await waitFor(
    "two healthy targets",
    async () => {
      const h = await healthOf(tg);
      return h.length === 2 && h.every((d) => d.TargetHealth?.State === "healthy") ? h : undefined;
    },
    90_000,
  );
  assert.ok(healthy.every((d) => d.Target!.Id!.startsWith("i-") && d.Target!.Port! > 0));
  const steady = await waitFor("the deployment COMPLETED", async () => {
    const s = await describe(name);
    return s.deployments?.[0]?.rolloutState === "COMPLETED" ? s : undefined;
  });
  const messages = steady.events!.map((e) => e.message!);
  assert.ok(messages.some((m) => m === `(service ${name}) registered 2 targets in (target-group ${tg})` || m === `(service ${name}) registered 1 targets in (target-group ${tg})`), messages.join("\n"));

  // Traffic through the listener reaches both tasks.
  const seen = new Set<string>();
  await waitFor("both tasks answering through the listener", async () => {
    const r = await request(address, port, "/index.html");
    assert.equal(r.status, 200);
    seen.add(r.body.trim());
    return seen.size === 2 ? true : undefined;
  });

  // Scale to 1: one target deregistered (draining, then gone), one task left.
  await ecs.send(new UpdateServiceCommand({ service: name, desiredCount: 1 }));
  await waitFor(
    "one target left",
    async () => {
      const h = await healthOf(tg);
      const s = await describe(name);
      return h.length === 1 && h[0]!.TargetHealth?.State === "healthy" && s.runningCount === 1 ? s : undefined;
    },
    60_000,
  );
  const afterScale = (await describe(name)).events!.map((e) => e.message!);
  assert.ok(afterScale.includes(`(service ${name}) deregistered 1 targets in (target-group ${tg})`), afterScale.join("\n"));
  assert.ok(afterScale.includes(`(service ${name}) has begun draining connections on 1 tasks.`));

  // A rolling deployment under a light constant request loop: no request fails.
  let running = true;
  const results = { ok: 0, failed: [] as string[] };
  const bodies = new Set<string>();
  const loop = (async () => {
    while (running) {
      try {
        const r = await request(address, port, "/index.html");
        if (r.status === 200) {
          results.ok++;
          bodies.add(r.body.trim().split(" ")[1]!);
        } else results.failed.push(`${r.status} ${r.body.slice(0, 80)}`);
      } catch (e) {
        results.failed.push(String(e));
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  try {
    await ecs.send(new UpdateServiceCommand({ service: name, taskDefinition: await register("v2") }));
    await waitFor(
      "the v2 deployment COMPLETED with one healthy target",
      async () => {
        const s = await describe(name);
        const h = await healthOf(tg);
        return s.deployments?.length === 1 && s.deployments[0]!.rolloutState === "COMPLETED" && s.runningCount === 1 && h.length === 1 ? s : undefined;
      },
      120_000,
    );
  } finally {
    running = false;
    await loop;
  }
  assert.deepEqual(results.failed, []);
  assert.ok(results.ok > 0);
  assert.ok(bodies.has("v2"), [...bodies].join(","));

  await ecs.send(new DeleteServiceCommand({ service: name, force: true }));
  await waitFor("the targets gone after DeleteService", async () => ((await healthOf(tg)).length === 0 ? true : undefined), 60_000);
});
