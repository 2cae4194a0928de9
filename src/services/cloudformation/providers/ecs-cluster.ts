/** AWS::ECS::Cluster: Ref is the cluster name; GetAtt Arn. */
import { ecsService } from "../../ecs/service.js";
import { camelize, ecsTags } from "./camel.js";
import { invoke } from "./invoke.js";
import { replacesOn, type ResourceProvider } from "./types.js";
import type { JsonObject } from "../template/types.js";

interface ClusterOut {
  cluster: { clusterName: string; clusterArn: string };
}

const clusterInput = (p: JsonObject) => ({
  ...(p.ClusterSettings !== undefined && { settings: camelize(p.ClusterSettings) }),
  ...(p.Configuration !== undefined && { configuration: camelize(p.Configuration) }),
  ...(p.ServiceConnectDefaults !== undefined && { serviceConnectDefaults: camelize(p.ServiceConnectDefaults) }),
});

export const ecsClusterProvider: ResourceProvider = {
  type: "AWS::ECS::Cluster",
  async create(p, ctx) {
    const name = typeof p.ClusterName === "string" ? p.ClusterName : ctx.generateName(255);
    const out = await invoke<ClusterOut>(ecsService, "CreateCluster", {
      clusterName: name,
      ...clusterInput(p),
      ...(p.CapacityProviders !== undefined && { capacityProviders: p.CapacityProviders }),
      ...(p.DefaultCapacityProviderStrategy !== undefined && { defaultCapacityProviderStrategy: camelize(p.DefaultCapacityProviderStrategy) }),
      ...(ecsTags(p.Tags)?.length && { tags: ecsTags(p.Tags) }),
    }, ctx.request);
    return { physicalId: out.cluster.clusterName, attributes: { Arn: out.cluster.clusterArn } };
  },
  requiresReplacement: replacesOn("ClusterName"),
  async update(current, before, after, ctx) {
    const cluster = current.physicalId;
    if (JSON.stringify(before.ClusterSettings) !== JSON.stringify(after.ClusterSettings)) {
      await invoke(ecsService, "UpdateClusterSettings", { cluster, settings: camelize(after.ClusterSettings ?? [{ Name: "containerInsights", Value: "disabled" }]) }, ctx.request);
    }
    if (JSON.stringify(before.Configuration) !== JSON.stringify(after.Configuration) || JSON.stringify(before.ServiceConnectDefaults) !== JSON.stringify(after.ServiceConnectDefaults)) {
      const { settings: _s, ...rest } = clusterInput(after) as Record<string, unknown>;
      if (Object.keys(rest).length) await invoke(ecsService, "UpdateCluster", { cluster, ...rest }, ctx.request);
    }
    if (JSON.stringify(before.CapacityProviders) !== JSON.stringify(after.CapacityProviders) || JSON.stringify(before.DefaultCapacityProviderStrategy) !== JSON.stringify(after.DefaultCapacityProviderStrategy)) {
      await invoke(ecsService, "PutClusterCapacityProviders", {
        cluster,
        capacityProviders: after.CapacityProviders ?? [],
        defaultCapacityProviderStrategy: camelize(after.DefaultCapacityProviderStrategy ?? []),
      }, ctx.request);
    }
    if (JSON.stringify(before.Tags) !== JSON.stringify(after.Tags)) {
      const arn = String(current.attributes.Arn);
      const oldKeys = (ecsTags(before.Tags) ?? []).map((t) => t.key);
      if (oldKeys.length) await invoke(ecsService, "UntagResource", { resourceArn: arn, tagKeys: oldKeys }, ctx.request);
      const tags = ecsTags(after.Tags) ?? [];
      if (tags.length) await invoke(ecsService, "TagResource", { resourceArn: arn, tags }, ctx.request);
    }
    return current;
  },
  async delete(current, _p, ctx) {
    try {
      await invoke(ecsService, "DeleteCluster", { cluster: current.physicalId }, ctx.request);
    } catch (err) {
      if ((err as Error).name !== "ClusterNotFoundException") throw err;
    }
  },
};
