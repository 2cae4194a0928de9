import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { rolloutBounds, rolloutStep, type RolloutTask } from "./rollout.js";

const task = (id: string, o: Partial<RolloutTask> = {}): RolloutTask => ({ id, primary: false, live: true, healthy: true, evict: false, createdAt: 0, ...o });
const old = (n: number) => Array.from({ length: n }, (_, i) => task(`old${i}`));

test("bounds: ceil of the minimum, floor of the maximum (ECS's worked examples)", () => {
  assert.deepEqual(rolloutBounds(4, 50, 200), { minHealthy: 2, maxTotal: 8 });
  assert.deepEqual(rolloutBounds(2, 75, 100), { minHealthy: 2, maxTotal: 2 });
  assert.deepEqual(rolloutBounds(3, 100, 125), { minHealthy: 3, maxTotal: 3 });
  assert.deepEqual(rolloutBounds(0, 100, 200), { minHealthy: 0, maxTotal: 0 });
});

const table: { name: string; desired: number; min: number; max: number; tasks: RolloutTask[]; start: number; stop: string[]; blocked?: boolean }[] = [
  { name: "new service: starts desiredCount", desired: 3, min: 100, max: 200, tasks: [], start: 3, stop: [] },
  { name: "desired 4, min 100, max 200: may start 4 new before stopping any", desired: 4, min: 100, max: 200, tasks: old(4), start: 4, stop: [] },
  { name: "desired 4, min 50, max 100: stops 2 old first", desired: 4, min: 50, max: 100, tasks: old(4), start: 0, stop: ["old0", "old1"] },
  { name: "desired 4, min 0, max 100: stops all 4 old", desired: 4, min: 0, max: 100, tasks: old(4), start: 0, stop: ["old0", "old1", "old2", "old3"] },
  {
    name: "min 100, max 200: one old task goes for each new one that is healthy",
    desired: 4,
    min: 100,
    max: 200,
    tasks: [...old(4), task("n0", { primary: true }), task("n1", { primary: true }), task("n2", { primary: true, healthy: false }), task("n3", { primary: true, healthy: false })],
    start: 0,
    stop: ["old0", "old1"],
  },
  {
    name: "stopping tasks take room until STOPPED",
    desired: 4,
    min: 50,
    max: 100,
    tasks: [task("old0", { live: false, healthy: false }), task("old1", { live: false, healthy: false }), task("old2"), task("old3")],
    start: 0,
    stop: [],
  },
  { name: "desired 2, min 75, max 100: blocked", desired: 2, min: 75, max: 100, tasks: old(2), start: 0, stop: [], blocked: true },
  { name: "scale in: surplus primary tasks go, pending ones first", desired: 1, min: 100, max: 200, tasks: [task("a", { primary: true }), task("b", { primary: true, healthy: false }), task("c", { primary: true })], start: 0, stop: ["b", "c"] },
  { name: "an evicted (draining) task is replaced before it goes under min 100", desired: 2, min: 100, max: 200, tasks: [task("a", { primary: true, evict: true }), task("b", { primary: true })], start: 1, stop: [] },
  { name: "old pending tasks go at once", desired: 2, min: 100, max: 200, tasks: [task("o", { healthy: false }), task("p", { primary: true }), task("q", { primary: true })], start: 0, stop: ["o"] },
];

for (const row of table) {
  test(`rollout step: ${row.name}`, () => {
    const step = rolloutStep({ desired: row.desired, minimumHealthyPercent: row.min, maximumPercent: row.max, tasks: row.tasks, canStart: true });
    assert.deepEqual(step, { start: row.start, stop: row.stop, blocked: row.blocked ?? false });
  });
}

test("no launches while the deployment may not start tasks (circuit breaker, throttle)", () => {
  const step = rolloutStep({ desired: 3, minimumHealthyPercent: 100, maximumPercent: 200, tasks: [], canStart: false });
  assert.deepEqual(step, { start: 0, stop: [], blocked: false });
});

/**
 * A world the rollout steps through: each tick applies the step, then the world moves one
 * notch (stopping tasks become STOPPED, pending ones become healthy, or fail when `fail` says).
 */
interface World {
  tasks: RolloutTask[];
  next: number;
}

function tick(world: World, desired: number, min: number, max: number, failing: (n: number) => boolean): { world: World; step: ReturnType<typeof rolloutStep> } {
  const step = rolloutStep({ desired, minimumHealthyPercent: min, maximumPercent: max, tasks: world.tasks, canStart: true });
  let tasks = world.tasks.map((t) => (step.stop.includes(t.id) ? { ...t, live: false, healthy: false } : t));
  let next = world.next;
  for (let i = 0; i < step.start; i++) tasks.push(task(`t${next++}`, { primary: true, healthy: false, createdAt: next }));
  // The world moves: stopped tasks leave; pending tasks become healthy (or fail and leave).
  tasks = tasks.filter((t) => t.live).map((t) => (t.healthy ? t : { ...t, healthy: true }));
  tasks = tasks.filter((t) => !(t.primary && failing(Number(t.id.slice(1)))));
  return { world: { tasks, next }, step };
}

const config = fc
  .record({ desired: fc.integer({ min: 0, max: 12 }), min: fc.integer({ min: 0, max: 100 }), max: fc.integer({ min: 100, max: 200 }), olds: fc.integer({ min: 0, max: 12 }) })
  .filter((c) => c.olds <= Math.floor((c.desired * c.max) / 100) || c.desired === 0);

test("property: never more than maxTotal occupied, never a stop that takes healthy tasks below minHealthy", () => {
  fc.assert(
    fc.property(config, fc.array(fc.boolean(), { maxLength: 40 }), ({ desired, min, max, olds }, failures) => {
      const { minHealthy, maxTotal } = rolloutBounds(desired, min, max);
      let world: World = { tasks: old(olds), next: 0 };
      for (let i = 0; i < 40; i++) {
        const before = world.tasks;
        const step = rolloutStep({ desired, minimumHealthyPercent: min, maximumPercent: max, tasks: before, canStart: true });
        const occupied = before.length + step.start;
        if (step.start > 0) assert.ok(occupied <= maxTotal, `occupied ${occupied} > ${maxTotal}`);
        const healthyBefore = before.filter((t) => t.live && t.healthy).length;
        const healthyAfter = before.filter((t) => t.live && t.healthy && !step.stop.includes(t.id)).length;
        assert.ok(healthyAfter >= Math.min(minHealthy, healthyBefore), `healthy ${healthyBefore} → ${healthyAfter} under ${minHealthy}`);
        world = tick(world, desired, min, max, (n) => failures[n] === true).world;
      }
    }),
    { numRuns: 300 },
  );
});

test("property: without failures the rollout converges to desiredCount new tasks, or says it is blocked", () => {
  fc.assert(
    fc.property(config, ({ desired, min, max, olds }) => {
      let world: World = { tasks: old(olds), next: 0 };
      for (let i = 0; i < 60; i++) {
        const { world: next, step } = tick(world, desired, min, max, () => false);
        if (step.blocked) {
          const { minHealthy, maxTotal } = rolloutBounds(desired, min, max);
          // Blocked only when neither bound leaves any slack.
          assert.ok(maxTotal <= world.tasks.length && world.tasks.filter((t) => t.healthy).length <= minHealthy);
          return;
        }
        world = next;
      }
      assert.equal(world.tasks.length, desired);
      assert.ok(world.tasks.every((t) => t.primary && t.healthy));
    }),
    { numRuns: 300 },
  );
});
