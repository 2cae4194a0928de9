import { test } from "node:test";
import assert from "node:assert/strict";
import type { ContainerState } from "../runtime/runtime.js";
import { newTask, type KnownTask } from "../tasks/task-state.js";
import { assignedTask } from "../tasks/test-support.js";
import { containerDocument, networkSample, statsDocument, taskDocument, type MetadataFacts } from "./documents.js";

const at = (s: string) => new Date(`2026-01-02T03:04:${s}.000Z`);

function state(id: string, name: string, ip: Record<string, string>): ContainerState {
  return {
    id,
    name,
    image: "img:1",
    imageId: "sha256:" + "a".repeat(64),
    imageDigest: "sha256:" + "b".repeat(64),
    status: "running",
    running: true,
    exitCode: 0,
    oomKilled: false,
    health: "none",
    createdAt: at("01"),
    startedAt: at("02"),
    ipAddresses: ip,
    ports: [],
    labels: { "com.amazonaws.ecs.container-name": name.slice(name.lastIndexOf("-") + 1) },
  };
}

function running(t: KnownTask): KnownTask {
  return {
    ...t,
    lastStatus: "RUNNING",
    pullStartedAt: at("00"),
    pullStoppedAt: at("01"),
    containers: t.containers.map((c, i) => ({ ...c, lastStatus: "RUNNING", runtimeId: `id${i}`, startedAt: at("02") })),
  };
}

test("bridge: the container document has ECS's fields, its cluster-network address and its bindings", () => {
  const a = assignedTask(
    [
      {
        name: "web",
        image: "img:1",
        cpu: 128,
        memory: 64,
        portMappings: [{ containerPort: 80, hostPort: 0 }],
        logConfiguration: { logDriver: "json-file", options: { "max-size": "1m" } },
        healthCheck: { command: ["CMD", "true"] },
      },
    ],
    { cpu: 512, memory: 1024, launchType: "EC2", availabilityZone: "us-east-1a" },
  );
  a.containers[0]!.containerArn = "arn:aws:ecs:us-east-1:000000000000:container/test/x/1";
  const t = running(newTask(a));
  t.containers[0]!.networkBindings = [{ bindIP: "127.0.0.1", containerPort: 80, hostPort: 49153, protocol: "tcp" }];
  t.containers[0]!.healthStatus = "HEALTHY";
  const f: MetadataFacts = {
    task: t,
    inspected: new Map([["web", state("id0", "berth-x-web", { "berth-test-1": "172.18.0.5" })]]),
    networkName: "berth-test-1",
    subnet: "172.18.0.0/16",
    gateway: "172.18.0.1",
    hostIp: "127.0.0.1",
  };
  assert.deepEqual(containerDocument(f, "web", 4), {
    DockerId: "id0",
    Name: "web",
    DockerName: "berth-x-web",
    Image: "img:1",
    ImageID: "sha256:" + "a".repeat(64),
    Ports: [{ ContainerPort: 80, Protocol: "tcp", HostPort: 49153, HostIp: "127.0.0.1" }],
    Labels: { "com.amazonaws.ecs.container-name": "web" },
    DesiredStatus: "RUNNING",
    KnownStatus: "RUNNING",
    Limits: { CPU: 128, Memory: 64 },
    CreatedAt: "2026-01-02T03:04:01.000Z",
    StartedAt: "2026-01-02T03:04:02.000Z",
    Type: "NORMAL",
    LogDriver: "json-file",
    LogOptions: { "max-size": "1m" },
    ContainerARN: "arn:aws:ecs:us-east-1:000000000000:container/test/x/1",
    Health: { status: "HEALTHY" },
    Networks: [{ NetworkMode: "bridge", IPv4Addresses: ["172.18.0.5"], IPv4SubnetCIDRBlock: "172.18.0.0/16", SubnetGatewayIpv4Address: "172.18.0.1/16" }],
  });
  const v3 = containerDocument(f, "web", 3)!;
  for (const k of ["LogDriver", "ContainerARN", "Health"]) assert.equal(k in v3, false, k);
  assert.deepEqual(v3.Networks, [{ NetworkMode: "bridge", IPv4Addresses: ["172.18.0.5"] }]);

  const task = taskDocument(f, 4, { taskTags: [{ key: "a", value: "1" }], containerInstanceTags: [{ key: "b" }] });
  assert.equal(task.Cluster, a.clusterArn);
  assert.equal(task.TaskARN, a.taskArn);
  assert.equal(task.Family, "fam");
  assert.equal(task.Revision, "1");
  assert.equal(task.DesiredStatus, "RUNNING");
  assert.equal(task.KnownStatus, "RUNNING");
  assert.deepEqual(task.Limits, { CPU: 0.5, Memory: 1024 });
  assert.equal(task.PullStartedAt, "2026-01-02T03:04:00.000Z");
  assert.equal(task.PullStoppedAt, "2026-01-02T03:04:01.000Z");
  assert.equal(task.AvailabilityZone, "us-east-1a");
  assert.equal(task.LaunchType, "EC2");
  assert.deepEqual(task.TaskTags, { a: "1" });
  assert.deepEqual(task.ContainerInstanceTags, { b: "" });
  assert.equal((task.Containers as unknown[]).length, 1);
  assert.equal("TaskTags" in taskDocument(f, 4), false);
  assert.equal("LaunchType" in taskDocument(f, 3), false);
});

