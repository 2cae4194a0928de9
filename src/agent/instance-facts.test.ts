import { test } from "node:test";
import assert from "node:assert/strict";
import { PRIVILEGED_CAPABILITY, ecsArchitecture, instanceAttributes, instanceResources } from "./instance-facts.js";

const info = { cpus: 2, memoryBytes: 4 * 1024 ** 3, version: "20.10.24", architecture: "x86_64", os: "linux" };

test("resources: 1024 CPU units per core, memory in MiB, ECS's reserved ports; overrides win", () => {
  assert.deepEqual(instanceResources(info, { region: "us-east-1", attributes: [] }), {
    cpu: 2048,
    memory: 4096,
    reservedPorts: [22, 2375, 2376, 51678, 51679],
    reservedPortsUdp: [],
  });
  const r = instanceResources(info, { region: "us-east-1", cpu: 512, memory: 1000, attributes: [] });
  assert.equal(r.cpu, 512);
  assert.equal(r.memory, 1000);
});

test("attributes: ECS's built-ins, capabilities, and custom ones that override built-ins", () => {
  const attrs = instanceAttributes(info, { region: "eu-west-1", attributes: [{ name: "stack", value: "prod" }, { name: "ecs.instance-type", value: "big" }] });
  const get = (n: string) => attrs.find((a) => a.name === n);
  assert.equal(get("ecs.availability-zone")?.value, "eu-west-1a");
  assert.equal(get("ecs.os-type")?.value, "linux");
  assert.equal(get("ecs.cpu-architecture")?.value, "x86_64");
  assert.equal(get("ecs.instance-type")?.value, "big");
  assert.equal(get("stack")?.value, "prod");
  assert.ok(get("com.amazonaws.ecs.capability.logging-driver.awslogs"));
  assert.equal(attrs.filter((a) => a.name === "ecs.instance-type").length, 1);
});

test("Docker's architecture names become ECS's", () => {
  assert.equal(ecsArchitecture("aarch64"), "arm64");
  assert.equal(ecsArchitecture("x86_64"), "x86_64");
});

test("the privileged-container capability is offered only when the agent allows privileged containers", () => {
  const has = (allowPrivileged: boolean | undefined) =>
    instanceAttributes(info, { region: "us-east-1", attributes: [], allowPrivileged }).some((a) => a.name === PRIVILEGED_CAPABILITY);
  assert.equal(has(undefined), false);
  assert.equal(has(false), false);
  assert.equal(has(true), true);
});
