import { test } from "node:test";
import assert from "node:assert/strict";
import { FakeRuntime } from "../runtime/fake-runtime.js";
import { clusterArnOf } from "./task-networking.js";
import { ClusterNetwork, clusterNetworkFilter, clusterNetworkLabels, clusterNetworkName, taskAliases } from "./cluster-network.js";

const ARN = "arn:aws:ecs:us-east-1:000000000000:cluster/prod";

test("one network name per cluster ARN: readable, distinct across regions, a valid Docker name", () => {
  const name = clusterNetworkName(ARN);
  assert.match(name, /^berth-prod-[0-9a-f]{8}$/);
  assert.equal(clusterNetworkName(ARN), name);
  assert.notEqual(clusterNetworkName("arn:aws:ecs:eu-west-1:000000000000:cluster/prod"), name);
  assert.match(clusterNetworkName("arn:aws:ecs:us-east-1:000000000000:cluster/a b"), /^berth-a_b-[0-9a-f]{8}$/);
  assert.deepEqual(clusterNetworkLabels(ARN), { "berth.network": "cluster", "com.amazonaws.ecs.cluster": "prod", "berth.cluster-arn": ARN });
  assert.deepEqual(clusterNetworkFilter(ARN), { "berth.network": "cluster", "berth.cluster-arn": ARN });
});

test("aliases: <container>.<task id> per container; awsvpc's pause container also carries the task id", () => {
  const task = "arn:aws:ecs:us-east-1:000000000000:task/prod/abc123";
  assert.deepEqual(taskAliases(task, ["web"], false), ["web.abc123"]);
  assert.deepEqual(taskAliases(task, ["web", "side car"], true), ["abc123", "web.abc123", "side_car.abc123"]);
});

test("acquire is idempotent; release keeps the network while any container (even created or exited) uses it", async () => {
  const runtime = new FakeRuntime({ images: ["img:1"] });
  const a = new ClusterNetwork(runtime, ARN);
  const b = new ClusterNetwork(runtime, ARN); // a second agent on the same engine
  const [ia, ib] = await Promise.all([a.acquire(), b.acquire()]);
  assert.deepEqual(ia, ib);
  assert.match(ia.gateway, /^\d+\.\d+\.\d+\.\d+$/);
  const id = await runtime.createContainer({ image: "img:1", network: { kind: "network", name: a.name } });
  assert.equal(await b.releaseIfUnused(), false, "a created container uses it");
  await runtime.startContainer(id);
  assert.equal(await a.releaseIfUnused(), false, "a running container uses it");
  runtime.exit(id, 0);
  assert.equal(await a.releaseIfUnused(), false, "an exited container still uses it");
  await runtime.removeContainer(id);
  assert.equal(await a.releaseIfUnused(() => true), false, "the agent still holds a task that will use it");
  assert.equal(await a.releaseIfUnused(), true);
  assert.deepEqual(await runtime.listNetworks(clusterNetworkFilter(ARN)), []);
  assert.equal(await b.releaseIfUnused(), true, "already gone: no failure");
  await b.acquire(); // and it comes back when needed
  assert.equal((await runtime.listNetworks(clusterNetworkFilter(ARN))).length, 1);
  await b.releaseIfUnused();
});

test("a task ARN names its cluster's ARN", () => {
  assert.equal(clusterArnOf("arn:aws:ecs:us-east-1:000000000000:task/prod/abc"), ARN);
});

test("acquires that arrive while one waits its turn share it; each is answered by a check made after the call", async () => {
  const runtime = new FakeRuntime({ images: [] });
  await runtime.ensureNetwork({ name: clusterNetworkName(ARN), labels: clusterNetworkLabels(ARN) });
  let checks = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const list = runtime.listNetworks.bind(runtime);
  runtime.listNetworks = async (filter) => (checks++, await gate, list(filter));
  const net = new ClusterNetwork(runtime, ARN);
  const first = Array.from({ length: 10 }, () => net.acquire()); // none started yet: one check for all
  while (checks === 0) await new Promise((r) => setImmediate(r));
  const later = Array.from({ length: 10 }, () => net.acquire()); // the check above is under way: a fresh one
  release();
  const infos = await Promise.all([...first, ...later]);
  assert.equal(checks, 2);
  assert.ok(infos.every((i) => i.name === clusterNetworkName(ARN)));
});

test("a network that is there is checked with one list call; an absent one is created", async () => {
  const runtime = new FakeRuntime({ images: [] });
  const calls: string[] = [];
  for (const m of ["listNetworks", "ensureNetwork", "inspectNetwork"] as const) {
    const f = (runtime[m] as (...a: unknown[]) => Promise<unknown>).bind(runtime);
    (runtime as unknown as Record<string, unknown>)[m] = async (...a: unknown[]) => (calls.push(m), f(...a));
  }
  const net = new ClusterNetwork(runtime, ARN);
  const created = await net.acquire();
  assert.deepEqual(calls, ["listNetworks", "ensureNetwork", "inspectNetwork"]);
  calls.length = 0;
  assert.deepEqual(await net.acquire(), created);
  assert.deepEqual(calls, ["listNetworks"]);
  await net.releaseIfUnused();
});
