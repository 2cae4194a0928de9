/**
 * AWS::ServiceDiscovery::Service: Ref is the service id; GetAtt Id, Arn, Name. Name, NamespaceId,
 * Type, HealthCheckCustomConfig and DnsConfig's RoutingPolicy/NamespaceId replace; Description,
 * DnsConfig.DnsRecords and HealthCheckConfig update in place (UpdateService).
 */
import { coerceNumbers } from "./camel.js";
import { cloudMap, deleteQuietly, requestId, retag, same, tagsOf } from "./cloudmap-common.js";
import type { ResourceProvider } from "./types.js";
import { isObject, type Json, type JsonObject } from "../template/types.js";

const NUMBERS = new Set(["TTL", "FailureThreshold"]);
const num = (v: Json | undefined) => (v === undefined ? undefined : coerceNumbers(v, NUMBERS));

const dns = (p: JsonObject) => (isObject(p.DnsConfig) ? p.DnsConfig : undefined);
const REPLACING = ["Name", "NamespaceId", "Type", "HealthCheckCustomConfig"];

export const cloudMapServiceProvider: ResourceProvider = {
  type: "AWS::ServiceDiscovery::Service",
  async create(p, ctx) {
    const tags = tagsOf(p.Tags);
    const out = await cloudMap<{ Service: { Id: string; Arn: string; Name: string } }>("CreateService", {
      Name: typeof p.Name === "string" ? p.Name : ctx.generateName(127),
      CreatorRequestId: requestId(),
      ...(p.NamespaceId !== undefined && { NamespaceId: p.NamespaceId }),
      ...(p.Description !== undefined && { Description: String(p.Description) }),
      ...(p.DnsConfig !== undefined && { DnsConfig: num(p.DnsConfig) }),
      ...(p.HealthCheckConfig !== undefined && { HealthCheckConfig: num(p.HealthCheckConfig) }),
      ...(p.HealthCheckCustomConfig !== undefined && { HealthCheckCustomConfig: num(p.HealthCheckCustomConfig) }),
      ...(p.Type !== undefined && { Type: p.Type }),
      ...(tags.length && { Tags: tags }),
    }, ctx);
    const s = out.Service;
    if (isObject(p.ServiceAttributes) && Object.keys(p.ServiceAttributes).length) {
      await cloudMap("UpdateServiceAttributes", { ServiceId: s.Id, Attributes: Object.fromEntries(Object.entries(p.ServiceAttributes).map(([k, v]) => [k, String(v)])) }, ctx);
    }
    return { physicalId: s.Id, attributes: { Id: s.Id, Arn: s.Arn, Name: s.Name } };
  },
  requiresReplacement(before, after) {
    if (REPLACING.some((k) => !same(before[k], after[k]))) return true;
    const b = dns(before), a = dns(after);
    return !same(b?.RoutingPolicy, a?.RoutingPolicy) || !same(b?.NamespaceId, a?.NamespaceId) || (b === undefined) !== (a === undefined);
  },
  async update(current, before, after, ctx) {
    if (!same(before.Description, after.Description) || !same(before.DnsConfig, after.DnsConfig) || !same(before.HealthCheckConfig, after.HealthCheckConfig)) {
      const records = dns(after)?.DnsRecords;
      await cloudMap("UpdateService", {
        Id: current.physicalId,
        Service: {
          Description: String(after.Description ?? ""),
          ...(records !== undefined && { DnsConfig: { DnsRecords: num(records) } }),
          ...(after.HealthCheckConfig !== undefined && { HealthCheckConfig: num(after.HealthCheckConfig) }),
        },
      }, ctx);
    }
    if (!same(before.ServiceAttributes, after.ServiceAttributes)) {
      const next = isObject(after.ServiceAttributes) ? after.ServiceAttributes : {};
      const gone = Object.keys(isObject(before.ServiceAttributes) ? before.ServiceAttributes : {}).filter((k) => !(k in next));
      if (gone.length) await cloudMap("DeleteServiceAttributes", { ServiceId: current.physicalId, Attributes: gone }, ctx);
      if (Object.keys(next).length) await cloudMap("UpdateServiceAttributes", { ServiceId: current.physicalId, Attributes: Object.fromEntries(Object.entries(next).map(([k, v]) => [k, String(v)])) }, ctx);
    }
    await retag(String(current.attributes.Arn), before.Tags, after.Tags, ctx);
    return current;
  },
  async delete(current, _p, ctx) {
    await deleteQuietly("DeleteService", current.physicalId, "ServiceNotFound", ctx);
  },
};
