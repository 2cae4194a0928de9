/**
 * The control plane killed with SIGKILL in the middle of a rolling deployment: `bin/berth server
 * --no-agent` on a fixed loopback port with two `bin/berth agent` processes (which outlive it and
 * reconnect), a 4-task service updated to a new revision, the server killed while both revisions
 * have tasks, then started again on the same data directory. The deployment finishes: 4 tasks of
 * the new revision, each with exactly one running container, and no container of a task that is
 * not live. Every container is removed in `after`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { CreateServiceCommand, UpdateServiceCommand, type ECSClient } from "@aws-sdk/client-ecs";
import { useDockerServer } from "./docker-server.js";
import { registerTaskDefinition, sleeper } from "./busybox-containers.js";
import { serviceProbes } from "./service-probes.js";
import { waitFor as waitUntil } from "./wait-for.js";

const cluster = "restart";
const family = `restart-${randomBytes(4).toString("hex")}`;
let ecs: ECSClient;
const fx = useDockerServer({
  name: "restart",
  separateAgents: { cluster },
  fixedPort: true,
  families: [family],
  ready: (f) => (ecs = f.ecs()),
  setUp: async (f) => {
    for (const name of ["r-a", "r-b"]) await f.agent(["--name", name, "--memory", "1024"]);
  },
});
const docker = fx.docker;
const probes = serviceProbes(() => ecs, cluster);

// The server may be restarting: a probe that throws is tried again.
const waitFor = <T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 120_000) =>
  waitUntil(what, probe, done, { timeoutMs, retryErrors: true, explain: async () => `stopped tasks: ${JSON.stringify(await probes.stoppedReasons())}` });

const register = (command: string[]) =>
  registerTaskDefinition(ecs, { family, containerDefinitions: [sleeper(fx.image(), { command, memory: 32 })] });
const liveTasks = () => probes.liveTasks("web");
const describe = () => probes.describe("web");

test("a server killed with SIGKILL mid-deployment finishes the deployment after restart, with no duplicate or orphaned task", async () => {
  const v1 = await register(["sleep", "3600"]);
  await ecs.send(new CreateServiceCommand({ cluster, serviceName: "web", taskDefinition: v1, desiredCount: 4 }));
  await waitFor("stable v1", describe, (s) => s.deployments?.length === 1 && s.runningCount === 4 && s.deployments[0]!.rolloutState === "COMPLETED");
  const v2 = await register(["sleep", "3601"]);
  await ecs.send(new UpdateServiceCommand({ cluster, service: "web", taskDefinition: v2 }));
  await waitFor("both revisions live", liveTasks, (ts) => ts.some((t) => t.taskDefinitionArn === v1) && ts.some((t) => t.taskDefinitionArn === v2));

  await fx.restart("SIGKILL");

  const s = await waitFor("stable v2", describe, (x) => x.deployments?.length === 1 && x.taskDefinition === v2 && x.runningCount === 4 && x.pendingCount === 0 && x.deployments[0]!.rolloutState === "COMPLETED");
  assert.equal(s.desiredCount, 4);
  const live = await liveTasks();
  assert.equal(live.length, 4);
  assert.ok(live.every((t) => t.taskDefinitionArn === v2 && t.lastStatus === "RUNNING"));
  // Each live task has exactly one running container, and no running container belongs to any other task.
  const liveArns = new Set(live.map((t) => t.taskArn!));
  const running = await waitFor(
    "only the live tasks' containers running",
    () => docker.listContainers({ filters: { label: [`com.amazonaws.ecs.task-definition-family=${family}`] } }),
    (cs) => cs.length === 4 && cs.every((c) => liveArns.has(c.Labels["com.amazonaws.ecs.task-arn"]!)),
    60_000,
  );
  assert.equal(new Set(running.map((c) => c.Labels["com.amazonaws.ecs.task-arn"])).size, 4);
});
