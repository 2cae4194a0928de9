/**
 * AWS::ECS::ClusterCapacityProviderAssociations: the cluster's capacity providers and default
 * strategy, set with PutClusterCapacityProviders. Ref is the cluster name; deletion clears them.
 */
import { ecsService } from "../../ecs/service.js";
import { camelize } from "./camel.js";
import { invoke } from "./invoke.js";
import { replacesOn, type ResourceProvider } from "./types.js";
import type { JsonObject } from "../template/types.js";

const put = (p: JsonObject, request: Parameters<typeof invoke>[3]) =>
  invoke(ecsService, "PutClusterCapacityProviders", {
    cluster: p.Cluster,
    capacityProviders: p.CapacityProviders ?? [],
    defaultCapacityProviderStrategy: camelize(p.DefaultCapacityProviderStrategy ?? []),
  }, request);

export const ecsCapacityProviderAssociationsProvider: ResourceProvider = {
  type: "AWS::ECS::ClusterCapacityProviderAssociations",
  async create(p, ctx) {
    await put(p, ctx.request);
    return { physicalId: String(p.Cluster), attributes: {} };
  },
  requiresReplacement: replacesOn("Cluster"),
  async update(current, _before, after, ctx) {
    await put(after, ctx.request);
    return current;
  },
  async delete(current, _p, ctx) {
    try {
      await put({ Cluster: current.physicalId, CapacityProviders: [], DefaultCapacityProviderStrategy: [] }, ctx.request);
    } catch (err) {
      if ((err as Error).name !== "ClusterNotFoundException") throw err;
    }
  },
};
