import { test } from "node:test";
import assert from "node:assert/strict";
import { resourcesFromAgent, resourcesFromWire } from "./resources.js";

test("an agent's resources become ECS's four standard resources with zero-filled members", () => {
  assert.deepEqual(resourcesFromAgent({ cpu: 2048, memory: 3900, reservedPorts: [22, 2375, 22], reservedPortsUdp: [] }), [
    { name: "CPU", type: "INTEGER", doubleValue: 0, longValue: 0, integerValue: 2048 },
    { name: "MEMORY", type: "INTEGER", doubleValue: 0, longValue: 0, integerValue: 3900 },
    { name: "PORTS", type: "STRINGSET", doubleValue: 0, longValue: 0, integerValue: 0, stringSetValue: ["22", "2375"] },
    { name: "PORTS_UDP", type: "STRINGSET", doubleValue: 0, longValue: 0, integerValue: 0, stringSetValue: [] },
  ]);
  assert.throws(() => resourcesFromAgent({ cpu: -1, memory: 1, reservedPorts: [], reservedPortsUdp: [] }), /cpu/);
  assert.throws(() => resourcesFromAgent({ cpu: 1, memory: 1, reservedPorts: [70000], reservedPortsUdp: [] }), /70000/);
});

test("totalResources keeps extra resources, fills missing standard ones, and refuses duplicates and wrong types", () => {
  const out = resourcesFromWire([{ name: "MEMORY", type: "INTEGER", integerValue: 512 }, { name: "GPU", type: "STRINGSET", stringSetValue: ["0"] }]);
  assert.deepEqual(out.map((r) => [r.name, r.integerValue, r.stringSetValue]), [
    ["CPU", 0, undefined],
    ["MEMORY", 512, undefined],
    ["PORTS", 0, []],
    ["PORTS_UDP", 0, []],
    ["GPU", 0, ["0"]],
  ]);
  assert.throws(() => resourcesFromWire([{ name: "CPU", integerValue: 1 }, { name: "CPU", integerValue: 2 }]), /Duplicate/);
  assert.throws(() => resourcesFromWire([{ name: "CPU", type: "STRINGSET" }]), /INTEGER/);
  assert.throws(() => resourcesFromWire([{ name: "X", type: "FLOAT" }]), /FLOAT/);
});
