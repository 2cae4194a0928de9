/**
 * A Fargate service's control plane killed with SIGKILL in the middle of a rolling deployment:
 * `bin/berth server --no-agent` on a fixed loopback port with one `bin/berth agent
 * --managed-capacity` (its seat outlives the server and reconnects), a 3-task FARGATE service
 * updated to a new revision, the server killed while both revisions have tasks, then started again
 * on the same data directory. The deployment finishes: 3 Fargate tasks of the new revision with
 * their containers running, and no container of a task that is not live. Every
 * container is removed in `after`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { CreateServiceCommand, UpdateServiceCommand, type ECSClient } from "@aws-sdk/client-ecs";
import { useDockerServer } from "./docker-server.js";
import { FARGATE_TASK, registerTaskDefinition, sleeper } from "./busybox-containers.js";
import { serviceProbes } from "./service-probes.js";
import { waitFor as waitUntil } from "./wait-for.js";

const cluster = "fargate-restart";
const family = `fgrestart-${randomBytes(4).toString("hex")}`;
let ecs: ECSClient;
const fx = useDockerServer({
  name: "fargate-restart",
  separateAgents: { cluster },
  fixedPort: true,
  families: [family],
  ready: (f) => (ecs = f.ecs()),
  setUp: (f) => f.agent(["--name", "fg-a", "--memory", "1024", "--managed-capacity"]),
});
const docker = fx.docker;
const probes = serviceProbes(() => ecs, cluster);

// The server may be restarting: a probe that throws is tried again.
const waitFor = <T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 120_000) =>
  waitUntil(what, probe, done, { timeoutMs, retryErrors: true, explain: async () => `stopped tasks: ${JSON.stringify(await probes.stoppedReasons())}` });

const register = (command: string[]) => registerTaskDefinition(ecs, { family, ...FARGATE_TASK, containerDefinitions: [sleeper(fx.image(), { command })] });
const liveTasks = () => probes.liveTasks("web");
const describe = () => probes.describe("web");

test("a Fargate service's server killed with SIGKILL mid-deployment finishes the deployment after restart, with no duplicate or orphaned task", async () => {
  const v1 = await register(["sleep", "3600"]);
  await ecs.send(
    new CreateServiceCommand({ cluster, serviceName: "web", taskDefinition: v1, desiredCount: 3, launchType: "FARGATE", networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-local"] } } }),
  );
  await waitFor("stable v1", describe, (s) => s.deployments?.length === 1 && s.runningCount === 3 && s.deployments[0]!.rolloutState === "COMPLETED");
  const v2 = await register(["sleep", "3601"]);
  await ecs.send(new UpdateServiceCommand({ cluster, service: "web", taskDefinition: v2 }));
  await waitFor("both revisions live", liveTasks, (ts) => ts.some((t) => t.taskDefinitionArn === v1) && ts.some((t) => t.taskDefinitionArn === v2));

  await fx.restart("SIGKILL");

  const s = await waitFor("stable v2", describe, (x) => x.deployments?.length === 1 && x.taskDefinition === v2 && x.runningCount === 3 && x.pendingCount === 0 && x.deployments[0]!.rolloutState === "COMPLETED");
  assert.equal(s.desiredCount, 3);
  const live = await liveTasks();
  assert.equal(live.length, 3);
  assert.ok(live.every((t) => t.taskDefinitionArn === v2 && t.lastStatus === "RUNNING" && t.launchType === "FARGATE" && t.containerInstanceArn === undefined));
  // The live tasks' containers run (a Fargate task also has its network's pause container), and no running container belongs to any other task.
  const liveArns = new Set(live.map((t) => t.taskArn!));
  const running = await waitFor(
    "only the live tasks' containers running",
    () => docker.listContainers({ filters: { label: [`com.amazonaws.ecs.task-definition-family=${family}`] } }),
    (cs) => cs.every((c) => liveArns.has(c.Labels["com.amazonaws.ecs.task-arn"]!)) && new Set(cs.map((c) => c.Labels["com.amazonaws.ecs.task-arn"])).size === 3,
    60_000,
  );
  assert.equal(new Set(running.map((c) => c.Labels["com.amazonaws.ecs.task-arn"])).size, 3);
});
