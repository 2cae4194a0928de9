/**
 * The task actions end to end without Docker: a fake agent (raw, SigV4-signed agent-protocol
 * calls for `berth-agent`) registers as a container instance, long-polls its assignments and
 * reports task state, while @aws-sdk/client-ecs runs, describes, lists and stops tasks.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DeregisterContainerInstanceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  ListTagsForResourceCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StartTaskCommand,
  StopTaskCommand,
} from "@aws-sdk/client-ecs";
import { rejectsWith, useTestServer } from "./harness.js";
import { rawRequest } from "./raw-client.js";
import type { PollTasksResponse, RegisterAgentRequest, TaskReport } from "../../src/agent-protocol/messages.js";

const env = useTestServer();

async function agentCall<T = Record<string, unknown>>(operation: string, body: unknown): Promise<T> {
  const res = await rawRequest(env.server.url, {
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `BerthAgentV1.${operation}` },
    body: JSON.stringify(body),
    sign: { service: "berth-agent" },
  });
  assert.equal(res.status, 200, res.text);
  return res.json() as T;
}

async function registerAgent(cluster: string, name: string, requires: string[], memory = 1024): Promise<string> {
  const req: RegisterAgentRequest = {
    cluster,
    name,
    resources: { cpu: 2048, memory, reservedPorts: [22, 2375, 2376, 51678, 51679], reservedPortsUdp: [] },
    attributes: [
      { name: "ecs.os-type", value: "linux" },
      { name: "ecs.cpu-architecture", value: "x86_64" },
      { name: "ecs.availability-zone", value: "local-1a" },
      ...requires.map((n) => ({ name: n })),
    ],
    versionInfo: { agentVersion: "0.1.0", dockerVersion: "27.0.0" },
  };
  return (await agentCall<{ containerInstanceArn: string }>("RegisterAgent", req)).containerInstanceArn;
}

const poll = (containerInstanceArn: string, sinceSequence?: number, waitMs = 0) =>
  agentCall<PollTasksResponse>("PollTasks", { containerInstanceArn, ...(sinceSequence !== undefined && { sinceSequence }), waitMs });

const report = (containerInstanceArn: string, reports: TaskReport[]) => agentCall("SubmitTaskState", { containerInstanceArn, reports });

async function registerWeb(family: string, memory = 128, networkMode?: "awsvpc"): Promise<string[]> {
  const out = await env.ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      ...(networkMode && { networkMode }),
      containerDefinitions: [
        {
          name: "web",
          image: "busybox:latest",
          memory,
          command: ["httpd", "-f"],
          portMappings: [{ containerPort: 80, ...(networkMode ? {} : { hostPort: 0 }) }],
          environment: [{ name: "A", value: "1" }],
        },
      ],
    }),
  );
  return (out.taskDefinition?.requiresAttributes ?? []).filter((a) => !a.targetType).map((a) => a.name!);
}

describe("tasks on a fake agent", () => {
  const cluster = "tasks";
  let instance: string;
  let requires: string[];
  before(async () => {
    await env.ecs.send(new CreateClusterCommand({ clusterName: cluster }));
    requires = [...(await registerWeb("web")), ...(await registerWeb("vpc", 64, "awsvpc"))];
    instance = await registerAgent(cluster, "fake-1", requires);
  });

  test("RunTask → PollTasks hands it over → reported RUNNING → DescribeTasks shows it with its bindings", async () => {
    const first = await poll(instance);
    const run = await env.ecs.send(
      new RunTaskCommand({
        cluster,
        taskDefinition: "web",
        startedBy: "e2e",
        overrides: { containerOverrides: [{ name: "web", command: ["sleep", "60"], environment: [{ name: "B", value: "2" }] }] },
      }),
    );
    assert.deepEqual(run.failures, []);
    const task = run.tasks![0]!;
    assert.equal(task.lastStatus, "PENDING");
    assert.equal(task.desiredStatus, "RUNNING");
    assert.equal(task.launchType, "EC2");
    assert.equal(task.group, "family:web");
    assert.equal(task.startedBy, "e2e");
    assert.equal(task.version, 1);
    assert.equal(task.containerInstanceArn, instance);
    assert.equal(task.memory, "128");
    assert.match(task.taskArn!, /^arn:aws:ecs:us-east-1:\d{12}:task\/tasks\/[0-9a-f]{32}$/);
    assert.ok(task.createdAt instanceof Date);
    assert.deepEqual(task.containers!.map((c) => [c.name, c.image, c.lastStatus]), [["web", "busybox:latest", "PENDING"]]);
    assert.deepEqual(task.overrides?.containerOverrides?.[0]?.command, ["sleep", "60"]);
    assert.deepEqual(task.attachments, []);

    const assigned = await poll(instance, first.sequence, 5_000);
    assert.ok(assigned.sequence > first.sequence);
    const a = assigned.tasks.find((x) => x.taskArn === task.taskArn)!;
    assert.equal(a.desiredStatus, "RUNNING");
    assert.equal(a.networkMode, "bridge");
    assert.deepEqual(a.containers[0]!.definition.command, ["sleep", "60"]);
    assert.deepEqual(a.containers[0]!.definition.environment, [{ name: "A", value: "1" }, { name: "B", value: "2" }]);

    const ci = await env.ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: [instance] }));
    assert.equal(ci.containerInstances![0]!.pendingTasksCount, 1);
    assert.equal(ci.containerInstances![0]!.remainingResources!.find((r) => r.name === "MEMORY")!.integerValue, 1024 - 128);

    const now = Date.now();
    await report(instance, [
      {
        taskArn: task.taskArn!,
        version: a.version,
        lastStatus: "RUNNING",
        healthStatus: "UNKNOWN",
        pullStartedAt: now - 20,
        pullStoppedAt: now - 10,
        startedAt: now,
        containers: [
          { name: "web", runtimeId: "c0ffee", lastStatus: "RUNNING", healthStatus: "UNKNOWN", networkBindings: [{ bindIP: "0.0.0.0", containerPort: 80, hostPort: 49153, protocol: "tcp" }] },
        ],
      },
    ]);
    const described = (await env.ecs.send(new DescribeTasksCommand({ cluster, tasks: [task.taskArn!] }))).tasks![0]!;
    assert.equal(described.lastStatus, "RUNNING");
    assert.equal(described.version, 2);
    // startedAt is when berth applied the RUNNING report (ECS records the transition's time), not the agent's clock
    assert.ok(described.startedAt!.getTime() >= now, `startedAt ${described.startedAt?.toISOString()} before the report was sent`);
    assert.equal(described.pullStartedAt?.getTime(), now - 20);
    assert.equal(described.connectivity, "CONNECTED");
    assert.equal(described.containers![0]!.runtimeId, "c0ffee");
    assert.deepEqual(described.containers![0]!.networkBindings, [{ bindIP: "0.0.0.0", containerPort: 80, hostPort: 49153, protocol: "tcp" }]);
    const counts = (await env.ecs.send(new DescribeClustersCommand({ clusters: [cluster] }))).clusters![0]!;
    assert.equal(counts.runningTasksCount, 1);
    assert.equal(counts.pendingTasksCount, 0);

    // StopTask answers at once; the agent sees desired STOPPED; the STOPPED report gives resources back.
    const stopping = await poll(instance);
    const stopped = (await env.ecs.send(new StopTaskCommand({ cluster, task: task.taskArn! }))).task!;
    assert.equal(stopped.desiredStatus, "STOPPED");
    assert.equal(stopped.lastStatus, "RUNNING");
    assert.equal(stopped.stopCode, "UserInitiated");
    assert.equal(stopped.stoppedReason, "Task stopped by user");
    assert.ok(stopped.stoppingAt instanceof Date);
    const toStop = (await poll(instance, stopping.sequence, 5_000)).tasks.find((x) => x.taskArn === task.taskArn)!;
    assert.equal(toStop.desiredStatus, "STOPPED");
    assert.equal(toStop.stopCode, "UserInitiated");
    await report(instance, [
      {
        taskArn: task.taskArn!,
        version: toStop.version,
        lastStatus: "STOPPED",
        healthStatus: "UNKNOWN",
        executionStoppedAt: Date.now(),
        containers: [{ name: "web", runtimeId: "c0ffee", lastStatus: "STOPPED", exitCode: 143, healthStatus: "UNKNOWN", networkBindings: [] }],
      },
    ]);
    const after = (await env.ecs.send(new DescribeTasksCommand({ cluster, tasks: [task.taskArn!] }))).tasks![0]!;
    assert.equal(after.lastStatus, "STOPPED");
    assert.equal(after.stopCode, "UserInitiated");
    assert.equal(after.containers![0]!.exitCode, 143);
    assert.ok(after.stoppedAt instanceof Date);
    assert.ok(!(await poll(instance)).tasks.some((x) => x.taskArn === task.taskArn), "a STOPPED task is no longer assigned");
    const freed = (await env.ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: [instance] }))).containerInstances![0]!;
    assert.equal(freed.remainingResources!.find((r) => r.name === "MEMORY")!.integerValue, 1024);
    assert.equal(freed.runningTasksCount, 0);
  });

  test("a waiting PollTasks is woken by RunTask, and one with nothing new answers the same sequence when waitMs passes", async () => {
    const { sequence } = await poll(instance);
    const idle = await poll(instance, sequence, 50);
    assert.equal(idle.sequence, sequence);
    const waiting = poll(instance, sequence, 20_000);
    const run = await env.ecs.send(new RunTaskCommand({ cluster, taskDefinition: "web" }));
    // A deadline well inside waitMs: a poll that is not woken would only answer when waitMs ends.
    let deadline: NodeJS.Timeout | undefined;
    const woken = await Promise.race([
      waiting,
      new Promise<never>((_, reject) => (deadline = setTimeout(() => reject(new Error("PollTasks was not woken by RunTask")), 10_000))),
    ]).finally(() => clearTimeout(deadline));
    assert.ok(woken.sequence > sequence);
    assert.ok(woken.tasks.some((x) => x.taskArn === run.tasks![0]!.taskArn));
    await env.ecs.send(new StopTaskCommand({ cluster, task: run.tasks![0]!.taskArn! }));
  });

  test("a task too big for every instance is a RESOURCE:MEMORY failure", async () => {
    await registerWeb("huge", 4096);
    const run = await env.ecs.send(new RunTaskCommand({ cluster, taskDefinition: "huge" }));
    assert.deepEqual(run.tasks, []);
    assert.deepEqual(run.failures, [{ arn: instance, reason: "RESOURCE:MEMORY" }]);
  });

  test("an awsvpc task gets its own loopback address as an ENI attachment", async () => {
    await rejectsWith(env.ecs.send(new RunTaskCommand({ cluster, taskDefinition: "vpc" })), "InvalidParameterException", /Network Configuration must be provided/);
    const run = await env.ecs.send(
      new RunTaskCommand({ cluster, taskDefinition: "vpc", count: 2, networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-1"] } } }),
    );
    const addresses = run.tasks!.map((x) => x.attachments![0]!.details!.find((d) => d.name === "privateIPv4Address")!.value);
    assert.equal(new Set(addresses).size, 2);
    for (const a of addresses) assert.match(a!, /^127\.77\.\d+\.\d+$/);
    assert.equal(run.tasks![0]!.attachments![0]!.type, "ElasticNetworkInterface");
    assert.equal(run.tasks![0]!.containers![0]!.networkInterfaces![0]!.privateIpv4Address, addresses[0]);
    const polled = await poll(instance);
    assert.ok(polled.tasks.some((x) => x.privateIpv4Address === addresses[0]));
    for (const x of run.tasks!) await env.ecs.send(new StopTaskCommand({ cluster, task: x.taskArn! }));
  });

  test("ListTasks filters by family, startedBy, desiredStatus and instance, and pages", async () => {
    const run = await env.ecs.send(new RunTaskCommand({ cluster, taskDefinition: "web", count: 3, startedBy: "lister" }));
    assert.equal(run.tasks!.length, 3);
    const arns = run.tasks!.map((x) => x.taskArn!).sort();
    const list = async (input: Omit<ConstructorParameters<typeof ListTasksCommand>[0], "cluster">) =>
      ((await env.ecs.send(new ListTasksCommand({ cluster, ...input }))).taskArns ?? []).sort();
    assert.deepEqual(await list({ startedBy: "lister" }), arns);
    assert.deepEqual(await list({ family: "web" }), arns);
    assert.deepEqual(await list({ family: "web", containerInstance: instance }), arns);
    assert.deepEqual(await list({ family: "huge" }), []);
    assert.deepEqual(await list({ desiredStatus: "PENDING" }), []);
    await rejectsWith(list({ serviceName: "nope" }), "ServiceNotFoundException");
    assert.ok((await list({ desiredStatus: "STOPPED" })).length >= 3, "the stopped tasks of earlier tests");
    await rejectsWith(env.ecs.send(new ListTasksCommand({ cluster, startedBy: "lister", family: "web" })), "InvalidParameterException");
    const p1 = await env.ecs.send(new ListTasksCommand({ cluster, family: "web", maxResults: 2 }));
    assert.equal(p1.taskArns!.length, 2);
    const p2 = await env.ecs.send(new ListTasksCommand({ cluster, family: "web", maxResults: 2, nextToken: p1.nextToken }));
    assert.equal(p2.nextToken, undefined);
    assert.deepEqual([...p1.taskArns!, ...p2.taskArns!].sort(), arns);
    for (const arn of arns) await env.ecs.send(new StopTaskCommand({ cluster, task: arn, reason: "done listing" }));
    const stopped = await env.ecs.send(new DescribeTasksCommand({ cluster, tasks: [arns[0]!] }));
    assert.equal(stopped.tasks![0]!.stoppedReason, "done listing");
  });

  test("DescribeTasks reports unknown tasks as MISSING and shows tags only with include TAGS; StopTask deletes them", async () => {
    const run = await env.ecs.send(new RunTaskCommand({ cluster, taskDefinition: "web", tags: [{ key: "team", value: "a" }] }));
    const arn = run.tasks![0]!.taskArn!;
    assert.deepEqual(run.tasks![0]!.tags, [{ key: "team", value: "a" }]);
    const d = await env.ecs.send(new DescribeTasksCommand({ cluster, tasks: [arn, "f".repeat(32)], include: ["TAGS"] }));
    assert.deepEqual(d.tasks![0]!.tags, [{ key: "team", value: "a" }]);
    assert.equal(d.failures![0]!.reason, "MISSING");
    assert.match(d.failures![0]!.arn!, new RegExp(`task/${cluster}/${"f".repeat(32)}$`));
    assert.equal((await env.ecs.send(new DescribeTasksCommand({ cluster, tasks: [arn] }))).tasks![0]!.tags, undefined);
    assert.deepEqual((await env.ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, [{ key: "team", value: "a" }]);
    await env.ecs.send(new StopTaskCommand({ cluster, task: arn }));
    assert.deepEqual((await env.ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, []);
  });

  test("a clientToken returns the first call's tasks; reused with other parameters it is a ConflictException", async () => {
    const one = await env.ecs.send(new RunTaskCommand({ cluster, taskDefinition: "web", clientToken: "tok-1" }));
    const two = await env.ecs.send(new RunTaskCommand({ cluster, taskDefinition: "web", clientToken: "tok-1" }));
    assert.equal(two.tasks![0]!.taskArn, one.tasks![0]!.taskArn);
    await rejectsWith(env.ecs.send(new RunTaskCommand({ cluster, taskDefinition: "web", clientToken: "tok-1", startedBy: "x" })), "ConflictException");
    await env.ecs.send(new StopTaskCommand({ cluster, task: one.tasks![0]!.taskArn! }));
  });

  test("RunTask refusals: unknown and inactive task definitions, Fargate, bad count, unknown override; StopTask of an unknown task", async () => {
    await rejectsWith(env.ecs.send(new RunTaskCommand({ cluster, taskDefinition: "nope" })), "ClientException", /Unable to describe task definition\./);
    await registerWeb("old");
    await env.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: "old:1" }));
    await rejectsWith(env.ecs.send(new RunTaskCommand({ cluster, taskDefinition: "old:1" })), "ClientException", /^TaskDefinition is inactive$/);
    await rejectsWith(env.ecs.send(new RunTaskCommand({ cluster, taskDefinition: "web", count: 11 })), "InvalidParameterException");
    await rejectsWith(env.ecs.send(new RunTaskCommand({ cluster, taskDefinition: "web", launchType: "FARGATE" })), "InvalidParameterException", /Fargate|FARGATE/);
    await rejectsWith(
      env.ecs.send(new RunTaskCommand({ cluster, taskDefinition: "web", overrides: { containerOverrides: [{ name: "other" }] } })),
      "InvalidParameterException",
      /Override for container named other is not a container in the TaskDefinition\./,
    );
    await rejectsWith(env.ecs.send(new StopTaskCommand({ cluster, task: "f".repeat(32) })), "InvalidParameterException", /The referenced task was not found\./);
  });
});

describe("clusters and tasks", () => {
  test("a cluster with no container instances answers ECS's InvalidParameterException", async () => {
    await env.ecs.send(new CreateClusterCommand({ clusterName: "empty" }));
    await registerWeb("lonely");
    await rejectsWith(env.ecs.send(new RunTaskCommand({ cluster: "empty", taskDefinition: "lonely" })), "InvalidParameterException", /No Container Instances were found in your cluster\./);
  });

  test("a task on an instance deregistered by force is STOPPED with ECS's reason, and then the cluster can be deleted", async () => {
    await env.ecs.send(new CreateClusterCommand({ clusterName: "busy" }));
    const requires = await registerWeb("busy-web");
    const instance = await registerAgent("busy", "fake-busy", requires);
    const run = await env.ecs.send(new RunTaskCommand({ cluster: "busy", taskDefinition: "busy-web" }));
    const arn = run.tasks![0]!.taskArn!;
    await env.ecs.send(new DeregisterContainerInstanceCommand({ cluster: "busy", containerInstance: instance, force: true }));
    // The lost-instance sweep records the task STOPPED (nothing will ever report it again).
    const deadline = Date.now() + 10_000;
    let task = (await env.ecs.send(new DescribeTasksCommand({ cluster: "busy", tasks: [arn] }))).tasks![0]!;
    while (task.lastStatus !== "STOPPED" && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      task = (await env.ecs.send(new DescribeTasksCommand({ cluster: "busy", tasks: [arn] }))).tasks![0]!;
    }
    assert.equal(task.lastStatus, "STOPPED");
    assert.equal(task.stoppedReason, "Container instance deregistration forced by user");
    const deleted = await env.ecs.send(new DeleteClusterCommand({ cluster: "busy" }));
    assert.equal(deleted.cluster!.status, "INACTIVE");
  });
});

describe("StartTask", () => {
  const cluster = "starts";
  let instance: string;
  before(async () => {
    await env.ecs.send(new CreateClusterCommand({ clusterName: cluster }));
    const requires = [...(await registerWeb("start-web")), ...(await registerWeb("start-huge", 4096))];
    instance = await registerAgent(cluster, "fake-start", requires);
  });

  test("StartTask on the fake agent's instance → PollTasks hands it over, resources reserved", async () => {
    const first = await poll(instance);
    const id = instance.split("/").pop()!;
    const started = await env.ecs.send(new StartTaskCommand({ cluster, taskDefinition: "start-web", containerInstances: [id], startedBy: "e2e-start" }));
    assert.deepEqual(started.failures, []);
    const task = started.tasks![0]!;
    assert.equal(task.containerInstanceArn, instance);
    assert.equal(task.lastStatus, "PENDING");
    assert.equal(task.desiredStatus, "RUNNING");
    assert.equal(task.group, "family:start-web");
    assert.equal(task.startedBy, "e2e-start");
    const assigned = await poll(instance, first.sequence, 5_000);
    assert.ok(assigned.tasks.some((x) => x.taskArn === task.taskArn && x.desiredStatus === "RUNNING"));
    const ci = (await env.ecs.send(new DescribeContainerInstancesCommand({ cluster, containerInstances: [instance] }))).containerInstances![0]!;
    assert.equal(ci.remainingResources!.find((r) => r.name === "MEMORY")!.integerValue, 1024 - 128);
    assert.equal(ci.pendingTasksCount, 1);
    await env.ecs.send(new StopTaskCommand({ cluster, task: task.taskArn! }));
  });

  test("an unknown instance is a MISSING failure with its ARN; the known one still gets its task", async () => {
    const missing = "f".repeat(32);
    const started = await env.ecs.send(new StartTaskCommand({ cluster, taskDefinition: "start-web", containerInstances: [missing, instance] }));
    assert.equal(started.tasks!.length, 1);
    assert.equal(started.tasks![0]!.containerInstanceArn, instance);
    assert.equal(started.failures!.length, 1);
    assert.equal(started.failures![0]!.reason, "MISSING");
    assert.match(started.failures![0]!.arn!, new RegExp(`^arn:aws:ecs:us-east-1:\\d{12}:container-instance/${cluster}/${missing}$`));
    await env.ecs.send(new StopTaskCommand({ cluster, task: started.tasks![0]!.taskArn! }));
  });

  test("a task needing more memory than the instance has left is a RESOURCE:MEMORY failure; refusals", async () => {
    const started = await env.ecs.send(new StartTaskCommand({ cluster, taskDefinition: "start-huge", containerInstances: [instance] }));
    assert.deepEqual(started.tasks, []);
    assert.deepEqual(started.failures, [{ arn: instance, reason: "RESOURCE:MEMORY" }]);
    await rejectsWith(env.ecs.send(new StartTaskCommand({ cluster, taskDefinition: "start-web", containerInstances: [] })), "InvalidParameterException");
    await rejectsWith(
      env.ecs.send(new StartTaskCommand({ cluster, taskDefinition: "start-web", containerInstances: [instance], startedBy: "x".repeat(37) })),
      "InvalidParameterException",
    );
  });
});
