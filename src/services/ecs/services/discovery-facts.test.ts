import { test } from "node:test";
import assert from "node:assert/strict";
import type { TaskRecord } from "../../../store/store.js";
import { taskEndpoint } from "./discovery-facts.js";

function record(networkMode: string, o: { address?: string; bindings?: { containerPort: number; hostPort?: number; bindIP?: string; protocol?: string }[] } = {}): TaskRecord {
  return {
    region: "r", cluster: "c", id: "t", arn: "arn", family: "f", group: "service:s", desiredStatus: "RUNNING", lastStatus: "RUNNING", launchType: "EC2", version: 1, createdAt: 0,
    doc: {
      task: {
        attachments: o.address ? [{ type: "ElasticNetworkInterface", details: [{ name: "privateIPv4Address", value: o.address }] }] : [],
        containers: [{ name: "web", networkBindings: o.bindings ?? [] }],
      },
      spec: { networkMode, containerDefinitions: [{ name: "web" }] },
    },
  } as unknown as TaskRecord;
}

test("where a task is registered: awsvpc its own address and port or containerPort", () => {
  assert.deepEqual(taskEndpoint(record("awsvpc", { address: "127.77.0.4" }), { registryArn: "r" }), { ipv4: "127.77.0.4" });
  assert.deepEqual(taskEndpoint(record("awsvpc", { address: "127.77.0.4" }), { registryArn: "r", port: 99 }), { ipv4: "127.77.0.4", port: 99 });
  assert.deepEqual(taskEndpoint(record("awsvpc", { address: "127.77.0.4" }), { registryArn: "r", containerName: "web", containerPort: 80 }), { ipv4: "127.77.0.4", port: 80 });
  assert.deepEqual(taskEndpoint(record("awsvpc"), { registryArn: "r" }), {}, "no address yet");
});

test("where a task is registered: bridge the host port bound to containerName/containerPort and its bind address", () => {
  const bound = record("bridge", { bindings: [{ containerPort: 80, hostPort: 32768, bindIP: "127.0.0.1", protocol: "tcp" }, { containerPort: 80, hostPort: 32769, bindIP: "127.0.0.1", protocol: "udp" }] });
  assert.deepEqual(taskEndpoint(bound, { registryArn: "r", containerName: "web", containerPort: 80 }), { ipv4: "127.0.0.1", port: 32768 });
  assert.deepEqual(taskEndpoint(bound, { registryArn: "r", containerName: "web", containerPort: 81 }), {}, "no such binding (yet)");
  assert.deepEqual(taskEndpoint(bound, { registryArn: "r" }), {}, "bridge needs containerName/containerPort");
  assert.deepEqual(taskEndpoint(record("bridge", { bindings: [{ containerPort: 80, hostPort: 32770, bindIP: "0.0.0.0" }] }), { registryArn: "r", containerName: "web", containerPort: 80 }), { ipv4: "127.0.0.1", port: 32770 });
  assert.deepEqual(taskEndpoint(record("host"), { registryArn: "r", containerName: "web", containerPort: 80 }), { ipv4: "127.0.0.1", port: 80 });
});
