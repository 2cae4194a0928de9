/** Clusters through the official @aws-sdk/client-ecs against a live server. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateClusterCommand,
  DeleteClusterCommand,
  DescribeClustersCommand,
  ListClustersCommand,
  PutClusterCapacityProvidersCommand,
  UpdateClusterCommand,
  UpdateClusterSettingsCommand,
  paginateListClusters,
} from "@aws-sdk/client-ecs";
import { rejectsWith, useTestServer } from "./harness.js";

const env = useTestServer();


describe("CreateCluster", () => {
  test("with no name creates the default cluster with ECS's long ARN", async () => {
    const { cluster } = await env.ecs.send(new CreateClusterCommand({}));
    assert.equal(cluster?.clusterName, "default");
    assert.equal(cluster?.clusterArn, "arn:aws:ecs:us-east-1:000000000000:cluster/default");
    assert.equal(cluster?.status, "ACTIVE");
    assert.equal(cluster?.registeredContainerInstancesCount, 0);
    assert.equal(cluster?.runningTasksCount, 0);
    assert.equal(cluster?.pendingTasksCount, 0);
    assert.equal(cluster?.activeServicesCount, 0);
    assert.deepEqual(cluster?.settings, [{ name: "containerInsights", value: "disabled" }]);
  });

  test("stores and echoes settings, configuration, tags, capacity providers and Service Connect defaults", async () => {
    const input = {
      clusterName: "rich",
      settings: [{ name: "containerInsights" as const, value: "enabled" }],
      configuration: { executeCommandConfiguration: { logging: "OVERRIDE" as const, logConfiguration: { cloudWatchLogGroupName: "exec" } } },
      tags: [{ key: "team", value: "core" }, { key: "env", value: "" }],
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1, base: 1 }],
      serviceConnectDefaults: { namespace: "arn:aws:servicediscovery:us-east-1:000000000000:namespace/ns-1" },
    };
    const { cluster } = await env.ecs.send(new CreateClusterCommand(input));
    assert.deepEqual(cluster?.settings, input.settings);
    assert.deepEqual(cluster?.configuration, input.configuration);
    assert.deepEqual(cluster?.tags, input.tags);
    assert.deepEqual(cluster?.capacityProviders, input.capacityProviders);
    assert.deepEqual(cluster?.defaultCapacityProviderStrategy, input.defaultCapacityProviderStrategy);
    assert.deepEqual(cluster?.serviceConnectDefaults, input.serviceConnectDefaults);
  });

  test("is idempotent on an existing ACTIVE name", async () => {
    const a = await env.ecs.send(new CreateClusterCommand({ clusterName: "twice", tags: [{ key: "k", value: "1" }] }));
    const b = await env.ecs.send(new CreateClusterCommand({ clusterName: "twice" }));
    assert.equal(a.cluster?.clusterArn, b.cluster?.clusterArn);
    assert.deepEqual(b.cluster?.tags, [{ key: "k", value: "1" }]);
  });

  test("rejects a bad name, a bad setting value, an unknown capacity provider and reserved tags", async () => {
    await rejectsWith(env.ecs.send(new CreateClusterCommand({ clusterName: "bad name!" })), "InvalidParameterException", /Cluster name/);
    await rejectsWith(
      env.ecs.send(new CreateClusterCommand({ clusterName: "s", settings: [{ name: "containerInsights", value: "maybe" }] })),
      "InvalidParameterException",
      /maybe/,
    );
    await rejectsWith(env.ecs.send(new CreateClusterCommand({ clusterName: "cp", capacityProviders: ["my-asg"] })), "InvalidParameterException", /my-asg/);
    await rejectsWith(env.ecs.send(new CreateClusterCommand({ clusterName: "tg", tags: [{ key: "aws:x", value: "1" }] })), "InvalidParameterException", /aws:/);
    const { failures } = await env.ecs.send(new DescribeClustersCommand({ clusters: ["s", "cp", "tg"] }));
    assert.equal(failures?.length, 3, "nothing was created by the refused requests");
  });
});

describe("DescribeClusters", () => {
  test("reports unknown names as MISSING failures beside the found ones", async () => {
    await env.ecs.send(new CreateClusterCommand({ clusterName: "found" }));
    const res = await env.ecs.send(new DescribeClustersCommand({ clusters: ["found", "arn:aws:ecs:us-east-1:000000000000:cluster/nope"] }));
    assert.deepEqual(res.clusters?.map((c) => c.clusterName), ["found"]);
    assert.deepEqual(res.failures, [{ arn: "arn:aws:ecs:us-east-1:000000000000:cluster/nope", reason: "MISSING" }]);
  });

  test("with no argument describes the default cluster", async () => {
    await env.ecs.send(new CreateClusterCommand({}));
    const res = await env.ecs.send(new DescribeClustersCommand({}));
    assert.equal(res.clusters?.[0]?.clusterName, "default");
  });

  test("include decides statistics, tags, settings and configuration", async () => {
    await env.ecs.send(new CreateClusterCommand({ clusterName: "inc", tags: [{ key: "a", value: "b" }], configuration: { executeCommandConfiguration: { logging: "DEFAULT" } } }));
    const plain = (await env.ecs.send(new DescribeClustersCommand({ clusters: ["inc"] }))).clusters![0]!;
    assert.deepEqual(plain.tags, []);
    assert.deepEqual(plain.statistics, []);
    assert.equal(plain.configuration, undefined);
    const full = (await env.ecs.send(new DescribeClustersCommand({ clusters: ["inc"], include: ["TAGS", "STATISTICS", "SETTINGS", "CONFIGURATIONS", "ATTACHMENTS"] }))).clusters![0]!;
    assert.deepEqual(full.tags, [{ key: "a", value: "b" }]);
    assert.ok(full.statistics!.some((s) => s.name === "runningEC2TasksCount" && s.value === "0"));
    assert.deepEqual(full.settings, [{ name: "containerInsights", value: "disabled" }]);
    assert.deepEqual(full.configuration, { executeCommandConfiguration: { logging: "DEFAULT" } });
    assert.deepEqual(full.attachments, []);
  });

  test("more than 100 names is InvalidParameterException", async () => {
    const clusters = Array.from({ length: 101 }, (_, i) => `c${i}`);
    await rejectsWith(env.ecs.send(new DescribeClustersCommand({ clusters })), "InvalidParameterException");
  });
});

describe("ListClusters", () => {
  test("pages through every cluster with maxResults and nextToken", async () => {
    const region = "eu-west-1";
    const eu = env.server.ecs(region);
    const names = Array.from({ length: 7 }, (_, i) => `page-${i}`);
    for (const n of names) await eu.send(new CreateClusterCommand({ clusterName: n }));
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListClusters({ client: eu, pageSize: 3 }, {})) {
      pages++;
      assert.ok(page.clusterArns!.length <= 3);
      seen.push(...page.clusterArns!);
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, names.map((n) => `arn:aws:ecs:${region}:000000000000:cluster/${n}`));
  });

  test("a tampered nextToken is InvalidParameterException", async () => {
    const eu = env.server.ecs("eu-west-1");
    const first = await eu.send(new ListClustersCommand({ maxResults: 1 }));
    assert.ok(first.nextToken);
    const tampered = first.nextToken!.replace(/^./, (c) => (c === "A" ? "B" : "A"));
    await rejectsWith(eu.send(new ListClustersCommand({ nextToken: tampered })), "InvalidParameterException", /nextToken/);
    await rejectsWith(eu.send(new ListClustersCommand({ nextToken: "garbage" })), "InvalidParameterException", /nextToken/);
  });

  test("maxResults outside 1..100 is InvalidParameterException", async () => {
    await rejectsWith(env.ecs.send(new ListClustersCommand({ maxResults: 0 })), "InvalidParameterException");
    await rejectsWith(env.ecs.send(new ListClustersCommand({ maxResults: 101 })), "InvalidParameterException");
  });

  test("clusters are regional", async () => {
    await env.server.ecs("ap-south-1").send(new CreateClusterCommand({ clusterName: "only-here" }));
    const other = await env.server.ecs("ca-central-1").send(new ListClustersCommand({}));
    assert.deepEqual(other.clusterArns, []);
  });
});

describe("DeleteCluster", () => {
  test("makes the cluster INACTIVE, still describable, gone from lists, and reusable", async () => {
    await env.ecs.send(new CreateClusterCommand({ clusterName: "doomed" }));
    const { cluster } = await env.ecs.send(new DeleteClusterCommand({ cluster: "doomed" }));
    assert.equal(cluster?.status, "INACTIVE");
    const described = await env.ecs.send(new DescribeClustersCommand({ clusters: ["doomed"] }));
    assert.equal(described.clusters?.[0]?.status, "INACTIVE");
    const listed = await env.ecs.send(new ListClustersCommand({}));
    assert.ok(!listed.clusterArns?.includes(cluster!.clusterArn!));
    await rejectsWith(env.ecs.send(new DeleteClusterCommand({ cluster: "doomed" })), "ClusterNotFoundException");
    const again = await env.ecs.send(new CreateClusterCommand({ clusterName: "doomed" }));
    assert.equal(again.cluster?.status, "ACTIVE");
  });

  test("an unknown cluster is ClusterNotFoundException", async () => {
    await rejectsWith(env.ecs.send(new DeleteClusterCommand({ cluster: "never" })), "ClusterNotFoundException", /Cluster not found/);
  });
});

describe("UpdateCluster, UpdateClusterSettings, PutClusterCapacityProviders", () => {
  test("change what they name and keep the rest", async () => {
    await env.ecs.send(new CreateClusterCommand({ clusterName: "upd", tags: [{ key: "k", value: "v" }] }));
    const a = await env.ecs.send(new UpdateClusterSettingsCommand({ cluster: "upd", settings: [{ name: "containerInsights", value: "enhanced" }] }));
    assert.deepEqual(a.cluster?.settings, [{ name: "containerInsights", value: "enhanced" }]);
    const b = await env.ecs.send(new UpdateClusterCommand({ cluster: "upd", configuration: { executeCommandConfiguration: { logging: "NONE" } } }));
    assert.deepEqual(b.cluster?.settings, [{ name: "containerInsights", value: "enhanced" }]);
    assert.deepEqual(b.cluster?.configuration, { executeCommandConfiguration: { logging: "NONE" } });
    const c = await env.ecs.send(
      new PutClusterCapacityProvidersCommand({
        cluster: "upd",
        capacityProviders: ["FARGATE"],
        defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 2 }],
      }),
    );
    assert.deepEqual(c.cluster?.capacityProviders, ["FARGATE"]);
    assert.deepEqual(c.cluster?.defaultCapacityProviderStrategy, [{ capacityProvider: "FARGATE", weight: 2, base: 0 }]);
  });

  test("a strategy naming a provider the cluster lacks is refused and changes nothing", async () => {
    await env.ecs.send(new CreateClusterCommand({ clusterName: "cp2", capacityProviders: ["FARGATE"] }));
    await rejectsWith(
      env.ecs.send(new PutClusterCapacityProvidersCommand({ cluster: "cp2", capacityProviders: ["FARGATE"], defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] })),
      "InvalidParameterException",
    );
    const { clusters } = await env.ecs.send(new DescribeClustersCommand({ clusters: ["cp2"] }));
    assert.deepEqual(clusters?.[0]?.defaultCapacityProviderStrategy, []);
  });

  test("updating an unknown cluster is ClusterNotFoundException", async () => {
    await rejectsWith(env.ecs.send(new UpdateClusterSettingsCommand({ cluster: "ghost", settings: [{ name: "containerInsights", value: "enabled" }] })), "ClusterNotFoundException");
  });
});
