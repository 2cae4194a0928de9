import { test } from "node:test";
import assert from "node:assert/strict";
import type { TaskRecord } from "../../../store/store.js";
import { reconcileService, type ServiceSnapshot } from "./reconcile.js";
import { taskFacts, type TaskFacts, type TaskTarget } from "./task-health.js";
import type { StoredDeployment } from "./types.js";

const NOW = 1_000_000;
const TG = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/0123456789abcdef";
const deployment = (id: string, o: Partial<StoredDeployment> = {}): StoredDeployment => ({
  id,
  status: "PRIMARY",
  taskDefinition: `td:${id}`,
  createdAt: 0,
  updatedAt: 0,
  rolloutState: "IN_PROGRESS",
  rolloutStateReason: `ECS deployment ${id} in progress.`,
  failedTasks: 0,
  ...o,
});
const target = (n: number, state?: string, reason?: string, description?: string): TaskTarget => ({
  targetGroupArn: TG,
  id: `127.77.0.${n}`,
  port: 80,
  ...(state !== undefined && { health: { state, ...(reason && { reason }), ...(description && { description }) } }),
});
const fact = (id: string, n: number, state: string | undefined, o: Partial<TaskFacts> = {}): TaskFacts => ({
  id,
  arn: `arn:task/${id}`,
  deploymentId: "ecs-svc/1",
  instanceArn: "i1",
  lastStatus: "RUNNING",
  live: true,
  running: true,
  healthy: state === "healthy",
  unhealthy: false,
  failed: false,
  failedToStart: false,
  stopped: false,
  checked: false,
  createdAt: 0,
  targets: [target(n, state)],
  activation: { kind: "active" },
  ...o,
});
/** A task being drained: desired STOPPED, DEACTIVATING (its target draining once deregistered). */
const draining = (id: string, n: number, until: number | undefined, state = "draining"): TaskFacts =>
  fact(id, n, state, { live: false, running: false, healthy: false, lastStatus: "DEACTIVATING", activation: { kind: "deactivating", ...(until !== undefined && { until }) } });
function snapshot(tasks: TaskFacts[], o: { desired?: number; deployments?: StoredDeployment[]; status?: "ACTIVE" | "DRAINING" } = {}): ServiceSnapshot {
  const deployments = o.deployments ?? [deployment("ecs-svc/1")];
  return {
    name: "web",
    status: o.status ?? "ACTIVE",
    doc: {
      desiredCount: o.desired ?? 2,
      schedulingStrategy: "REPLICA",
      deploymentConfiguration: {},
      deployments,
      events: [],
      scheduler: { history: [] },
      taskDefinition: deployments[0]!.taskDefinition,
    },
    tasks,
    instances: [{ arn: "i1", status: "ACTIVE", eligible: true }],
    now: NOW,
    deregistrationDelayMs: { [TG]: 5_000 },
  };
}
const deps = { newDeploymentId: () => "ecs-svc/9000000000000000001" };

