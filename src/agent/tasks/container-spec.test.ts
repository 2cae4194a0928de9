import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { containerSpec, needsPause, pauseSpec, type SpecContext } from "./container-spec.js";
import { containerLabels, dockerName, pauseDockerName } from "./labels.js";
import { taskVolumeSpecs } from "./volumes.js";
import { observe, reassign, newTask, reportOf, settle } from "./task-state.js";
import { assignedTask, testIdentity } from "./test-support.js";
import type { ContainerState } from "../runtime/runtime.js";

const TASK_ARN = "arn:aws:ecs:us-east-1:000000000000:task/c/7f3a";
const task = (t: Partial<SpecContext["task"]>): SpecContext["task"] => ({ taskArn: TASK_ARN, networkMode: "bridge", volumes: [], ...t });
const ctx = (extra: Partial<SpecContext> = {}): SpecContext => ({
  task: task({}),
  dockerName: "berth-t-web",
  labels: { "com.amazonaws.ecs.container-name": "web" },
  hostIp: "127.0.0.1",
  defaultStopTimeoutSeconds: 30,
  ...extra,
});

describe("containerSpec", () => {
  it("maps every honoured member with ECS's units and defaults", () => {
    const spec = containerSpec(
      {
        name: "web",
        image: "img:1",
        command: ["a", "b"],
        entryPoint: ["sh", "-c"],
        environment: [{ name: "A", value: "1" }, { name: "B" }],
        workingDirectory: "/w",
        user: "nobody",
        hostname: "h",
        dockerLabels: { mine: "x", "com.amazonaws.ecs.container-name": "spoofed" },
        extraHosts: [{ hostname: "db", ipAddress: "127.0.0.9" }],
        dnsServers: ["127.0.0.53"],
        ulimits: [{ name: "nofile", softLimit: 1024, hardLimit: 2048 }],
        linuxParameters: {
          initProcessEnabled: true,
          capabilities: { add: ["NET_ADMIN"], drop: ["MKNOD"] },
          sharedMemorySize: 64,
          tmpfs: [{ containerPath: "/scratch", size: 16, mountOptions: ["rw", "noexec"] }],
        },
        readonlyRootFilesystem: true,
        privileged: false,
        pseudoTerminal: true,
        interactive: true,
        cpu: 256,
        memory: 128,
        memoryReservation: 64,
        healthCheck: { command: ["CMD-SHELL", "true"] },
        portMappings: [{ containerPort: 80 }, { containerPort: 53, hostPort: 5353, protocol: "udp" }],
        logConfiguration: { logDriver: "json-file", options: { "max-size": "1m" } },
      },
      ctx(),
    );
    assert.deepEqual(spec, {
      name: "berth-t-web",
      image: "img:1",
      command: ["a", "b"],
      entrypoint: ["sh", "-c"],
      env: { A: "1", B: "" },
      workingDir: "/w",
      user: "nobody",
      labels: { mine: "x", "com.amazonaws.ecs.container-name": "web" },
      hostname: "h",
      extraHosts: [{ hostname: "db", ipAddress: "127.0.0.9" }],
      dns: ["127.0.0.53"],
      ulimits: [{ name: "nofile", soft: 1024, hard: 2048 }],
      init: true,
      capAdd: ["NET_ADMIN"],
      capDrop: ["MKNOD"],
      shmSizeBytes: 64 * 1024 * 1024,
      tmpfs: { "/scratch": "rw,noexec,size=16m" },
      readonlyRootfs: true,
      privileged: false,
      tty: true,
      openStdin: true,
      cpuShares: 256,
      memoryBytes: 128 * 1024 * 1024,
      memoryReservationBytes: 64 * 1024 * 1024,
      healthcheck: { test: ["CMD-SHELL", "true"], intervalNs: 30e9, timeoutNs: 5e9, retries: 3, startPeriodNs: 0 },
      stopTimeoutSeconds: 30,
      ports: [
        { containerPort: 80, protocol: "tcp", hostIp: "127.0.0.1", hostPort: 0 },
        { containerPort: 53, protocol: "udp", hostIp: "127.0.0.1", hostPort: 5353 },
      ],
      network: { kind: "bridge" },
      logConfig: { type: "json-file", options: { "max-size": "1m" } },
    });
  });

  it("cpu 0 or absent becomes Docker's minimum of 2 shares; stopTimeout from the definition wins", () => {
    const s = containerSpec({ name: "a", image: "i", stopTimeout: 5 }, ctx());
    assert.equal(s.cpuShares, 2);
    assert.equal(s.stopTimeoutSeconds, 5);
    assert.equal(s.memoryBytes, undefined);
  });

  it("awslogs becomes json-file; other drivers pass through", () => {
    assert.deepEqual(containerSpec({ name: "a", image: "i", logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "g" } } }, ctx()).logConfig, { type: "json-file" });
    assert.deepEqual(containerSpec({ name: "a", image: "i", logConfiguration: { logDriver: "none" } }, ctx()).logConfig, { type: "none" });
  });

  it("awsvpc containers join the pause container, without ports, hostname or DNS of their own", () => {
    const s = containerSpec(
      { name: "a", image: "i", hostname: "h", dnsServers: ["1.1.1.1"], portMappings: [{ containerPort: 80 }] },
      ctx({ task: task({ networkMode: "awsvpc", privateIpv4Address: "127.1.0.2" }), pauseContainerId: "p1" }),
    );
    assert.deepEqual(s.network, { kind: "container", containerId: "p1" });
    assert.equal(s.ports, undefined);
    assert.equal(s.hostname, undefined);
    assert.equal(s.dns, undefined);
    assert.throws(() => containerSpec({ name: "a", image: "i" }, ctx({ task: task({ networkMode: "awsvpc" }) })));
  });

  it("an awsvpc container without a pause container holds the namespace: its ports on the task address, the task's network", () => {
    const network = { kind: "network" as const, name: "berth-c", aliases: ["7f3a", "a.7f3a"] };
    const s = containerSpec(
      { name: "a", image: "i", hostname: "h", portMappings: [{ containerPort: 80 }] },
      ctx({ task: task({ networkMode: "awsvpc", privateIpv4Address: "127.1.0.3" }), extras: { env: {}, labels: {}, network } }),
    );
    assert.deepEqual(s.network, network);
    assert.deepEqual(s.ports, [{ containerPort: 80, protocol: "tcp", hostIp: "127.1.0.3", hostPort: 80 }]);
    assert.equal(s.hostname, undefined, "awsvpc refuses hostname, as ECS does");
    assert.equal(needsPause([{ name: "a" }]), false);
    assert.equal(needsPause([{ name: "a" }, { name: "b" }]), true);
  });

  it("the pause container publishes every container's ports on the task address, hostPort = containerPort", () => {
    const p = pauseSpec(
      [{ name: "a", image: "first", portMappings: [{ containerPort: 80 }] }, { name: "b", image: "second", portMappings: [{ containerPort: 9000, protocol: "udp" }] }],
      { dockerName: "x.pause", labels: {}, address: "127.1.0.2" },
    );
    assert.equal(p.image, "first");
    assert.deepEqual(p.ports, [
      { containerPort: 80, protocol: "tcp", hostIp: "127.1.0.2", hostPort: 80 },
      { containerPort: 9000, protocol: "udp", hostIp: "127.1.0.2", hostPort: 9000 },
    ]);
  });

  it("the agent's DNS relay: bridge containers and the awsvpc pause container get it; a task definition's dnsServers win", () => {
    const extras = { env: {}, labels: {}, dns: ["172.30.0.1"] };
    assert.deepEqual(containerSpec({ name: "a", image: "i" }, ctx({ extras })).dns, ["172.30.0.1"]);
    assert.deepEqual(containerSpec({ name: "a", image: "i", dnsServers: ["127.0.0.53"] }, ctx({ extras })).dns, ["127.0.0.53"]);
    assert.equal(containerSpec({ name: "a", image: "i" }, ctx()).dns, undefined);
    const p = pauseSpec([{ name: "a", image: "i" }], { dockerName: "x.pause", labels: {}, address: "127.1.0.2", dns: ["172.30.0.1"] });
    assert.deepEqual(p.dns, ["172.30.0.1"]);
    assert.equal(pauseSpec([{ name: "a", image: "i" }], { dockerName: "x.pause", labels: {}, address: "127.1.0.2" }).dns, undefined);
  });

  it("host and none network modes: as Docker does them, no published ports", () => {
    const host = containerSpec({ name: "a", image: "i", portMappings: [{ containerPort: 80 }] }, ctx({ task: task({ networkMode: "host" }) }));
    assert.deepEqual(host.network, { kind: "host" });
    assert.equal(host.ports, undefined);
    assert.deepEqual(containerSpec({ name: "a", image: "i" }, ctx({ task: task({ networkMode: "none" }) })).network, { kind: "none" });
  });
});

