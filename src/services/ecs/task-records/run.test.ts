import { test } from "node:test";
import assert from "node:assert/strict";
import { checkCount, checkNetworkConfiguration, compileStrategies, taskTags } from "./run.js";

test("count is 1 to 10", () => {
  checkCount(1);
  checkCount(10);
  assert.throws(() => checkCount(0), /between 1 and 10/);
  assert.throws(() => checkCount(11), /between 1 and 10/);
});

test("networkConfiguration is required for awsvpc and refused otherwise, with ECS's messages", () => {
  assert.throws(() => checkNetworkConfiguration("awsvpc", undefined), /Network Configuration must be provided when networkMode 'awsvpc' is specified\./);
  assert.throws(() => checkNetworkConfiguration("bridge", { awsvpcConfiguration: { subnets: ["s"] } }), /Network Configuration is not valid/);
  assert.throws(() => checkNetworkConfiguration("awsvpc", { awsvpcConfiguration: { subnets: [] } }), /subnets can not be empty/);
  checkNetworkConfiguration("awsvpc", { awsvpcConfiguration: { subnets: ["s"] } });
  checkNetworkConfiguration("bridge", undefined);
});

test("strategies: binpack takes cpu or memory in any case; unknown types are refused", () => {
  assert.deepEqual(compileStrategies([{ type: "binpack", field: "memory" }, { type: "spread", field: "instanceId" }, { type: "random" }]), [
    { kind: "binpack", field: "MEMORY" },
    { kind: "spread", field: "instanceId" },
    { kind: "random" },
  ]);
  assert.throws(() => compileStrategies([{ type: "binpack", field: "disk" }]));
  assert.throws(() => compileStrategies([{ type: "fastest" }]));
});

test("propagated task-definition tags come first; the request's win on the same key", () => {
  assert.deepEqual(taskTags([{ key: "a", value: "req" }], [{ key: "a", value: "td" }, { key: "b", value: "td" }]), [
    { key: "a", value: "req" },
    { key: "b", value: "td" },
  ]);
});