test("load balancer decisions, table", async (t) => {
  const cases: { name: string; snap: ServiceSnapshot; register?: unknown; deregister?: unknown; stop?: string[]; events?: string[]; activation?: unknown; start?: number; wakeAt?: number; completed?: boolean }[] = [
    {
      name: "RUNNING tasks not yet registered are registered, one event per group",
      snap: snapshot([fact("a", 1, undefined), fact("b", 2, undefined)]),
      register: [{ targetGroupArn: TG, targets: [{ id: "127.77.0.1", port: 80 }, { id: "127.77.0.2", port: 80 }] }],
      events: [`(service web) registered 2 targets in (target-group ${TG})`],
      completed: false,
    },
    {
      name: "registered but still initial: nothing to do, not steady",
      snap: snapshot([fact("a", 1, "initial"), fact("b", 2, "initial")]),
      register: [],
      events: [],
      completed: false,
    },
    {
      name: "all targets healthy: COMPLETED",
      snap: snapshot([fact("a", 1, "healthy"), fact("b", 2, "healthy")]),
      register: [],
      completed: true,
    },
    {
      name: "a PENDING task is not registered",
      snap: snapshot([fact("a", 1, undefined, { lastStatus: "PENDING", running: false })], { desired: 1 }),
      register: [],
    },
    {
      name: "an ACTIVATING task is registered and activated by the same pass",
      snap: snapshot([fact("a", 1, undefined, { lastStatus: "ACTIVATING", activation: { kind: "activating" } })], { desired: 1 }),
      register: [{ targetGroupArn: TG, targets: [{ id: "127.77.0.1", port: 80 }] }],
      activation: [{ kind: "activate", id: "a", targets: [`${TG} 127.77.0.1:80`] }],
      completed: false,
    },
    {
      name: "an ACTIVATING task whose target is not known yet (no address) stays ACTIVATING",
      snap: snapshot([fact("a", 1, undefined, { lastStatus: "ACTIVATING", activation: { kind: "activating" }, targets: [] })], { desired: 1 }),
      register: [],
      activation: [],
    },
    {
      name: "scale-in stops the task, deregisters it and drains it for the delay",
      snap: snapshot([fact("a", 1, "healthy", { createdAt: 1 }), fact("b", 2, "healthy", { createdAt: 2 })], { desired: 1 }),
      deregister: [{ targetGroupArn: TG, targets: [{ id: "127.77.0.2", port: 80 }] }],
      stop: ["b"],
      activation: [{ kind: "drain", id: "b", until: NOW + 5_000 }],
      events: ["(service web) has begun draining connections on 1 tasks.", `(service web) deregistered 1 targets in (target-group ${TG})`],
      wakeAt: NOW + 5_000,
    },
    {
      name: "a draining task within its delay: no stop, no re-registration, no replacement, counted toward maximumPercent",
      snap: snapshot([fact("a", 1, "healthy"), draining("b", 2, NOW + 1)], { desired: 1 }),
      register: [],
      deregister: [],
      stop: [],
      activation: [],
      start: 0,
      wakeAt: NOW + 1,
    },
    {
      name: "a draining task whose delay has passed is released (its agent stops it)",
      snap: snapshot([fact("a", 1, "healthy"), draining("b", 2, NOW)], { desired: 1 }),
      stop: [],
      deregister: [],
      activation: [{ kind: "release", id: "b" }],
    },
    {
      name: "a task StopTask made DEACTIVATING is deregistered and drains",
      snap: snapshot([fact("a", 1, "healthy"), draining("b", 2, undefined, "healthy")], { desired: 1 }),
      stop: [],
      deregister: [{ targetGroupArn: TG, targets: [{ id: "127.77.0.2", port: 80 }] }],
      activation: [{ kind: "drain", id: "b", until: NOW + 5_000 }],
      events: ["(service web) has begun draining connections on 1 tasks.", `(service web) deregistered 1 targets in (target-group ${TG})`],
    },
    {
      name: "a task stopped before it was registered is released at once",
      snap: snapshot([fact("a", 1, "healthy", { createdAt: 1 }), fact("b", 2, undefined, { createdAt: 2 })], { desired: 1 }),
      stop: ["b"],
      deregister: [],
      activation: [{ kind: "release", id: "b" }],
    },
    {
      name: "a task whose target is unhealthy (after the grace period) is deregistered, drains and is replaced",
      snap: snapshot(
        [fact("a", 1, "healthy"), fact("b", 2, "unhealthy", { unhealthy: true, unhealthyTarget: target(2, "unhealthy", "Target.ResponseCodeMismatch", "Health checks failed with these codes: [500]") })],
      ),
      deregister: [{ targetGroupArn: TG, targets: [{ id: "127.77.0.2", port: 80 }] }],
      stop: ["b"],
      activation: [{ kind: "drain", id: "b", until: NOW + 5_000 }],
      start: 1,
      events: [
        `(service web) (task b) (port 80) is unhealthy in (target-group ${TG}) due to (reason Health checks failed with these codes: [500]).`,
        "(service web) has begun draining connections on 1 tasks.",
        `(service web) deregistered 1 targets in (target-group ${TG})`,
      ],
    },
    {
      name: "a task stopped by someone else (StopTask, a crash) has its target deregistered",
      snap: snapshot([fact("a", 1, "healthy"), fact("b", 2, "unhealthy", { live: false, healthy: false, lastStatus: "STOPPED", running: false, stopped: true })], { desired: 1 }),
      deregister: [{ targetGroupArn: TG, targets: [{ id: "127.77.0.2", port: 80 }] }],
      stop: [],
    },
    {
      name: "a DRAINING service stops its tasks, deregistered and drained first",
      snap: snapshot([fact("a", 1, "healthy")], { status: "DRAINING" }),
      deregister: [{ targetGroupArn: TG, targets: [{ id: "127.77.0.1", port: 80 }] }],
      stop: ["a"],
      activation: [{ kind: "drain", id: "a", until: NOW + 5_000 }],
    },
  ];
  for (const c of cases) {
    await t.test(c.name, () => {
      const plan = reconcileService(c.snap, deps);
      if ("register" in c) assert.deepEqual(plan.register, c.register);
      if ("deregister" in c) assert.deepEqual(plan.deregister, c.deregister);
      if (c.stop) assert.deepEqual(plan.stop.map((s) => s.id), c.stop);
      if ("activation" in c) assert.deepEqual(plan.activation, c.activation);
      if (c.events) for (const e of c.events) assert.ok(plan.events.includes(e), `${e} in ${JSON.stringify(plan.events)}`);
      if (c.events?.length === 0) assert.deepEqual(plan.events, []);
      if (c.start !== undefined) assert.equal(plan.start, c.start);
      if (c.wakeAt !== undefined) assert.equal(plan.wakeAt, c.wakeAt);
      if (c.completed !== undefined) assert.equal(plan.deployments[0]!.rolloutState === "COMPLETED", c.completed);
    });
  }
});

