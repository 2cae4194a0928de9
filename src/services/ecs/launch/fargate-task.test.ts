import { test } from "node:test";
import assert from "node:assert/strict";
import type { ContainerInstanceRecord } from "../../../store/store.js";
import { newTaskRecord } from "../task-records/run.js";
import { taskView } from "../task-records/view.js";
import { asFargateTask } from "./fargate-task.js";
import { MANAGED_POOL, seatArn } from "./managed-capacity.js";

const ctx = { region: "us-east-1", accountId: "000000000000", now: new Date(1_700_000_000_000) };
const seat: ContainerInstanceRecord = {
  region: "us-east-1",
  cluster: MANAGED_POOL,
  id: "b".repeat(32),
  arn: seatArn(ctx, "b".repeat(32)),
  ec2InstanceId: "i-1",
  status: "ACTIVE",
  registeredAt: 0,
  doc: { version: 1, attributes: [{ name: "ecs.availability-zone", value: "local-1a" }, { name: "ecs.cpu-architecture", value: "x86_64" }] },
};
let n = 0;
const placed = newTaskRecord({
  ctx,
  cluster: { name: "apps", arn: "arn:aws:ecs:us-east-1:000000000000:cluster/apps" },
  id: "c".repeat(32),
  uuid: () => `uuid-${n++}`,
  instance: seat,
  taskDefinitionArn: "arn:aws:ecs:us-east-1:000000000000:task-definition/web:1",
  family: "web",
  definitions: [{ name: "web", image: "busybox" }],
  spec: { containerDefinitions: [{ name: "web", image: "busybox" }], networkMode: "awsvpc", volumes: [], cpu: 256, memory: 512 },
  reserved: { cpu: 256, memory: 512, hostPorts: [] },
  group: "family:web",
  enableExecuteCommand: false,
  privateIpv4Address: "127.77.0.9",
  subnetId: "subnet-1",
});

test("a Fargate task shows no container instance; its record keeps the seat for the agent", () => {
  const record = asFargateTask(placed, { capacityProviderName: "FARGATE_SPOT", platformVersion: "1.4.0", ephemeralStorageGiB: 20 });
  const task = taskView(record);
  assert.equal(task.containerInstanceArn, undefined);
  assert.equal(record.containerInstanceArn, seat.arn);
  assert.equal(record.launchType, "FARGATE");
  assert.equal(task.launchType, "FARGATE");
  assert.equal(task.capacityProviderName, "FARGATE_SPOT");
  assert.equal(task.platformVersion, "1.4.0");
  assert.equal(task.platformFamily, "Linux");
  assert.deepEqual(task.ephemeralStorage, { sizeInGiB: 20 });
  assert.deepEqual(task.fargateEphemeralStorage, { sizeInGiB: 20 });
  assert.equal(task.lastStatus, "PROVISIONING");
  assert.equal(record.lastStatus, "PROVISIONING");
  assert.equal(task.availabilityZone, "local-1a");
  assert.equal(task.cpu, "256");
  assert.equal(task.memory, "512");
  const eni = task.attachments[0]!;
  assert.equal(eni.type, "ElasticNetworkInterface");
  assert.equal(eni.status, "PRECREATED");
  assert.deepEqual(eni.details.find((d) => d.name === "privateIPv4Address"), { name: "privateIPv4Address", value: "127.77.0.9" });
  assert.equal(task.containers[0]!.networkInterfaces[0]!.privateIpv4Address, "127.77.0.9");
});

test("launchType FARGATE (no strategy) shows no capacityProviderName", () => {
  const task = taskView(asFargateTask(placed, { platformVersion: "1.4.0", ephemeralStorageGiB: 30 }));
  assert.equal("capacityProviderName" in task, false);
  assert.deepEqual(task.ephemeralStorage, { sizeInGiB: 30 });
});
