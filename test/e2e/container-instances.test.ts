/**
 * Container instances end to end: agents register through the agent protocol (SigV4 for
 * `berth-agent`), and @aws-sdk/client-ecs sees them: describe, list with filters, drain,
 * deregister, attributes, tags, DeleteCluster refusal. agentConnected going false is checked with
 * the dispatcher and an injected clock rather than by waiting out the timeout.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";
import {
  CreateClusterCommand,
  DeleteAttributesCommand,
  DeleteClusterCommand,
  DeregisterContainerInstanceCommand,
  DescribeClustersCommand,
  DescribeContainerInstancesCommand,
  ListAttributesCommand,
  ListContainerInstancesCommand,
  ListTagsForResourceCommand,
  PutAttributesCommand,
  RegisterContainerInstanceCommand,
  TagResourceCommand,
  UpdateContainerInstancesStateCommand,
} from "@aws-sdk/client-ecs";
import { rejectsWith, useTestServer } from "./harness.js";
import { rawRequest } from "./raw-client.js";
import { HEARTBEAT_TIMEOUT_MS, type RegisterAgentRequest } from "../../src/agent-protocol/messages.js";
import { createDispatcher } from "../../src/server/dispatch.js";
import { PageTokens } from "../../src/server/page-tokens.js";
import { SqliteStore } from "../../src/store/sqlite/sqlite-store.js";
import { services } from "../../src/services/index.js";

const env = useTestServer();

const agentCall = (operation: string, body: unknown) =>
  rawRequest(env.server.url, {
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `BerthAgentV1.${operation}` },
    body: JSON.stringify(body),
    sign: { service: "berth-agent" },
  });

const agent = (name: string, cluster: string | undefined, instanceType: string, extra: Partial<RegisterAgentRequest> = {}): RegisterAgentRequest => ({
  ...(cluster !== undefined && { cluster }),
  name,
  resources: { cpu: 2048, memory: 3900, reservedPorts: [22, 2375, 2376, 51678, 51679], reservedPortsUdp: [] },
  attributes: [
    { name: "ecs.instance-type", value: instanceType },
    { name: "ecs.os-type", value: "linux" },
    { name: "ecs.cpu-architecture", value: "x86_64" },
    { name: "ecs.availability-zone", value: "local-1a" },
    { name: "com.amazonaws.ecs.capability.docker-remote-api.1.44" },
  ],
  versionInfo: { agentVersion: "0.1.0", dockerVersion: "27.0.0" },
  ...extra,
});

async function register(req: RegisterAgentRequest): Promise<{ containerInstanceArn: string; ec2InstanceId: string; heartbeatIntervalMs: number }> {
  const res = await agentCall("RegisterAgent", req);
  assert.equal(res.status, 200, res.text);
  return res.json() as never;
}

describe("agents as container instances", () => {
  let a: string;
  let b: string;
  before(async () => {
    await env.ecs.send(new CreateClusterCommand({ clusterName: "fleet" }));
    a = (await register(agent("host-a", "fleet", "m5.large", { attributes: [...agent("", "", "m5.large").attributes, { name: "stack", value: "prod" }] }))).containerInstanceArn;
    b = (await register(agent("host-b", "fleet", "t3.small"))).containerInstanceArn;
  });

  test("RegisterAgent answers an ECS container-instance ARN, an EC2-style id and the heartbeat interval", async () => {
    const r = await register(agent("host-c", "fleet", "t3.small"));
    assert.match(r.containerInstanceArn, /^arn:aws:ecs:us-east-1:000000000000:container-instance\/fleet\/[0-9a-f]{32}$/);
    assert.match(r.ec2InstanceId, /^i-[0-9a-f]{17}$/);
    assert.equal(r.heartbeatIntervalMs, 5000);
    await env.ecs.send(new DeregisterContainerInstanceCommand({ cluster: "fleet", containerInstance: r.containerInstanceArn }));
  });

  test("DescribeContainerInstances shows ECS's fields, tags on request, and MISSING failures", async () => {
    const id = a.split("/").at(-1)!;
    const { containerInstances, failures } = await env.ecs.send(
      new DescribeContainerInstancesCommand({ cluster: "fleet", containerInstances: [id, "0".repeat(32)], include: ["TAGS"] }),
    );
    assert.deepEqual(failures, [{ arn: `arn:aws:ecs:us-east-1:000000000000:container-instance/fleet/${"0".repeat(32)}`, reason: "MISSING" }]);
    const ci = containerInstances![0]!;
    assert.equal(ci.containerInstanceArn, a);
    assert.equal(ci.status, "ACTIVE");
    assert.equal(ci.agentConnected, true);
    assert.equal(ci.runningTasksCount, 0);
    assert.equal(ci.pendingTasksCount, 0);
    assert.equal(ci.agentUpdateStatus, undefined);
    assert.deepEqual(ci.versionInfo, { agentVersion: "0.1.0", dockerVersion: "27.0.0" });
    assert.deepEqual(ci.tags, []);
    assert.ok(ci.registeredAt instanceof Date);
    const cpu = ci.registeredResources!.find((r) => r.name === "CPU");
    assert.deepEqual(cpu, { name: "CPU", type: "INTEGER", doubleValue: 0, longValue: 0, integerValue: 2048 });
    assert.deepEqual(ci.remainingResources!.find((r) => r.name === "PORTS")?.stringSetValue, ["22", "2375", "2376", "51678", "51679"]);
    assert.deepEqual(ci.attributes!.find((x) => x.name === "ecs.instance-type"), { name: "ecs.instance-type", value: "m5.large" });
    assert.deepEqual(ci.attributes!.find((x) => x.name === "com.amazonaws.ecs.capability.docker-remote-api.1.44"), { name: "com.amazonaws.ecs.capability.docker-remote-api.1.44" });
    await rejectsWith(env.ecs.send(new DescribeContainerInstancesCommand({ cluster: "nope", containerInstances: [id] })), "ClusterNotFoundException");
  });

  test("ListContainerInstances filters in the cluster query language, and refuses a bad expression", async () => {
    const list = async (filter?: string) => (await env.ecs.send(new ListContainerInstancesCommand({ cluster: "fleet", ...(filter && { filter }) }))).containerInstanceArns!.sort();
    assert.deepEqual(await list(), [a, b].sort());
    assert.deepEqual(await list("attribute:ecs.instance-type == m5.large"), [a]);
    assert.deepEqual(await list("attribute:ecs.instance-type =~ t3.*"), [b]);
    assert.deepEqual(await list("agentConnected == true"), [a, b].sort());
    assert.deepEqual(await list("attribute:stack exists"), [a]);
    await rejectsWith(env.ecs.send(new ListContainerInstancesCommand({ cluster: "fleet", filter: "attribute:x ==" })), "InvalidParameterException", /filter/);
    const page = await env.ecs.send(new ListContainerInstancesCommand({ cluster: "fleet", maxResults: 1 }));
    assert.equal(page.containerInstanceArns!.length, 1);
    const rest = await env.ecs.send(new ListContainerInstancesCommand({ cluster: "fleet", maxResults: 1, nextToken: page.nextToken }));
    assert.deepEqual([...page.containerInstanceArns!, ...rest.containerInstanceArns!].sort(), [a, b].sort());
  });

  test("re-registering by name or by ARN returns the same instance with refreshed resources and version", async () => {
    const before = (await env.ecs.send(new DescribeContainerInstancesCommand({ cluster: "fleet", containerInstances: [b] }))).containerInstances![0]!;
    const byName = await register(agent("host-b", "fleet", "t3.small", { resources: { cpu: 4096, memory: 8000, reservedPorts: [22], reservedPortsUdp: [] } }));
    assert.equal(byName.containerInstanceArn, b);
    assert.equal(byName.ec2InstanceId, before.ec2InstanceId);
    const byArn = await register(agent("renamed", "fleet", "t3.small", { containerInstanceArn: b, versionInfo: { agentVersion: "0.2.0", dockerVersion: "27.0.0" } }));
    assert.equal(byArn.containerInstanceArn, b);
    const after = (await env.ecs.send(new DescribeContainerInstancesCommand({ cluster: "fleet", containerInstances: [b] }))).containerInstances![0]!;
    assert.equal(after.versionInfo?.agentVersion, "0.2.0");
    assert.equal(after.version, before.version! + 2);
    assert.equal(after.registeredResources!.find((r) => r.name === "CPU")?.integerValue, 2048, "the last registration's resources");
    assert.deepEqual(after.registeredAt, before.registeredAt);
  });

  test("drain and reactivate with UpdateContainerInstancesState; status filter; failures for unknown ones", async () => {
    const r = await env.ecs.send(new UpdateContainerInstancesStateCommand({ cluster: "fleet", containerInstances: [a, "f".repeat(32)], status: "DRAINING" }));
    assert.equal(r.containerInstances![0]!.status, "DRAINING");
    assert.equal(r.failures![0]!.reason, "MISSING");
    assert.deepEqual((await env.ecs.send(new ListContainerInstancesCommand({ cluster: "fleet", status: "DRAINING" }))).containerInstanceArns, [a]);
    const hb = await agentCall("Heartbeat", { containerInstanceArn: a });
    assert.deepEqual(hb.json(), { status: "DRAINING" });
    await rejectsWith(env.ecs.send(new UpdateContainerInstancesStateCommand({ cluster: "fleet", containerInstances: [a], status: "REGISTERING" })), "InvalidParameterException");
    await rejectsWith(
      env.ecs.send(new UpdateContainerInstancesStateCommand({ cluster: "fleet", containerInstances: Array.from({ length: 11 }, () => a), status: "ACTIVE" })),
      "InvalidParameterException",
    );
    await env.ecs.send(new UpdateContainerInstancesStateCommand({ cluster: "fleet", containerInstances: [a], status: "ACTIVE" }));
  });

  test("PutAttributes, ListAttributes and DeleteAttributes on container instances, with ECS's limits", async () => {
    const put = await env.ecs.send(new PutAttributesCommand({ cluster: "fleet", attributes: [{ name: "tier", value: "gold", targetId: a }] }));
    assert.deepEqual(put.attributes, [{ name: "tier", value: "gold", targetId: a }]);
    const listed = await env.ecs.send(new ListAttributesCommand({ cluster: "fleet", targetType: "container-instance", attributeName: "tier" }));
    assert.deepEqual(listed.attributes, [{ name: "tier", value: "gold", targetId: a }]);
    const byValue = await env.ecs.send(new ListAttributesCommand({ cluster: "fleet", targetType: "container-instance", attributeName: "ecs.instance-type", attributeValue: "t3.small" }));
    assert.deepEqual(byValue.attributes?.map((x) => x.targetId), [b]);
    const all = await env.ecs.send(new ListAttributesCommand({ cluster: "fleet", targetType: "container-instance", maxResults: 3 }));
    assert.equal(all.attributes!.length, 3);
    assert.ok(all.nextToken);
    await rejectsWith(
      env.ecs.send(new PutAttributesCommand({ cluster: "fleet", attributes: [{ name: "x", value: "1", targetId: "0".repeat(32), targetType: "container-instance" }] })),
      "TargetNotFoundException",
    );
    await rejectsWith(env.ecs.send(new PutAttributesCommand({ cluster: "fleet", attributes: [{ name: "bad name", targetId: a }] })), "InvalidParameterException");
    // a already has two custom attributes (stack, tier): nine more make eleven.
    const many = Array.from({ length: 9 }, (_, i) => ({ name: `c${i}`, value: "v", targetId: a }));
    await rejectsWith(env.ecs.send(new PutAttributesCommand({ cluster: "fleet", attributes: many })), "AttributeLimitExceededException");
    await env.ecs.send(new DeleteAttributesCommand({ cluster: "fleet", attributes: [{ name: "tier", targetId: a }] }));
    const gone = await env.ecs.send(new ListAttributesCommand({ cluster: "fleet", targetType: "container-instance", attributeName: "tier" }));
    assert.deepEqual(gone.attributes, []);
    await rejectsWith(env.ecs.send(new ListAttributesCommand({ cluster: "fleet", targetType: "container-instance", attributeValue: "x" })), "InvalidParameterException");
  });

  test("container instances take tags, shown by ListTagsForResource and DescribeContainerInstances include TAGS", async () => {
    await env.ecs.send(new TagResourceCommand({ resourceArn: b, tags: [{ key: "team", value: "core" }] }));
    assert.deepEqual((await env.ecs.send(new ListTagsForResourceCommand({ resourceArn: b }))).tags, [{ key: "team", value: "core" }]);
    const d = await env.ecs.send(new DescribeContainerInstancesCommand({ cluster: "fleet", containerInstances: [b], include: ["TAGS"] }));
    assert.deepEqual(d.containerInstances![0]!.tags, [{ key: "team", value: "core" }]);
  });

  test("the cluster counts registered instances and DeleteCluster refuses while any are; deregistered ones are gone from lists", async () => {
    const count = async () => (await env.ecs.send(new DescribeClustersCommand({ clusters: ["fleet"] }))).clusters![0]!.registeredContainerInstancesCount;
    assert.equal(await count(), 2);
    await rejectsWith(env.ecs.send(new DeleteClusterCommand({ cluster: "fleet" })), "ClusterContainsContainerInstancesException");
    for (const arn of [a, b]) {
      const { containerInstance } = await env.ecs.send(new DeregisterContainerInstanceCommand({ cluster: "fleet", containerInstance: arn }));
      assert.equal(containerInstance?.status, "INACTIVE");
      assert.equal(containerInstance?.agentConnected, false);
    }
    assert.equal(await count(), 0);
    assert.deepEqual((await env.ecs.send(new ListContainerInstancesCommand({ cluster: "fleet" }))).containerInstanceArns, []);
    // The model's status enum has no INACTIVE: deregistered instances are never listed, only described.
    assert.equal((await env.ecs.send(new DescribeContainerInstancesCommand({ cluster: "fleet", containerInstances: [a] }))).containerInstances![0]!.status, "INACTIVE");
    assert.deepEqual((await agentCall("Heartbeat", { containerInstanceArn: a })).json(), { status: "INACTIVE" });
    const again = await agentCall("RegisterAgent", agent("host-a", "fleet", "m5.large", { containerInstanceArn: a }));
    assert.equal(again.json().__type, "ClientException");
    const fresh = await register(agent("host-a", "fleet", "m5.large"));
    assert.notEqual(fresh.containerInstanceArn, a, "a deregistered instance is never reused by name");
    await env.ecs.send(new DeregisterContainerInstanceCommand({ cluster: "fleet", containerInstance: fresh.containerInstanceArn }));
    await env.ecs.send(new DeleteClusterCommand({ cluster: "fleet" }));
  });
});

describe("registration paths", () => {
  test("RegisterAgent without a cluster creates and uses `default`", async () => {
    const r = await register(agent("solo", undefined, "t3.micro"));
    assert.match(r.containerInstanceArn, /container-instance\/default\//);
    const { clusters } = await env.ecs.send(new DescribeClustersCommand({ clusters: ["default"] }));
    assert.equal(clusters![0]!.registeredContainerInstancesCount, 1);
    await env.ecs.send(new DeregisterContainerInstanceCommand({ containerInstance: r.containerInstanceArn }));
  });

  test("RegisterContainerInstance through the SDK, with totalResources, attributes, tags and re-registration", async () => {
    await env.ecs.send(new CreateClusterCommand({ clusterName: "sdk" }));
    const { containerInstance } = await env.ecs.send(
      new RegisterContainerInstanceCommand({
        cluster: "sdk",
        instanceIdentityDocument: JSON.stringify({ instanceId: "i-0123456789abcdef0" }),
        totalResources: [{ name: "CPU", type: "INTEGER", integerValue: 1024 }, { name: "MEMORY", type: "INTEGER", integerValue: 2000 }],
        versionInfo: { agentVersion: "1.80.0", dockerVersion: "DockerVersion: 20.10" },
        attributes: [{ name: "ecs.os-type", value: "linux" }],
        tags: [{ key: "k", value: "v" }],
      }),
    );
    assert.equal(containerInstance?.ec2InstanceId, "i-0123456789abcdef0");
    assert.equal(containerInstance?.registeredResources?.find((r) => r.name === "MEMORY")?.integerValue, 2000);
    assert.deepEqual(containerInstance?.registeredResources?.find((r) => r.name === "PORTS")?.stringSetValue, []);
    assert.deepEqual((await env.ecs.send(new ListTagsForResourceCommand({ resourceArn: containerInstance!.containerInstanceArn! }))).tags, [{ key: "k", value: "v" }]);
    const again = await env.ecs.send(new RegisterContainerInstanceCommand({ cluster: "sdk", containerInstanceArn: containerInstance!.containerInstanceArn, totalResources: [] }));
    assert.equal(again.containerInstance?.containerInstanceArn, containerInstance?.containerInstanceArn);
    await rejectsWith(
      env.ecs.send(new RegisterContainerInstanceCommand({ cluster: "sdk", totalResources: [{ name: "CPU", type: "STRINGSET" }] })),
      "InvalidParameterException",
    );
    await rejectsWith(env.ecs.send(new RegisterContainerInstanceCommand({ cluster: "missing" })), "ClusterNotFoundException");
    await rejectsWith(env.ecs.send(new DeregisterContainerInstanceCommand({ cluster: "sdk", containerInstance: "0".repeat(32) })), "InvalidParameterException");
  });

  test("the agent protocol validates against its model and answers unknown operations", async () => {
    const bad = await agentCall("RegisterAgent", { name: "x" });
    assert.equal(bad.status, 400);
    assert.equal(bad.json().__type, "InvalidParameterException");
    const unknown = await agentCall("Nope", {});
    assert.equal(unknown.json().__type, "UnknownOperationException");
    const ecsSigned = await rawRequest(env.server.url, {
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "BerthAgentV1.Heartbeat" },
      body: "{}",
    });
    assert.notEqual(ecsSigned.status, 200, "a request signed for ecs is refused");
  });
});

describe("agentConnected with an injected clock", () => {
  test("goes false once HEARTBEAT_TIMEOUT_MS passes without a heartbeat, and true again after one", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "berth-ci-clock-"));
    const store = new SqliteStore(dir);
    try {
      let now = Date.parse("2026-01-01T00:00:00Z");
      const dispatch = createDispatcher({
        services,
        settings: { accountId: "000000000000" },
        store,
        tokens: new PageTokens(Buffer.alloc(32, 7)),
        secretFor: (id) => (id === "test" ? "test" : undefined),
        clock: () => new Date(now),
        log: () => {},
      });
      const call = async (service: "ecs" | "berth-agent", target: string, body: unknown) => {
        const signer = new SignatureV4({ credentials: { accessKeyId: "test", secretAccessKey: "test" }, region: "us-east-1", service, sha256: Sha256 });
        const text = JSON.stringify(body);
        const headers = { host: "127.0.0.1:1", "content-type": "application/x-amz-json-1.1", "x-amz-target": target };
        const signed = await signer.sign({ method: "POST", protocol: "http:", hostname: "127.0.0.1", port: 1, path: "/", headers, body: text }, { signingDate: new Date(now) });
        const res = await dispatch({ method: "POST", url: "/", headers: signed.headers as Record<string, string>, body: Buffer.from(text) });
        assert.equal(res.status, 200, String(res.body));
        return JSON.parse(String(res.body)) as Record<string, unknown>;
      };
      const { containerInstanceArn } = (await call("berth-agent", "BerthAgentV1.RegisterAgent", agent("clocked", undefined, "t3.small"))) as { containerInstanceArn: string };
      const connected = async () => {
        const d = await call("ecs", "AmazonEC2ContainerServiceV20141113.DescribeContainerInstances", { containerInstances: [containerInstanceArn] });
        return (d.containerInstances as { agentConnected: boolean }[])[0]!.agentConnected;
      };
      const listed = async (filter: string) =>
        ((await call("ecs", "AmazonEC2ContainerServiceV20141113.ListContainerInstances", { filter })).containerInstanceArns as string[]).length;
      assert.equal(await connected(), true);
      now += HEARTBEAT_TIMEOUT_MS;
      assert.equal(await connected(), true);
      now += 1;
      assert.equal(await connected(), false);
      assert.equal(await listed("agentConnected == false"), 1);
      assert.equal(await listed("agentConnected == true"), 0);
      await call("berth-agent", "BerthAgentV1.Heartbeat", { containerInstanceArn });
      assert.equal(await connected(), true);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