test("applying the plan's drain leaves an empty plan until the delay passes, then a release (level-triggered)", () => {
  const first = reconcileService(snapshot([fact("a", 1, "healthy", { createdAt: 1 }), fact("b", 2, "healthy", { createdAt: 2 })], { desired: 1 }), deps);
  const drain = first.activation[0]!;
  assert.equal(drain.kind, "drain");
  const until = drain.kind === "drain" ? drain.until : 0;
  const again = reconcileService(snapshot([fact("a", 1, "healthy", { createdAt: 1 }), draining("b", 2, until)], { desired: 1 }), deps);
  assert.deepEqual([again.stop, again.register, again.deregister, again.start, again.activation, again.wakeAt], [[], [], [], 0, [], until]);
  const later = reconcileService({ ...snapshot([fact("a", 1, "healthy", { createdAt: 1 }), draining("b", 2, until)], { desired: 1 }), now: until }, deps);
  assert.deepEqual(later.activation, [{ kind: "release", id: "b" }]);
});

test("a drain lasts the longest delay of the groups the task was registered in", () => {
  const TG2 = TG.replace("web/", "api/");
  const two = (id: string, createdAt: number, second: string | undefined) =>
    fact(id, createdAt, "healthy", { createdAt, targets: [target(createdAt, "healthy"), { targetGroupArn: TG2, id: `127.77.0.${createdAt}`, port: 81, ...(second && { health: { state: second } }) }] });
  const snap = (tasks: TaskFacts[]) => ({ ...snapshot(tasks, { desired: 1 }), deregistrationDelayMs: { [TG]: 2_000, [TG2]: 10_000 } });
  const both = reconcileService(snap([two("a", 1, "healthy"), two("b", 2, "healthy")]), deps);
  assert.deepEqual(both.activation, [{ kind: "drain", id: "b", until: NOW + 10_000 }]);
  const firstOnly = reconcileService(snap([two("a", 1, "healthy"), two("b", 2, undefined)]), deps);
  assert.deepEqual(firstOnly.activation, [{ kind: "drain", id: "b", until: NOW + 2_000 }]);
});

test("a stopped task's target whose address a live replacement now has (awsvpc addresses are reused) is not deregistered: no register/deregister flip-flop", () => {
  const gone = { live: false, running: false, stopped: true, lastStatus: "STOPPED", createdAt: 1 };
  // The replacement registered 127.77.0.1:80 again; the stopped task's facts see that registration too.
  const plan = reconcileService(snapshot([fact("old", 1, "initial", gone), fact("new", 1, "initial", { createdAt: 2 })], { desired: 1 }), deps);
  assert.deepEqual([plan.register, plan.deregister, plan.stop], [[], [], []]);
  // Before the replacement registered: its target is registered, the old one (already deregistered) is left alone.
  const before = reconcileService(snapshot([fact("old", 1, undefined, gone), fact("new", 1, undefined, { createdAt: 2 })], { desired: 1 }), deps);
  assert.deepEqual([before.register, before.deregister], [[{ targetGroupArn: TG, targets: [{ id: "127.77.0.1", port: 80 }] }], []]);
  // A stopped task whose address nobody has now is deregistered, as before.
  const alone = reconcileService(snapshot([fact("old", 1, "healthy", gone), fact("new", 2, undefined, { createdAt: 2 })], { desired: 1 }), deps);
  assert.deepEqual(alone.deregister, [{ targetGroupArn: TG, targets: [{ id: "127.77.0.1", port: 80 }] }]);
});

const record = (healthStatus: string, startedAt: number, checked = false): TaskRecord =>
  ({
    id: "t",
    arn: "arn:task/t",
    desiredStatus: "RUNNING",
    lastStatus: "RUNNING",
    createdAt: 0,
    doc: {
      task: { healthStatus, startedAt, containers: [] },
      spec: { containerDefinitions: checked ? [{ name: "app", essential: true, healthCheck: { command: ["true"] } }] : [{ name: "app" }], networkMode: "awsvpc", volumes: [], reserved: {} },
    },
  }) as unknown as TaskRecord;

test("task health with targets: healthy only when every target is healthy; unhealthy after the grace period", () => {
  const timing = { now: 100_000, graceMs: 30_000, settleMs: 40_000 };
  const rows: [string, TaskTarget[], number, { healthy: boolean; unhealthy: boolean; wakeAt?: number }][] = [
    ["no targets known yet", [], 0, { healthy: false, unhealthy: false }],
    ["registered, initial", [target(1, "initial")], 0, { healthy: false, unhealthy: false }],
    ["healthy (settle time does not apply)", [target(1, "healthy")], 99_000, { healthy: true, unhealthy: false }],
    ["unhealthy within the grace period", [target(1, "unhealthy")], 90_000, { healthy: false, unhealthy: false, wakeAt: 120_000 }],
    ["unhealthy after the grace period", [target(1, "unhealthy")], 50_000, { healthy: false, unhealthy: true }],
  ];
  for (const [name, targets, startedAt, want] of rows) {
    const f = taskFacts(record("UNKNOWN", startedAt), timing, targets);
    assert.deepEqual({ healthy: f.healthy, unhealthy: f.unhealthy, ...(f.wakeAt !== undefined && { wakeAt: f.wakeAt }) }, want, name);
  }
  const checked = taskFacts(record("UNKNOWN", 0, true), timing, [target(1, "healthy")]);
  assert.equal(checked.healthy, false, "a container health check must pass too");
});