describe("volumes", () => {
  const volumes = [
    { name: "scratch" },
    { name: "logs", host: { sourcePath: "/var/log/app" } },
    { name: "cache", dockerVolumeConfiguration: { scope: "task", driver: "local", driverOpts: { type: "tmpfs", device: "tmpfs" } } },
    { name: "common", dockerVolumeConfiguration: { scope: "shared", autoprovision: true, labels: { team: "a" } } },
    { name: "external", dockerVolumeConfiguration: { scope: "shared" } },
  ];

  it("mount points become bind mounts (host paths) and volume mounts (task-scoped names, shared names); volumesFrom names the sibling", () => {
    const s = containerSpec(
      {
        name: "app",
        image: "i",
        mountPoints: [
          { sourceVolume: "scratch", containerPath: "/s" },
          { sourceVolume: "logs", containerPath: "/logs", readOnly: true },
          { sourceVolume: "cache", containerPath: "/c" },
          { sourceVolume: "common", containerPath: "/common" },
        ],
        volumesFrom: [{ sourceContainer: "side", readOnly: true }, { sourceContainer: "other" }],
      },
      ctx({ task: task({ volumes }) }),
    );
    assert.deepEqual(s.mounts, [
      { kind: "volume", source: "berth-7f3a-scratch", target: "/s", readOnly: false },
      { kind: "bind", source: "/var/log/app", target: "/logs", readOnly: true },
      { kind: "volume", source: "berth-7f3a-cache", target: "/c", readOnly: false },
      { kind: "volume", source: "common", target: "/common", readOnly: false },
    ]);
    assert.deepEqual(s.volumesFrom, [`${dockerName(TASK_ARN, "side")}:ro`, dockerName(TASK_ARN, "other")]);
    assert.equal(containerSpec({ name: "b", image: "i" }, ctx()).mounts, undefined);
  });

  it("the volumes to create: task-scoped ones with the task's labels, shared ones only with autoprovision, never host paths", () => {
    const specs = taskVolumeSpecs({ taskArn: TASK_ARN, volumes }, { task: "label" });
    assert.deepEqual(specs, [
      { name: "berth-7f3a-scratch", labels: { task: "label" } },
      { name: "berth-7f3a-cache", driver: "local", driverOpts: { type: "tmpfs", device: "tmpfs" }, labels: { task: "label" } },
      { name: "common", labels: { team: "a" } },
    ]);
  });

  it("task-level memory bounds containers without their own limit; task-level cpu caps each container", () => {
    const own = containerSpec({ name: "a", image: "i", memory: 64 }, ctx({ task: task({ memory: 512, cpu: 256 }) }));
    assert.equal(own.memoryBytes, 64 * 1024 * 1024);
    assert.equal(own.nanoCpus, 250_000_000);
    const none = containerSpec({ name: "a", image: "i" }, ctx({ task: task({ memory: 512 }) }));
    assert.equal(none.memoryBytes, 512 * 1024 * 1024);
    assert.equal(none.nanoCpus, undefined);
  });

  it("networking extras: the metadata environment and label win over the definition's; bridge joins the cluster network", () => {
    const net = { kind: "network" as const, name: "berth-c-1", aliases: ["web.t"] };
    const extras = { env: { ECS_CONTAINER_METADATA_URI_V4: "http://g:1/v4/x" }, labels: { "berth.metadata-id": "x" }, network: net };
    const def = {
      name: "web",
      image: "i",
      environment: [{ name: "A", value: "1" }, { name: "ECS_CONTAINER_METADATA_URI_V4", value: "mine" }],
      dockerLabels: { "berth.metadata-id": "mine", u: "v" },
      portMappings: [{ containerPort: 80 }],
    };
    const s = containerSpec(def, ctx({ extras }));
    assert.deepEqual(s.env, { A: "1", ECS_CONTAINER_METADATA_URI_V4: "http://g:1/v4/x" });
    assert.equal(s.labels!["berth.metadata-id"], "x");
    assert.equal(s.labels!.u, "v");
    assert.deepEqual(s.network, net);
    assert.equal(s.ports?.length, 1, "ports are still published on the instance's address");
    assert.deepEqual(containerSpec({ name: "a", image: "i" }, ctx({ task: task({ networkMode: "host" }), extras: { ...extras, network: undefined } })).env, extras.env);
    const pause = pauseSpec([{ name: "a", image: "i" }], { dockerName: "x.pause", labels: {}, address: "127.1.0.2", network: net });
    assert.deepEqual(pause.network, net);
  });
});

