/**
 * memberOf placement constraints on `task:group` with real containers: `bin/berth server --no-agent`
 * and three `bin/berth agent` processes on this host's one Docker engine, standing for three hosts in
 * three availability zones; host-b carries the custom attribute `role=db`. A service pinned to
 * host-b by attribute, then services that must run beside it (`task:group == service:db`) or away
 * from it (`not(task:group == service:db)`), and one whose group runs nowhere (ECS's "unable to
 * place" event naming the MemberOf reason). Every container is removed in `after`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { CreateServiceCommand, DeleteServiceCommand, type ECSClient, type Task } from "@aws-sdk/client-ecs";
import { useDockerServer, type DockerServer } from "./docker-server.js";
import { registerTaskDefinition, sleeper } from "./busybox-containers.js";
import { serviceProbes } from "./service-probes.js";
import { waitFor } from "./wait-for.js";

const cluster = "memberof";
const family = `memberof-${randomBytes(4).toString("hex")}`;
let ecs: ECSClient;
const hosts: Record<string, string> = {};

const agent = async (f: DockerServer, name: string, zone: string, extra: string[] = []): Promise<string> =>
  (await f.agent(["--name", name, "--memory", "1024", "--attribute", `ecs.availability-zone=${zone}`, ...extra])).arn;

useDockerServer({
  name: "memberof",
  separateAgents: { cluster },
  families: [family],
  ready: (f) => (ecs = f.ecs()),
  setUp: async (f) => {
    hosts.a = await agent(f, "host-a", "us-east-1a");
    hosts.b = await agent(f, "host-b", "us-east-1b", ["--attribute", "role=db"]);
    hosts.c = await agent(f, "host-c", "us-east-1c");
    await registerTaskDefinition(ecs, { family, containerDefinitions: [sleeper(f.image(), { memory: 32, extra: { healthCheck: undefined } })] });
  },
});
const { describe, liveTasks } = serviceProbes(() => ecs, cluster);

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