test("awsvpc: the task's own address; host: the instance's; none: no address; a stopped container has its exit code", () => {
  const vpc = running(newTask(assignedTask([{ name: "api", image: "img:1", portMappings: [{ containerPort: 8080 }] }], { networkMode: "awsvpc", privateIpv4Address: "127.77.1.2" })));
  const f = (task: KnownTask): MetadataFacts => ({ task, inspected: new Map(), hostIp: "127.0.0.9", region: "eu-west-1" });
  const doc = containerDocument(f(vpc), "api", 4)!;
  assert.deepEqual(doc.Networks, [
    { NetworkMode: "awsvpc", IPv4Addresses: ["127.77.1.2"], AttachmentIndex: 0, IPv4SubnetCIDRBlock: "127.0.0.0/8", PrivateDNSName: "ip-127-77-1-2.eu-west-1.compute.internal" },
  ]);
  assert.deepEqual(doc.Ports, [{ ContainerPort: 8080, Protocol: "tcp", HostPort: 8080, HostIp: "127.77.1.2" }]);
  const host = running(newTask(assignedTask([{ name: "h", image: "img:1" }], { networkMode: "host" })));
  assert.deepEqual(containerDocument(f(host), "h", 4)!.Networks, [{ NetworkMode: "host", IPv4Addresses: ["127.0.0.9"] }]);
  const none = newTask(assignedTask([{ name: "n", image: "img:1" }], { networkMode: "none" }));
  none.containers[0] = { ...none.containers[0]!, lastStatus: "STOPPED", exitCode: 3, finishedAt: at("09") };
  const nd = containerDocument(f({ ...none, desiredStatus: "STOPPED" }), "n", 4)!;
  assert.deepEqual(nd.Networks, [{ NetworkMode: "none", IPv4Addresses: [] }]);
  assert.equal(nd.ExitCode, 3);
  assert.equal(nd.KnownStatus, "STOPPED");
  assert.equal(nd.DesiredStatus, "STOPPED");
  assert.equal(nd.FinishedAt, "2026-01-02T03:04:09.000Z");
  assert.equal(nd.DockerId, "", "never created");
  assert.equal(containerDocument(f(none), "nope", 4), undefined);
});

test("v4 stats add network rates against the previous sample; v3 and first samples are Docker's JSON as is", () => {
  const s1 = { read: "2026-01-02T03:04:00Z", networks: { eth0: { rx_bytes: 1000, tx_bytes: 500 } } };
  const s2 = { read: "2026-01-02T03:04:02Z", networks: { eth0: { rx_bytes: 3000, tx_bytes: 700 }, eth1: { rx_bytes: 0, tx_bytes: 100 } } };
  assert.deepEqual(networkSample(s1), { at: Date.parse(s1.read), rx: 1000, tx: 500 });
  assert.deepEqual(statsDocument(s1, 4), s1);
  assert.deepEqual(statsDocument(s2, 3, networkSample(s1)), s2);
  assert.deepEqual(statsDocument(s2, 4, networkSample(s1)), { ...s2, network_rate_stats: { rx_bytes_per_sec: 1000, tx_bytes_per_sec: 150 } });
  assert.deepEqual(statsDocument({ read: "x" }, 4, networkSample(s1)), { read: "x" });
});