describe("labels", () => {
  it("name the cluster, task, container, instance and agent; Docker names never clash with the pause container", () => {
    const id = testIdentity();
    const t = assignedTask([]);
    const l = containerLabels(id, t, "web");
    assert.equal(l["com.amazonaws.ecs.task-arn"], t.taskArn);
    assert.equal(l["com.amazonaws.ecs.container-name"], "web");
    assert.equal(l["com.amazonaws.ecs.cluster"], "test");
    assert.equal(l["com.amazonaws.ecs.task-definition-version"], "1");
    assert.equal(l["berth.container-instance-arn"], id.containerInstanceArn);
    assert.equal(l["berth.agent"], id.agentName);
    assert.notEqual(dockerName(t.taskArn, "pause"), pauseDockerName(t.taskArn));
    assert.match(dockerName(t.taskArn, "web"), /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/);
  });
});

describe("task state", () => {
  const state = (over: Partial<ContainerState>): ContainerState => ({
    id: "c1",
    name: "n",
    image: "i",
    imageId: "sha256:a",
    imageDigest: "sha256:a",
    status: "running",
    running: true,
    exitCode: 0,
    oomKilled: false,
    startedAt: new Date(1000),
    health: "none",
    ipAddresses: {},
    ports: [],
    labels: {},
    ...over,
  });

  it("observations move a container forward only; an OOM kill gets ECS's reason", () => {
    const t = newTask(assignedTask([{ name: "a", image: "i" }]));
    const c0 = t.containers[0]!;
    const running = observe(c0, state({}), true);
    assert.equal(running.lastStatus, "RUNNING");
    const dead = observe(running, state({ status: "exited", running: false, exitCode: 137, oomKilled: true, finishedAt: new Date(2000) }), true);
    assert.equal(dead.lastStatus, "STOPPED");
    assert.equal(dead.reason, "OutOfMemoryError: Container killed due to memory usage");
    assert.equal(observe(dead, state({}), true), dead, "a late start event changes nothing");
  });

  it("a newer assignment only moves desiredStatus to STOPPED, and the first stop reason wins", () => {
    const a = assignedTask([{ name: "a", image: "i" }]);
    const t = { ...newTask(a), desiredStatus: "STOPPED" as const, stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited" };
    const after = reassign(t, { ...a, version: 2, desiredStatus: "STOPPED", stopCode: "UserInitiated", stoppedReason: "x" });
    assert.equal(after.stopCode, "EssentialContainerExited");
    assert.equal(after.assigned.version, 2);
    assert.equal(reassign(after, { ...a, version: 1 }), after);
    const back = reassign(newTask({ ...a, desiredStatus: "STOPPED" }), { ...a, version: 3, desiredStatus: "RUNNING" });
    assert.equal(back.desiredStatus, "STOPPED");
  });

  it("settle sets startedAt at RUNNING and executionStoppedAt at STOPPED, never going back", () => {
    let t = newTask(assignedTask([{ name: "a", image: "i" }]));
    t = { ...t, containers: [observe(t.containers[0]!, state({}), true)] };
    t = settle(t, new Date(5));
    assert.equal(reportOf(t).lastStatus, "RUNNING");
    assert.equal(reportOf(t).startedAt, 5);
    t = { ...t, containers: [{ ...t.containers[0]!, lastStatus: "STOPPED" }] };
    t = settle(t, new Date(9));
    assert.equal(reportOf(t).executionStoppedAt, 9);
    assert.equal(reportOf(t).lastStatus, "STOPPED");
  });
});
