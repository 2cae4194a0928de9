/**
 * The control plane killed with SIGKILL in the middle of a rolling deployment: `bin/berth server
 * --no-agent` on a fixed loopback port with two `bin/berth agent` processes (which outlive it and
 * reconnect), a 4-task service updated to a new revision, the server killed while both revisions
 * have tasks, then started again on the same data directory. The deployment finishes: 4 tasks of
 * the new revision, each with exactly one running container, and no container of a task that is
 * not live. Every container is removed in `after`.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import Docker from "dockerode";
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type Service,
  type Task,
} from "@aws-sdk/client-ecs";
import { runBerth, spawnServer, type ServerProcess } from "./spawn-server.js";
import { TEST_CREDENTIALS } from "./harness.js";
import { ensureBusyboxImage } from "../support/busybox-image.js";
import { releaseClusterNetwork } from "../support/cluster-network.js";
import { removeContainers } from "../support/remove-containers.js";

const docker = new Docker();
const dataDir = mkdtempSync(path.join(os.tmpdir(), "berth-restart-"));
const cluster = "restart";
const family = `restart-${randomBytes(4).toString("hex")}`;
let port: number;
let server: ServerProcess;
let ecs: ECSClient;
let image: string;
const children: ReturnType<typeof runBerth>[] = [];

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

async function agent(name: string): Promise<void> {
  const run = runBerth(["agent", "--endpoint", server.url, "--cluster", cluster, "--name", name, "--memory", "1024", "--task-cleanup-wait", "1"]);
  children.push(run);
  await new Promise<void>((resolve, reject) => {
    run.child.stdout!.on("data", () => /registered as \S+/.test(run.output()) && resolve());
    run.exited.then((code) => reject(new Error(`agent exited (${code}):\n${run.output()}`)));
  });
}

before(async () => {
  image = await ensureBusyboxImage(docker);
  port = await freePort();
  server = await spawnServer(["--data-dir", dataDir, "--no-agent", "--port", String(port)]);
  ecs = new ECSClient({ endpoint: server.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  await agent("r-a");
  await agent("r-b");
});

after(async () => {
  ecs?.destroy();
  for (const c of [...children, server]) if (c && c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGTERM");
  await Promise.all([...children, server].filter(Boolean).map((c) => c.exited));
  const leftovers = await docker.listContainers({ all: true, filters: { label: [`com.amazonaws.ecs.task-definition-family=${family}`] } });
  await removeContainers(docker, leftovers);
  // The agents were stopped while their tasks' containers stood (or killed): the cluster networks they made go too.
  for (const name of ["restart"]) await releaseClusterNetwork(`arn:aws:ecs:us-east-1:000000000000:cluster/${name}`);
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitFor<T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch {
      // The server may be restarting.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const stopped = await ecs
    .send(new ListTasksCommand({ cluster, desiredStatus: "STOPPED" }))
    .then(async ({ taskArns }) => (taskArns?.length ? (await ecs.send(new DescribeTasksCommand({ cluster, tasks: taskArns.slice(0, 5) }))).tasks ?? [] : []))
    .then((ts) => ts.map((t) => `${t.stopCode}: ${t.stoppedReason} [${t.containers?.map((c) => c.reason).join("; ")}]`))
    .catch(() => []);
  throw new Error(`${what} never happened; stopped tasks: ${JSON.stringify(stopped)}; last seen: ${JSON.stringify(last, null, 1)?.slice(0, 3000)}`);
}

async function register(command: string[]): Promise<string> {
  const res = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      containerDefinitions: [{ name: "main", image, memory: 32, command, stopTimeout: 1, healthCheck: { command: ["CMD-SHELL", "exit 0"], interval: 5, retries: 1, timeout: 2 } }],
    }),
  );
  return res.taskDefinition!.taskDefinitionArn!;
}

async function liveTasks(): Promise<Task[]> {
  const { taskArns } = await ecs.send(new ListTasksCommand({ cluster, serviceName: "web" }));
  if (!taskArns?.length) return [];
  return (await ecs.send(new DescribeTasksCommand({ cluster, tasks: taskArns }))).tasks ?? [];
}

const describe = async (): Promise<Service> => (await ecs.send(new DescribeServicesCommand({ cluster, services: ["web"] }))).services![0]!;

test("a server killed with SIGKILL mid-deployment finishes the deployment after restart, with no duplicate or orphaned task", async () => {
  const v1 = await register(["sleep", "3600"]);
  await ecs.send(new CreateServiceCommand({ cluster, serviceName: "web", taskDefinition: v1, desiredCount: 4 }));
  await waitFor("stable v1", describe, (s) => s.deployments?.length === 1 && s.runningCount === 4 && s.deployments[0]!.rolloutState === "COMPLETED");
  const v2 = await register(["sleep", "3601"]);
  await ecs.send(new UpdateServiceCommand({ cluster, service: "web", taskDefinition: v2 }));
  await waitFor("both revisions live", liveTasks, (ts) => ts.some((t) => t.taskDefinitionArn === v1) && ts.some((t) => t.taskDefinitionArn === v2));

  server.child.kill("SIGKILL");
  await server.exited;
  server = await spawnServer(["--data-dir", dataDir, "--no-agent", "--port", String(port)]);

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
