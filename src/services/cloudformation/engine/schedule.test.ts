import { test } from "node:test";
import assert from "node:assert/strict";
import { schedule } from "./schedule.js";

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));

test("schedule: a node starts once its dependencies are done; independent nodes run together", async () => {
  const log: string[] = [];
  const running = new Set<string>();
  let maxRunning = 0;
  const r = await schedule(graph({ A: [], B: [], C: ["A", "B"], D: ["C"] }), async (id) => {
    running.add(id);
    maxRunning = Math.max(maxRunning, running.size);
    log.push(`start ${id}`);
    await new Promise((resolve) => setImmediate(resolve));
    running.delete(id);
    log.push(`end ${id}`);
  });
  assert.deepEqual([...r.done].sort(), ["A", "B", "C", "D"]);
  assert.equal(r.failed.size, 0);
  assert.equal(maxRunning, 2);
  assert.ok(log.indexOf("start C") > log.indexOf("end A") && log.indexOf("start C") > log.indexOf("end B"));
  assert.ok(log.indexOf("start D") > log.indexOf("end C"));
});

test("schedule: after a failure nothing new starts, running steps finish", async () => {
  const started: string[] = [];
  const r = await schedule(graph({ A: [], B: [], C: ["A"], D: ["B"] }), async (id) => {
    started.push(id);
    if (id === "A") throw new Error("A broke");
    await new Promise((resolve) => setImmediate(resolve));
  });
  assert.deepEqual([...r.failed.keys()], ["A"]);
  assert.deepEqual([...r.done], ["B"]);
  assert.deepEqual(started.sort(), ["A", "B"]);
});
