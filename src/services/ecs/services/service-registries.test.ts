import { test } from "node:test";
import assert from "node:assert/strict";
import { reconcileService, type ServiceSnapshot } from "./reconcile.js";
import { planDiscovery, type DiscoveryFacts, type RegistryFacts } from "./service-registries.js";
import type { TaskFacts } from "./task-health.js";
import { checkServiceRegistries, type RegistryLookup } from "./validate.js";
import type { StoredDeployment } from "./types.js";

const NOW = 1_000_000;
const R = "arn:aws:servicediscovery:us-east-1:000000000000:service/srv-aaaaaaaaaaaaaaaa";
const R2 = "arn:aws:servicediscovery:us-east-1:000000000000:service/srv-bbbbbbbbbbbbbbbb";
const attrs = (n: number) => ({ AWS_INSTANCE_IPV4: `127.77.0.${n}`, ECS_SERVICE_NAME: "web", ECS_CLUSTER_NAME: "c" });
const fact = (id: string, o: Partial<TaskFacts> = {}): TaskFacts => ({
  id,
  arn: `arn:task/${id}`,
  deploymentId: "ecs-svc/1",
  instanceArn: "i1",
  lastStatus: "RUNNING",
  live: true,
  running: true,
  healthy: true,
  unhealthy: false,
  failed: false,
  failedToStart: false,
  stopped: false,
  checked: false,
  createdAt: 0,
  ...o,
});
const registry = (registered: Record<string, string | undefined>, o: Partial<RegistryFacts> = {}): RegistryFacts => ({ registryArn: R, current: true, customHealth: false, registered, ...o });
const facts = (registries: RegistryFacts[], tasks: DiscoveryFacts["tasks"]): DiscoveryFacts => ({ registries, tasks });
const known = (n: number, containerHealth?: string) => ({ ...(containerHealth !== undefined && { containerHealth }), attributes: { [R]: attrs(n), [R2]: attrs(n) } });

