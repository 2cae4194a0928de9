import { test } from "node:test";
import assert from "node:assert/strict";
import { activationSteps, type ActivationInput } from "./activation-steps.js";
import type { TaskFacts } from "./task-health.js";

const NOW = 50_000;
const TG = "arn:tg/web";
const task = (id: string, o: Partial<TaskFacts> = {}): TaskFacts => ({
  id,
  arn: `arn:task/${id}`,
  lastStatus: "ACTIVATING",
  live: true,
  running: true,
  healthy: false,
  unhealthy: false,
  failed: false,
  failedToStart: false,
  stopped: false,
  checked: false,
  createdAt: 0,
  activation: { kind: "activating" },
  ...o,
});
const input = (tasks: TaskFacts[], o: Partial<ActivationInput> = {}): ActivationInput => ({
  tasks,
  stopping: new Set(),
  now: NOW,
  registries: false,
  inRegistries: () => true,
  active: true,
  ...o,
});

test("an ACTIVATING task is activated once its target in every group is known", () => {
  const known = task("a", { targets: [{ targetGroupArn: TG, id: "i-1", port: 32768 }] });
  assert.deepEqual(activationSteps(input([known], { delayMs: { [TG]: 1000 } })).steps, [{ kind: "activate", id: "a", targets: [`${TG} i-1:32768`] }]);
  assert.deepEqual(activationSteps(input([task("a", { targets: [] })], { delayMs: { [TG]: 1000 } })).steps, [], "no host port yet");
  assert.deepEqual(activationSteps(input([known], { delayMs: { [TG]: 1000 }, active: false })).steps, [], "not while the service is being deleted");
  assert.deepEqual(activationSteps(input([task("a", { lastStatus: "PENDING", running: false })], { delayMs: {} })).steps, [], "containers not running yet");
});

test("an ACTIVATING task of a service that no longer names a load balancer or registry is activated; a task without activation there is left alone", () => {
  assert.deepEqual(activationSteps(input([task("a")])).steps, [{ kind: "activate", id: "a", targets: [] }]);
  const { activation: _, ...plain } = task("b", { lastStatus: "RUNNING" });
  assert.deepEqual(activationSteps(input([plain])).steps, []);
});

test("a task this plan stops: PENDING is released by the stop itself; running, it drains for its groups' longest delay", () => {
  const registered = task("a", { lastStatus: "RUNNING", activation: { kind: "active" }, targets: [{ targetGroupArn: TG, id: "i-1", port: 1, health: { state: "healthy" } }, { targetGroupArn: "arn:tg/b", id: "i-1", port: 2, health: { state: "healthy" } }] });
  const plan = activationSteps(input([registered, task("p", { lastStatus: "PENDING", running: false })], { stopping: new Set(["a", "p"]), delayMs: { [TG]: 1000, "arn:tg/b": 7000 } }));
  assert.deepEqual(plan.steps, [{ kind: "drain", id: "a", until: NOW + 7000 }]);
  assert.equal(plan.deregister.length, 2);
  assert.equal(plan.draining, 1);
  assert.equal(plan.wakeAt, NOW + 7000);
});

test("a drain's until is kept: nothing before it, a release from it on", () => {
  const draining = task("a", { live: false, running: false, lastStatus: "DEACTIVATING", activation: { kind: "deactivating", until: NOW + 5 } });
  assert.deepEqual(activationSteps(input([draining], { delayMs: { [TG]: 300_000 } })), { steps: [], deregister: [], draining: 0, wakeAt: NOW + 5 });
  assert.deepEqual(activationSteps(input([draining], { now: NOW + 5, delayMs: { [TG]: 300_000 } })).steps, [{ kind: "release", id: "a" }]);
});
