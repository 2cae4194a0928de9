import { test } from "node:test";
import assert from "node:assert/strict";
import type { ContainerInstanceRecord } from "../../../store/store.js";
import { resourcesFromAgent } from "../container-instances/resources.js";
import { instanceDoc } from "../container-instances/view.js";
import { countBucket, move, remainingOf, reserve } from "./instance-accounting.js";

const instance: ContainerInstanceRecord = {
  region: "r",
  cluster: "c",
  id: "a".repeat(32),
  arn: "arn:i",
  ec2InstanceId: "i-1",
  status: "ACTIVE",
  registeredAt: 0,
  doc: {
    version: 1,
    versionInfo: {},
    registeredResources: resourcesFromAgent({ cpu: 2048, memory: 1024, reservedPorts: [22], reservedPortsUdp: [] }),
    remainingResources: resourcesFromAgent({ cpu: 2048, memory: 1024, reservedPorts: [22], reservedPortsUdp: [] }),
    attributes: [],
  },
};
const needs = { cpu: 512, memory: 256, hostPorts: [{ port: 8080, protocol: "tcp" as const }] };

test("placing a task subtracts its needs and counts it pending; RUNNING moves the count; STOPPED gives everything back", () => {
  const placed = reserve(instance, needs);
  assert.deepEqual(remainingOf(instanceDoc(placed)), { cpu: 1536, memory: 768, ports: [22, 8080], portsUdp: [] });
  assert.equal(instanceDoc(placed).pendingTasksCount, 1);
  assert.equal(instanceDoc(placed).version, 2);
  const running = move(placed, needs, "pending", "running")!;
  assert.equal(instanceDoc(running).pendingTasksCount, 0);
  assert.equal(instanceDoc(running).runningTasksCount, 1);
  assert.deepEqual(remainingOf(instanceDoc(running)), remainingOf(instanceDoc(placed)));
  const stopped = move(running, needs, "running", "stopped")!;
  assert.deepEqual(remainingOf(instanceDoc(stopped)), { cpu: 2048, memory: 1024, ports: [22], portsUdp: [] });
  assert.equal(instanceDoc(stopped).runningTasksCount, 0);
  assert.equal(move(stopped, needs, "stopped", "stopped"), undefined);
});

test("count buckets follow lastStatus", () => {
  assert.equal(countBucket("PROVISIONING"), "pending");
  assert.equal(countBucket("PENDING"), "pending");
  // ACTIVATING, RUNNING and DEACTIVATING are all the agent's RUNNING: the control plane's moves among them change no count.
  assert.equal(countBucket("ACTIVATING"), "running");
  assert.equal(countBucket("RUNNING"), "running");
  assert.equal(countBucket("DEACTIVATING"), "running");
  assert.equal(countBucket("STOPPING"), "running");
  assert.equal(countBucket("STOPPED"), "stopped");
});