test("Cloud Map decisions, table", async (t) => {
  const cases: { name: string; facts: DiscoveryFacts; tasks: TaskFacts[]; leaving?: string[]; active?: boolean; want: unknown[] }[] = [
    {
      name: "RUNNING tasks with a known address are registered with their attributes",
      facts: facts([registry({})], { a: known(1), b: known(2) }),
      tasks: [fact("a"), fact("b")],
      want: [
        { kind: "register", registryArn: R, taskId: "a", attributes: attrs(1) },
        { kind: "register", registryArn: R, taskId: "b", attributes: attrs(2) },
      ],
    },
    {
      name: "already registered: nothing to do (level-triggered)",
      facts: facts([registry({ a: undefined })], { a: known(1) }),
      tasks: [fact("a")],
      want: [],
    },
    {
      name: "a PENDING task, or one whose address is not known yet, is not registered",
      facts: facts([registry({})], { b: { attributes: {} } }),
      tasks: [fact("a", { lastStatus: "PENDING", running: false }), fact("b")],
      want: [],
    },
    {
      name: "a task the plan stops (or drains) is deregistered before it stops",
      facts: facts([registry({ a: undefined, b: undefined })], { a: known(1), b: known(2) }),
      tasks: [fact("a"), fact("b")],
      leaving: ["b"],
      want: [{ kind: "deregister", registryArn: R, taskId: "b" }],
    },
    {
      name: "a task stopped by anything else (StopTask, a crash), or gone, is deregistered",
      facts: facts([registry({ a: undefined, gone: undefined })], { a: known(1) }),
      tasks: [fact("a", { live: false })],
      want: [
        { kind: "deregister", registryArn: R, taskId: "a" },
        { kind: "deregister", registryArn: R, taskId: "gone" },
      ],
    },
    {
      name: "custom health: registered with AWS_INIT_HEALTH_STATUS from the container health",
      facts: facts([registry({}, { customHealth: true })], { a: known(1, "UNKNOWN"), b: known(2) }),
      tasks: [fact("a", { checked: true }), fact("b")],
      want: [
        { kind: "register", registryArn: R, taskId: "a", attributes: { ...attrs(1), AWS_INIT_HEALTH_STATUS: "UNHEALTHY" } },
        { kind: "register", registryArn: R, taskId: "b", attributes: { ...attrs(2), AWS_INIT_HEALTH_STATUS: "HEALTHY" } },
      ],
    },
    {
      name: "custom health: the instance's health follows the task's container health",
      facts: facts([registry({ a: "UNHEALTHY", b: "HEALTHY" }, { customHealth: true })], { a: known(1, "HEALTHY"), b: known(2, "UNHEALTHY") }),
      tasks: [fact("a", { checked: true }), fact("b", { checked: true })],
      want: [
        { kind: "health", registryArn: R, taskId: "a", status: "HEALTHY" },
        { kind: "health", registryArn: R, taskId: "b", status: "UNHEALTHY" },
      ],
    },
    {
      name: "no custom health: a checked task is registered only while HEALTHY",
      facts: facts([registry({ b: undefined })], { a: known(1, "UNKNOWN"), b: known(2, "UNHEALTHY"), c: known(3, "HEALTHY") }),
      tasks: [fact("a", { checked: true }), fact("b", { checked: true }), fact("c", { checked: true })],
      want: [
        { kind: "deregister", registryArn: R, taskId: "b" },
        { kind: "register", registryArn: R, taskId: "c", attributes: attrs(3) },
      ],
    },
    {
      name: "a registry the service no longer names loses its instances; the new one gets the tasks",
      facts: facts([registry({ a: undefined }, { current: false }), registry({}, { registryArn: R2 })], { a: known(1) }),
      tasks: [fact("a")],
      want: [
        { kind: "deregister", registryArn: R, taskId: "a" },
        { kind: "register", registryArn: R2, taskId: "a", attributes: attrs(1) },
      ],
    },
    {
      name: "a service being deleted deregisters every task and registers none",
      facts: facts([registry({ a: undefined })], { a: known(1), b: known(2) }),
      tasks: [fact("a"), fact("b")],
      active: false,
      want: [{ kind: "deregister", registryArn: R, taskId: "a" }],
    },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      assert.deepEqual(planDiscovery(c.facts, c.tasks, new Set(c.leaving ?? []), c.active ?? true), c.want);
    });
  }
});

const deployment: StoredDeployment = {
  id: "ecs-svc/1",
  status: "PRIMARY",
  taskDefinition: "td:1",
  createdAt: 0,
  updatedAt: 0,
  rolloutState: "IN_PROGRESS",
  rolloutStateReason: "",
  failedTasks: 0,
};
const snapshot = (tasks: TaskFacts[], discovery: DiscoveryFacts, o: { desired?: number; status?: "ACTIVE" | "DRAINING"; registries?: string[] } = {}): ServiceSnapshot => ({
  name: "web",
  status: o.status ?? "ACTIVE",
  doc: {
    desiredCount: o.desired ?? tasks.length,
    schedulingStrategy: "REPLICA",
    deploymentConfiguration: {},
    deployments: [deployment],
    events: [],
    scheduler: { history: [], ...(o.registries && { registries: o.registries }) },
    taskDefinition: "td:1",
  },
  tasks,
  instances: [{ arn: "i1", status: "ACTIVE", eligible: true }],
  now: NOW,
  discovery,
  registryArns: o.status === "DRAINING" ? [] : [R],
});
const deps = { newDeploymentId: () => "ecs-svc/9000000000000000001" };

