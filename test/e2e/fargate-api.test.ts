/**
 * FARGATE through the SDK, without Docker: a fake agent (raw, SigV4-signed agent-protocol calls)
 * offers managed capacity (RegisterManagedCapacity), and RunTask's Fargate tasks reach it through
 * PollTasks with no container instance shown anywhere. Also every refusal ECS gives a Fargate
 * RunTask, and the capacity failure when no seat is connected.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateClusterCommand,
  DescribeClustersCommand,
  DescribeTasksCommand,
  ListContainerInstancesCommand,
  ListTasksCommand,
  PutClusterCapacityProvidersCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
} from "@aws-sdk/client-ecs";
import { rejectsWith, useTestServer } from "./harness.js";
import { rawRequest } from "./raw-client.js";
import type { PollTasksResponse, RegisterManagedCapacityRequest } from "../../src/agent-protocol/messages.js";

const env = useTestServer();
const vpc = { awsvpcConfiguration: { subnets: ["subnet-1"] } };

async function agentCall<T = Record<string, unknown>>(operation: string, body: unknown): Promise<T> {
  const res = await rawRequest(env.server.url, {
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `BerthAgentV1.${operation}` },
    body: JSON.stringify(body),
    sign: { service: "berth-agent" },
  });
  assert.equal(res.status, 200, res.text);
  return res.json() as T;
}

const seatRequest = (name: string): RegisterManagedCapacityRequest => ({
  name,
  resources: { cpu: 2048, memory: 4096, reservedPorts: [], reservedPortsUdp: [] },
  attributes: [{ name: "ecs.availability-zone", value: "local-1a" }, { name: "ecs.cpu-architecture", value: "x86_64" }],
  versionInfo: { agentVersion: "0.1.0", dockerVersion: "27.0.0" },
});

const poll = (containerInstanceArn: string) => agentCall<PollTasksResponse>("PollTasks", { containerInstanceArn, waitMs: 0 });

async function registerFargate(family: string, extra: Record<string, unknown> = {}): Promise<void> {
  await env.ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      cpu: "256",
      memory: "512",
      containerDefinitions: [{ name: "web", image: "busybox:latest", command: ["httpd", "-f"], portMappings: [{ containerPort: 80 }] }],
      ...extra,
    }),
  );
}

describe("Fargate with no managed capacity", () => {
  test("RunTask answers ECS's capacity failure when no agent offers managed capacity", async () => {
    await env.ecs.send(new CreateClusterCommand({ clusterName: "none" }));
    await registerFargate("lonely-fargate");
    const run = await env.ecs.send(new RunTaskCommand({ cluster: "none", taskDefinition: "lonely-fargate", launchType: "FARGATE", networkConfiguration: vpc, count: 2 }));
    assert.deepEqual(run.tasks, []);
    assert.deepEqual(run.failures, [
      { reason: "Capacity is unavailable at this time. Please try again later or in a different availability zone" },
      { reason: "Capacity is unavailable at this time. Please try again later or in a different availability zone" },
    ]);
  });
});

describe("Fargate on a fake agent's managed capacity", () => {
  const cluster = "fg";
  let seat: string;
  before(async () => {
    await env.ecs.send(new CreateClusterCommand({ clusterName: cluster, capacityProviders: ["FARGATE", "FARGATE_SPOT"] }));
    await registerFargate("fweb");
    seat = (await agentCall<{ seatArn: string }>("RegisterManagedCapacity", seatRequest("fake-seat"))).seatArn;
  });

  test("re-registering under the same name gives the same seat back", async () => {
    assert.match(seat, /^arn:aws:ecs:us-east-1:\d{12}:berth-managed-capacity\/[0-9a-f]{32}$/);
    const again = await agentCall<{ seatArn: string }>("RegisterManagedCapacity", seatRequest("fake-seat"));
    assert.equal(again.seatArn, seat);
    assert.deepEqual(await agentCall("Heartbeat", { containerInstanceArn: seat }), { status: "ACTIVE" });
  });

  test("a FARGATE task is PROVISIONING with Fargate's fields and no container instance, and reaches the seat's agent", async () => {
    const run = await env.ecs.send(new RunTaskCommand({ cluster, taskDefinition: "fweb", launchType: "FARGATE", networkConfiguration: vpc, platformVersion: "LATEST" }));
    assert.deepEqual(run.failures, []);
    const task = run.tasks![0]!;
    assert.equal(task.lastStatus, "PROVISIONING");
    assert.equal(task.desiredStatus, "RUNNING");
    assert.equal(task.launchType, "FARGATE");
    assert.equal(task.containerInstanceArn, undefined);
    assert.equal(task.capacityProviderName, undefined);
    assert.equal(task.platformVersion, "1.4.0");
    assert.equal(task.platformFamily, "Linux");
    assert.deepEqual(task.ephemeralStorage, { sizeInGiB: 20 });
    assert.equal(task.cpu, "256");
    assert.equal(task.memory, "512");
    const eni = task.attachments![0]!;
    assert.equal(eni.type, "ElasticNetworkInterface");
    const address = eni.details!.find((d) => d.name === "privateIPv4Address")!.value!;
    assert.match(address, /^127\.77\.\d+\.\d+$/);
    assert.equal(task.containers![0]!.networkInterfaces![0]!.privateIpv4Address, address);

    const assigned = await poll(seat);
    const mine = assigned.tasks.find((t) => t.taskArn === task.taskArn);
    assert.ok(mine, JSON.stringify(assigned));
    assert.equal(mine.networkMode, "awsvpc");
    assert.equal(mine.privateIpv4Address, address);
    assert.equal(mine.clusterArn, task.clusterArn);

    // The agent's report moves it on; the seat's tasks are in any cluster.
    await agentCall("SubmitTaskState", {
      containerInstanceArn: seat,
      reports: [{ taskArn: task.taskArn, version: mine.version, lastStatus: "RUNNING", healthStatus: "UNKNOWN", startedAt: Date.now(), containers: [{ name: "web", lastStatus: "RUNNING", networkBindings: [], healthStatus: "UNKNOWN" }] }],
    });
    const described = (await env.ecs.send(new DescribeTasksCommand({ cluster, tasks: [task.taskArn!] }))).tasks![0]!;
    assert.equal(described.lastStatus, "RUNNING");
    assert.equal(described.attachments![0]!.status, "ATTACHED");
    assert.equal(described.containerInstanceArn, undefined);

    // Shown nowhere as a container instance; counted as the cluster's running task.
    assert.deepEqual((await env.ecs.send(new ListContainerInstancesCommand({ cluster }))).containerInstanceArns, []);
    const c = (await env.ecs.send(new DescribeClustersCommand({ clusters: [cluster] }))).clusters![0]!;
    assert.equal(c.registeredContainerInstancesCount, 0);
    assert.equal(c.runningTasksCount, 1);
    const listed = await env.ecs.send(new ListTasksCommand({ cluster, launchType: "FARGATE" }));
    assert.deepEqual(listed.taskArns, [task.taskArn]);
    assert.deepEqual((await env.ecs.send(new ListTasksCommand({ cluster, launchType: "EC2" }))).taskArns, []);

    await env.ecs.send(new StopTaskCommand({ cluster, task: task.taskArn! }));
    const stopping = (await poll(seat)).tasks.find((t) => t.taskArn === task.taskArn)!;
    assert.equal(stopping.desiredStatus, "STOPPED");
  });

  test("a capacity provider strategy names each task's provider; the cluster's default strategy applies when none is given", async () => {
    const run = await env.ecs.send(
      new RunTaskCommand({
        cluster,
        taskDefinition: "fweb",
        networkConfiguration: vpc,
        count: 3,
        capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 1, weight: 0 }, { capacityProvider: "FARGATE_SPOT", weight: 1 }],
      }),
    );
    assert.deepEqual(run.tasks!.map((t) => t.capacityProviderName), ["FARGATE", "FARGATE_SPOT", "FARGATE_SPOT"]);
    assert.ok(run.tasks!.every((t) => t.launchType === "FARGATE" && t.containerInstanceArn === undefined));
    await env.ecs.send(
      new PutClusterCapacityProvidersCommand({ cluster, capacityProviders: ["FARGATE", "FARGATE_SPOT"], defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] }),
    );
    const byDefault = await env.ecs.send(new RunTaskCommand({ cluster, taskDefinition: "fweb", networkConfiguration: vpc }));
    assert.equal(byDefault.tasks![0]!.capacityProviderName, "FARGATE_SPOT");
    assert.equal(byDefault.tasks![0]!.launchType, "FARGATE");
    for (const t of [...run.tasks!, ...byDefault.tasks!]) await env.ecs.send(new StopTaskCommand({ cluster, task: t.taskArn! }));
  });

  test("with two seats, tasks go to the one with fewer tasks first", async () => {
    const second = (await agentCall<{ seatArn: string }>("RegisterManagedCapacity", seatRequest("fake-seat-2"))).seatArn;
    assert.notEqual(second, seat);
    const before = (await poll(seat)).tasks.length;
    const run = await env.ecs.send(new RunTaskCommand({ cluster, taskDefinition: "fweb", launchType: "FARGATE", networkConfiguration: vpc, count: 4 }));
    const arns = run.tasks!.map((t) => t.taskArn!);
    const onFirst = (await poll(seat)).tasks.filter((t) => arns.includes(t.taskArn)).length;
    const onSecond = (await poll(second)).tasks.filter((t) => arns.includes(t.taskArn)).length;
    assert.equal(onFirst + onSecond, 4);
    // The new seat had none: it takes every task until it has as many as the first, then they alternate.
    if (onFirst > 0) assert.ok(Math.abs(before + onFirst - onSecond) <= 1, `first ${before}+${onFirst}, second ${onSecond}`);
    else assert.ok(onSecond <= before + 1);
    for (const arn of arns) await env.ecs.send(new StopTaskCommand({ cluster, task: arn }));
  });

  test("Fargate refusals, with ECS's errors", async () => {
    const run = (extra: Record<string, unknown>, family = "fweb") =>
      env.ecs.send(new RunTaskCommand({ cluster, taskDefinition: family, networkConfiguration: vpc, launchType: "FARGATE", ...extra } as never));
    await rejectsWith(
      run({ capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1 }] }),
      "InvalidParameterException",
      /^Specifying both a launch type and capacity provider strategy is not supported\. Remove one and try again\.$/,
    );
    await env.ecs.send(new RegisterTaskDefinitionCommand({ family: "bridge-only", containerDefinitions: [{ name: "a", image: "busybox", memory: 32 }] }));
    await rejectsWith(
      env.ecs.send(new RunTaskCommand({ cluster, taskDefinition: "bridge-only", launchType: "FARGATE" })),
      "InvalidParameterException",
      /^Task definition does not support launch_type FARGATE\.$/,
    );
    await rejectsWith(
      env.ecs.send(new RunTaskCommand({ cluster, taskDefinition: "fweb", launchType: "FARGATE" })),
      "InvalidParameterException",
      /^Network Configuration must be provided when networkMode 'awsvpc' is specified\.$/,
    );
    await rejectsWith(run({ overrides: { cpu: "1024", memory: "1024" } }), "ClientException", /^No Fargate configuration exists for given values: 1024 CPU, 1024 memory\./);
    await rejectsWith(run({ placementConstraints: [{ type: "distinctInstance" }] }), "InvalidParameterException", /^Placement constraints are not supported with FARGATE launch type\.$/);
    await rejectsWith(run({ platformVersion: "2.0.0" }), "PlatformUnknownException", /platform version/);
    await env.ecs.send(new CreateClusterCommand({ clusterName: "plain" }));
    await rejectsWith(
      env.ecs.send(new RunTaskCommand({ cluster: "plain", taskDefinition: "fweb", networkConfiguration: vpc, capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] })),
      "InvalidParameterException",
      /not associated with the cluster/,
    );
    // None of these made a task.
    assert.deepEqual((await env.ecs.send(new ListTasksCommand({ cluster: "plain" }))).taskArns, []);
  });
});
