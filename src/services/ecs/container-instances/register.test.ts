import { test } from "node:test";
import assert from "node:assert/strict";
import { newEc2InstanceId, newInstanceId, rebaseRemaining } from "./register.js";
import { resource } from "./resources.js";

test("ids look like ECS's: 32 lowercase hex for instances, i- and 17 hex for EC2", () => {
  assert.match(newInstanceId(), /^[0-9a-f]{32}$/);
  assert.match(newEc2InstanceId(), /^i-[0-9a-f]{17}$/);
});

test("re-registering keeps what running tasks use: 2048 CPU with 512 used, re-registered at 4096, leaves 3584", () => {
  const oldRegistered = [resource("CPU", "INTEGER", { integerValue: 2048 }), resource("PORTS", "STRINGSET", { stringSetValue: ["22"] })];
  const oldRemaining = [resource("CPU", "INTEGER", { integerValue: 1536 }), resource("PORTS", "STRINGSET", { stringSetValue: ["22", "8080"] })];
  const registered = [resource("CPU", "INTEGER", { integerValue: 4096 }), resource("PORTS", "STRINGSET", { stringSetValue: ["22", "2375"] }), resource("MEMORY", "INTEGER", { integerValue: 10 })];
  const out = rebaseRemaining(oldRegistered, oldRemaining, registered);
  assert.equal(out[0]!.integerValue, 3584);
  assert.deepEqual(out[1]!.stringSetValue, ["22", "2375", "8080"]);
  assert.equal(out[2]!.integerValue, 10, "a resource new to the instance is all remaining");
});