test("the reconcile deregisters the task it stops on scale-in, in the same plan", () => {
  const plan = reconcileService(snapshot([fact("a", { createdAt: 1 }), fact("b", { createdAt: 2 })], facts([registry({ a: undefined, b: undefined })], { a: known(1), b: known(2) }), { desired: 1 }), deps);
  assert.deepEqual(plan.stop.map((s) => s.id), ["b"]);
  assert.deepEqual(plan.discovery, [{ kind: "deregister", registryArn: R, taskId: "b" }]);
  assert.deepEqual(plan.scheduler.registries, [R]);
});

test("the reconcile of a service being deleted deregisters every task as it stops them", () => {
  const plan = reconcileService(snapshot([fact("a"), fact("b")], facts([registry({ a: undefined, b: undefined })], { a: known(1), b: known(2) }), { status: "DRAINING", registries: [R] }), deps);
  assert.deepEqual(plan.stop.map((s) => s.id).sort(), ["a", "b"]);
  assert.deepEqual(plan.discovery.map((a) => a.kind), ["deregister", "deregister"]);
  assert.equal(plan.scheduler.registries, undefined);
});

test("the reconcile registers a task replacing a stopped one, and deregisters the stopped one", () => {
  const plan = reconcileService(snapshot([fact("a", { live: false, lastStatus: "STOPPED", running: false, stopped: true }), fact("b")], facts([registry({ a: undefined })], { b: known(2) }), { desired: 1 }), deps);
  assert.deepEqual(plan.discovery, [
    { kind: "deregister", registryArn: R, taskId: "a" },
    { kind: "register", registryArn: R, taskId: "b", attributes: attrs(2) },
  ]);
});

test("CreateService's serviceRegistries checks, with ECS's messages", async (t) => {
  const lookup = (types: string[] | undefined, dns = true): RegistryLookup => () => (types ? { recordTypes: types, dns } : undefined);
  const ok: [string, Parameters<typeof checkServiceRegistries>][] = [
    ["awsvpc + A, registryArn only", ["awsvpc", [{ registryArn: R }], lookup(["A"])]],
    ["awsvpc + SRV with port", ["awsvpc", [{ registryArn: R, port: 80 }], lookup(["A", "SRV"])]],
    ["awsvpc + SRV with containerName/containerPort", ["awsvpc", [{ registryArn: R, containerName: "web", containerPort: 80 }], lookup(["SRV"])]],
    ["bridge + SRV with containerName/containerPort", ["bridge", [{ registryArn: R, containerName: "web", containerPort: 80 }], lookup(["SRV"])]],
    ["HTTP namespace service (no DnsConfig) with a containerPort", ["awsvpc", [{ registryArn: R, containerName: "web", containerPort: 80 }], lookup([], false)]],
    ["no registries", ["bridge", [], lookup(undefined)]],
  ];
  for (const [name, args] of ok) await t.test(`accepts: ${name}`, () => checkServiceRegistries(...args));
  const bad: [string, Parameters<typeof checkServiceRegistries>, RegExp][] = [
    ["two registries", ["awsvpc", [{ registryArn: R }, { registryArn: R2 }], lookup(["A"])], /only one service registry/],
    ["not a Cloud Map service ARN", ["awsvpc", [{ registryArn: "arn:aws:ecs:us-east-1:000000000000:service/x" }], lookup(["A"])], /not a valid AWS Cloud Map service ARN/],
    ["a registry that does not exist", ["awsvpc", [{ registryArn: R }], lookup(undefined)], /does not exist/],
    ["bridge without containerName/containerPort", ["bridge", [{ registryArn: R }], lookup(["SRV"])], /^When specifying 'host' or 'bridge' for networkMode, values for 'containerName' and 'containerPort' must be specified from the task definition\. Registry: arn:/],
    ["awsvpc with port and containerName/containerPort", ["awsvpc", [{ registryArn: R, port: 80, containerName: "web", containerPort: 80 }], lookup(["SRV"])], /^Specify a value for either 'port' or the 'containerName' and 'containerPort' combination, but not both\. Remove one and retry\.$/],
    ["awsvpc + SRV with neither", ["awsvpc", [{ registryArn: R }], lookup(["SRV"])], /has an SRV record/],
    ["awsvpc + A only with a containerPort", ["awsvpc", [{ registryArn: R, containerName: "web", containerPort: 80 }], lookup(["A"])], /^The values specified for serviceRegistries do not require a value for 'containerPort'\. Remove the value and retry\.$/],
    ["awsvpc + A only with a port", ["awsvpc", [{ registryArn: R, port: 80 }], lookup(["A"])], /do not require a value for 'port'/],
    ["none network mode", ["none", [{ registryArn: R }], lookup(["A"])], /'none' network mode/],
  ];
  for (const [name, args, message] of bad) {
    await t.test(`refuses: ${name}`, () => assert.throws(() => checkServiceRegistries(...args), (e: Error & { code?: string }) => e.code === "InvalidParameterException" && message.test(e.message)));
  }
});

