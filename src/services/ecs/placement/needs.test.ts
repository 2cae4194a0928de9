import { test } from "node:test";
import assert from "node:assert/strict";
import { parseTaskCpu, parseTaskMemory, taskResourceNeeds } from "./needs.js";

test("task-level cpu and memory win over the containers' sums", () => {
  const needs = taskResourceNeeds({ cpu: "512", memory: "1024", containerDefinitions: [{ cpu: 100, memory: 64 }, { cpu: 100, memory: 64 }] });
  assert.deepEqual(needs, { cpu: 512, memory: 1024, hostPorts: [] });
});

test("without task-level values: cpu sums (absent is 0), memory takes memoryReservation before memory", () => {
  const needs = taskResourceNeeds({ containerDefinitions: [{ cpu: 100, memory: 512, memoryReservation: 128 }, { memory: 256 }] });
  assert.deepEqual(needs, { cpu: 100, memory: 384, hostPorts: [] });
});

test("fixed host ports are reserved per protocol; dynamic ports and awsvpc reserve none", () => {
  const containerDefinitions = [
    { memory: 64, portMappings: [{ containerPort: 80, hostPort: 8080 }, { containerPort: 53, hostPort: 53, protocol: "udp" as const }, { containerPort: 81, hostPort: 0 }, { containerPort: 82 }] },
  ];
  assert.deepEqual(taskResourceNeeds({ networkMode: "bridge", containerDefinitions }).hostPorts, [
    { port: 8080, protocol: "tcp" },
    { port: 53, protocol: "udp" },
  ]);
  assert.deepEqual(taskResourceNeeds({ networkMode: "awsvpc", containerDefinitions }).hostPorts, []);
  assert.deepEqual(taskResourceNeeds({ networkMode: "host", containerDefinitions: [{ memory: 1, portMappings: [{ containerPort: 9000 }] }] }).hostPorts, [{ port: 9000, protocol: "tcp" }]);
});

test("task cpu and memory accept the vCPU and GB forms", () => {
  assert.equal(parseTaskCpu("1 vCPU"), 1024);
  assert.equal(parseTaskCpu("0.25 vcpu"), 256);
  assert.equal(parseTaskMemory("2GB"), 2048);
  assert.equal(parseTaskMemory("512"), 512);
  assert.equal(parseTaskCpu(undefined), undefined);
});
