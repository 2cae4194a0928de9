import { test } from "node:test";
import assert from "node:assert/strict";
import { applyOverrides, checkOverrides, echoOverrides } from "./overrides.js";

const containers = [
  { name: "web", image: "nginx", command: ["a"], environment: [{ name: "A", value: "1" }, { name: "B", value: "2" }], cpu: 0 },
  { name: "log", image: "busybox" },
];

test("overrides replace command, cpu and memory and merge environment by name", () => {
  const out = applyOverrides(containers, { containerOverrides: [{ name: "web", command: ["sh"], environment: [{ name: "B", value: "x" }, { name: "C", value: "3" }], memory: 64 }] });
  assert.deepEqual(out[0], {
    name: "web",
    image: "nginx",
    command: ["sh"],
    environment: [{ name: "A", value: "1" }, { name: "B", value: "x" }, { name: "C", value: "3" }],
    cpu: 0,
    memory: 64,
  });
  assert.deepEqual(out[1], containers[1]);
});

test("an override for a container the task definition lacks is ECS's InvalidParameterException", () => {
  assert.throws(() => checkOverrides({ containerOverrides: [{ name: "nope" }] }, containers), /Override for container named nope is not a container in the TaskDefinition\./);
  assert.throws(() => checkOverrides({ containerOverrides: [{ name: "web", command: ["x".repeat(9000)] }] }, containers), /at most 8192/);
});

test("the echo lists every container by name, with task-level overrides beside", () => {
  assert.deepEqual(echoOverrides(containers, { cpu: "512", containerOverrides: [{ name: "log", command: ["true"] }] }), {
    containerOverrides: [{ name: "web" }, { name: "log", command: ["true"] }],
    inferenceAcceleratorOverrides: [],
    cpu: "512",
  });
});