test("activation with serviceRegistries: the pass that registers an ACTIVATING task activates it; one its registration waits on (not HEALTHY) stays ACTIVATING", () => {
  const activating = { lastStatus: "ACTIVATING", activation: { kind: "activating" as const } };
  const plan = reconcileService(snapshot([fact("a", activating)], facts([registry({})], { a: known(1) }), { desired: 1 }), deps);
  assert.deepEqual(plan.discovery, [{ kind: "register", registryArn: R, taskId: "a", attributes: attrs(1) }]);
  assert.deepEqual(plan.activation, [{ kind: "activate", id: "a", targets: [] }]);
  const already = reconcileService(snapshot([fact("a", activating)], facts([registry({ a: undefined })], { a: known(1) }), { desired: 1 }), deps);
  assert.deepEqual(already.activation, [{ kind: "activate", id: "a", targets: [] }], "registered before (a restart): activated");
  const unhealthy = reconcileService(snapshot([fact("a", { ...activating, checked: true, healthy: false })], facts([registry({})], { a: known(1, "UNKNOWN") }), { desired: 1 }), deps);
  assert.deepEqual([unhealthy.discovery, unhealthy.activation], [[], []]);
  assert.notEqual(unhealthy.deployments[0]!.rolloutState, "COMPLETED");
});

test("activation with serviceRegistries only: a stopped task is deregistered and released in the same pass (no delay to wait out)", () => {
  const plan = reconcileService(snapshot([fact("a", { createdAt: 1, activation: { kind: "active" } }), fact("b", { createdAt: 2, activation: { kind: "active" } })], facts([registry({ a: undefined, b: undefined })], { a: known(1), b: known(2) }), { desired: 1 }), deps);
  assert.deepEqual(plan.stop.map((s) => s.id), ["b"]);
  assert.deepEqual(plan.discovery, [{ kind: "deregister", registryArn: R, taskId: "b" }]);
  assert.deepEqual(plan.activation, [{ kind: "release", id: "b" }]);
});

test("a DRAINING service goes INACTIVE only once none of its tasks is still draining", () => {
  const deactivating = (until: number) => fact("a", { live: false, running: false, healthy: false, lastStatus: "DEACTIVATING", activation: { kind: "deactivating", until } });
  const waiting = reconcileService(snapshot([deactivating(NOW + 1)], facts([registry({})], {}), { status: "DRAINING" }), deps);
  assert.equal(waiting.status, "DRAINING");
  assert.equal(waiting.wakeAt, NOW + 1);
  const releasing = reconcileService(snapshot([deactivating(NOW)], facts([registry({})], {}), { status: "DRAINING" }), deps);
  assert.deepEqual(releasing.activation, [{ kind: "release", id: "a" }]);
  const released = fact("a", { live: false, running: false, healthy: false, lastStatus: "DEACTIVATING", activation: { kind: "released" } });
  assert.equal(reconcileService(snapshot([released], facts([registry({})], {}), { status: "DRAINING" }), deps).status, "INACTIVE");
});
