/**
 * memberOf placement constraints on `task:group` with real containers: `bin/berth server --no-agent`
 * and three `bin/berth agent` processes on this host's one Docker engine, standing for three hosts in
 * three availability zones; host-b carries the custom attribute `role=db`. A service pinned to
 * host-b by attribute, then services that must run beside it (`task:group == service:db`) or away
 * from it (`not(task:group == service:db)`), and one whose group runs nowhere (ECS's "unable to
 * place" event naming the MemberOf reason). Every container is removed in `after`.
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
  DescribeServicesCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  type Service,
  type Task,
} from "@aws-sdk/client-ecs";
import { runBerth, spawnServer, type ServerProcess } from "./spawn-server.js";
import { TEST_CREDENTIALS } from "./harness.js";
import { ensureBusyboxImage } from "../support/busybox-image.js";
import { releaseClusterNetwork } from "../support/cluster-network.js";
import { removeContainers } from "../support/remove-containers.js";

const docker = new Docker();
const dataDir = mkdtempSync(path.join(os.tmpdir(), "berth-memberof-"));
const cluster = "memberof";
const family = `memberof-${randomBytes(4).toString("hex")}`;
let server: ServerProcess;
let ecs: ECSClient;
const children: ReturnType<typeof runBerth>[] = [];
const hosts: Record<string, string> = {};

async function agent(name: string, zone: string, extra: string[] = []): Promise<string> {
  const run = runBerth(["agent", "--endpoint", server.url, "--cluster", cluster, "--name", name, "--memory", "1024", "--attribute", `ecs.availability-zone=${zone}`, ...extra, "--task-cleanup-wait", "1"]);
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
  const image = await ensureBusyboxImage(docker);
  server = await spawnServer(["--data-dir", dataDir, "--no-agent"]);
  ecs = new ECSClient({ endpoint: server.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  hosts.a = await agent("host-a", "us-east-1a");
  hosts.b = await agent("host-b", "us-east-1b", ["--attribute", "role=db"]);
  hosts.c = await agent("host-c", "us-east-1c");
  await ecs.send(new RegisterTaskDefinitionCommand({ family, containerDefinitions: [{ name: "main", image, memory: 32, command: ["sleep", "3600"], stopTimeout: 1 }] }));
});

after(async () => {
  ecs?.destroy();
  for (const c of [...children, server]) if (c && c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGTERM");
  await Promise.all([...children, server].filter(Boolean).map((c) => c.exited));
  const leftovers = await docker.listContainers({ all: true, filters: { label: [`com.amazonaws.ecs.task-definition-family=${family}`] } });
  await removeContainers(docker, leftovers);
  // The agents were stopped while their tasks' containers stood: the cluster network they made goes too.
  await releaseClusterNetwork(`arn:aws:ecs:us-east-1:000000000000:cluster/${cluster}`);
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

async function liveTasks(service: string): Promise<Task[]> {
  const { taskArns } = await ecs.send(new ListTasksCommand({ cluster, serviceName: service }));
  if (!taskArns?.length) return [];
  return (await ecs.send(new DescribeTasksCommand({ cluster, tasks: taskArns }))).tasks ?? [];
}

const runningOn = (tasks: Task[]) => tasks.filter((t) => t.lastStatus === "RUNNING").map((t) => t.containerInstanceArn!).sort();

async function createService(name: string, desiredCount: number, expression: string): Promise<void> {
  await ecs.send(new CreateServiceCommand({ cluster, serviceName: name, taskDefinition: family, desiredCount, placementConstraints: [{ type: "memberOf", expression }] }));
}

test("memberOf on task:group places a service beside, or away from, the tasks of another service", async () => {
  await createService("db", 1, "attribute:role == db");
  const db = await waitFor("db running", () => liveTasks("db"), (ts) => runningOn(ts).length === 1);
  assert.deepEqual(runningOn(db), [hosts.b]);
  assert.equal(db[0]!.group, "service:db");

  // Beside it: only host-b runs a task of group service:db, so the default spread over zones cannot spread.
  await createService("beside", 3, "task:group == service:db");
  const beside = await waitFor("beside running", () => liveTasks("beside"), (ts) => runningOn(ts).length === 3);
  assert.deepEqual(runningOn(beside), [hosts.b, hosts.b, hosts.b]);

  // Away from it: hosts a and c, spread over their two zones.
  await createService("away", 4, "not(task:group == service:db)");
  const away = await waitFor("away running", () => liveTasks("away"), (ts) => runningOn(ts).length === 4);
  assert.deepEqual(runningOn(away), [hosts.a!, hosts.a!, hosts.c!, hosts.c!].sort());

  for (const name of ["db", "beside", "away"]) await ecs.send(new DeleteServiceCommand({ cluster, service: name, force: true }));
  for (const name of ["db", "beside", "away"]) await waitFor(`${name} INACTIVE`, () => describe(name), (s) => s.status === "INACTIVE");
});

test("memberOf on a task group that runs nowhere leaves the service unplaced with ECS's event", async () => {
  await createService("orphan", 1, "task:group == service:nowhere");
  const s = await waitFor("the unable-to-place event", () => describe("orphan"), (x) => (x.events ?? []).some((e) => /unable to place a task/.test(e.message ?? "")));
  const event = s.events!.find((e) => /unable to place a task/.test(e.message ?? ""))!.message!;
  assert.match(event, /^\(service orphan\) was unable to place a task because no container instance met all of its requirements\. The closest matching \(container-instance [0-9a-f-]+\) encountered error "MemberOf placement constraint unsatisfied\."/);
  assert.equal(s.runningCount, 0);
  assert.deepEqual(await liveTasks("orphan"), []);
  await ecs.send(new DeleteServiceCommand({ cluster, service: "orphan", force: true }));
  await waitFor("orphan INACTIVE", () => describe("orphan"), (x) => x.status === "INACTIVE");
});
