/**
 * Service actions: CreateService, GetService, ListServices, UpdateService, DeleteService and the
 * service attributes (Get/Update/DeleteServiceAttributes). A service's Type: HTTP in an HTTP
 * namespace or when asked (`Type: HTTP`, no DnsConfig); DNS_HTTP in a DNS namespace with DnsConfig.
 */
import type { RequestContext } from "../../../server/service.js";
import type { CloudMapServiceRecord, StoreTx } from "../../../store/store.js";
import { AwsError } from "../../../errors.js";
import { discoveryChanged } from "../changes.js";
import { changeTtls, normalizeDnsConfig, type DnsConfig, type DnsRecord } from "../dns-config.js";
import { invalidInput, resourceInUse, serviceAlreadyExists, serviceNotFound } from "../errors.js";
import { allOf, stringFilter, type Filter } from "../filters.js";
import { idOf, newServiceId, serviceArn } from "../ids.js";
import { recordOperation } from "../operations.js";
import { collect, planPage } from "../pagination.js";
import { putTags, type WireTag } from "../tags.js";
import { serviceSummary, serviceView } from "../views.js";
import { requireNamespace } from "./namespaces.js";

interface HealthCheckConfig {
  Type: "HTTP" | "HTTPS" | "TCP";
  ResourcePath?: string;
  FailureThreshold?: number;
}

export async function requireService(tx: StoreTx, ctx: RequestContext, idOrArn: string): Promise<CloudMapServiceRecord> {
  const s = await tx.cloudMap.getService(ctx.region, idOf(idOrArn));
  if (!s) throw serviceNotFound(idOrArn);
  return s;
}

function healthCheckConfig(h: HealthCheckConfig): HealthCheckConfig {
  if (h.Type === "TCP" && h.ResourcePath !== undefined) throw invalidInput("ResourcePath can't be specified for a TCP health check.");
  return { Type: h.Type, ...(h.Type !== "TCP" && { ResourcePath: h.ResourcePath ?? "/" }), FailureThreshold: h.FailureThreshold ?? 1 };
}

export interface CreateServiceRequest {
  Name: string;
  NamespaceId?: string;
  CreatorRequestId?: string;
  Description?: string;
  DnsConfig?: DnsConfig;
  HealthCheckConfig?: HealthCheckConfig;
  HealthCheckCustomConfig?: { FailureThreshold?: number };
  Tags?: WireTag[];
  Type?: "HTTP";
}

export async function createService(input: CreateServiceRequest, ctx: RequestContext) {
  const namespaceRef = input.NamespaceId ?? input.DnsConfig?.NamespaceId;
  if (namespaceRef === undefined) throw invalidInput("NamespaceId is required.");
  if (input.HealthCheckConfig && input.HealthCheckCustomConfig) throw invalidInput("HealthCheckConfig and HealthCheckCustomConfig can't both be specified.");
  if (input.Type === "HTTP" && input.DnsConfig) throw invalidInput("A service of type HTTP can't have a DnsConfig.");
  const result = await ctx.store.write(async (tx) => {
    const ns = await requireNamespace(tx, ctx, namespaceRef);
    if (ns.type === "HTTP" && input.DnsConfig) throw invalidInput(`DnsConfig can't be specified for a service in the HTTP namespace ${ns.id}.`);
    if (ns.type === "DNS_PRIVATE" && input.HealthCheckConfig) throw invalidInput("HealthCheckConfig is supported only in public DNS namespaces; use HealthCheckCustomConfig.");
    const existing = await tx.cloudMap.serviceByName(ctx.region, ns.id, input.Name);
    if (existing) {
      if (input.CreatorRequestId !== undefined && existing.creatorRequestId === input.CreatorRequestId) {
        return { Service: serviceView(existing, ctx.accountId, await tx.cloudMap.countInstances(existing.id)) };
      }
      throw serviceAlreadyExists(input.Name, existing.id, existing.arn, existing.creatorRequestId);
    }
    const id = newServiceId();
    const arn = serviceArn(ctx, id);
    const record: CloudMapServiceRecord = {
      region: ctx.region,
      id,
      arn,
      namespaceId: ns.id,
      name: input.Name,
      ...(input.CreatorRequestId !== undefined && { creatorRequestId: input.CreatorRequestId }),
      createdAt: ctx.now.getTime(),
      revision: 1,
      doc: {
        ...(input.Description !== undefined && { Description: input.Description }),
        ...(input.DnsConfig && { DnsConfig: normalizeDnsConfig(input.DnsConfig) }),
        Type: input.DnsConfig ? "DNS_HTTP" : "HTTP",
        ...(input.HealthCheckConfig && { HealthCheckConfig: healthCheckConfig(input.HealthCheckConfig) }),
        ...(input.HealthCheckCustomConfig && { HealthCheckCustomConfig: { FailureThreshold: 1 } }),
      },
    };
    await putTags(tx, arn, input.Tags ?? []);
    await tx.cloudMap.putService(record);
    return { Service: serviceView(record, ctx.accountId, 0) };
  });
  discoveryChanged(ctx.store);
  return result;
}

export async function getService(input: { Id: string }, ctx: RequestContext) {
  return ctx.store.read(async (tx) => {
    const s = await requireService(tx, ctx, input.Id);
    return { Service: serviceView(s, ctx.accountId, await tx.cloudMap.countInstances(s.id)) };
  });
}

export async function listServices(input: { Filters?: Filter[]; MaxResults?: number; NextToken?: string }, ctx: RequestContext) {
  const keep = allOf<CloudMapServiceRecord>(
    (input.Filters ?? []).map((f) => {
      if (f.Name === "NAMESPACE_ID") {
        const p = stringFilter(f, ["EQ", "IN"]);
        return (s) => p(s.namespaceId);
      }
      const p = stringFilter(f, ["EQ"]);
      return () => p("SELF");
    }),
  );
  const page = planPage(ctx, ["ListServices", ctx.region, input.Filters ?? []], input);
  return ctx.store.read(async (tx) => {
    const rows = await collect((after, limit) => tx.cloudMap.listServices(ctx.region, { after, limit }), (s) => s.id, keep, page.after, page.size + 1);
    const { items, NextToken } = page.finish(rows, (s) => s.id);
    const Services = [];
    for (const s of items) Services.push(serviceSummary(s, ctx.accountId, await tx.cloudMap.countInstances(s.id)));
    return { Services, ...(NextToken && { NextToken }) };
  });
}

export async function updateService(
  input: { Id: string; Service: { Description?: string; DnsConfig?: { DnsRecords: DnsRecord[] }; HealthCheckConfig?: HealthCheckConfig } },
  ctx: RequestContext,
) {
  const result = await ctx.store.write(async (tx) => {
    const s = await requireService(tx, ctx, input.Id);
    const doc = { ...s.doc };
    const change = input.Service;
    if (change.Description !== undefined) doc.Description = change.Description;
    if (change.DnsConfig) {
      if (!doc.DnsConfig) throw invalidInput(`Service ${s.id} has no DnsConfig to update.`);
      doc.DnsConfig = changeTtls(doc.DnsConfig as DnsConfig, change.DnsConfig.DnsRecords);
    }
    if (change.HealthCheckConfig) {
      if (doc.HealthCheckCustomConfig) throw invalidInput(`Service ${s.id} has a custom health check configuration.`);
      const ns = await requireNamespace(tx, ctx, s.namespaceId);
      if (ns.type === "DNS_PRIVATE") throw invalidInput("HealthCheckConfig is supported only in public DNS namespaces; use HealthCheckCustomConfig.");
      doc.HealthCheckConfig = healthCheckConfig(change.HealthCheckConfig);
    }
    await tx.cloudMap.putService({ ...s, doc });
    return { OperationId: await recordOperation(tx, ctx, "UPDATE_SERVICE", { SERVICE: s.id }) };
  });
  discoveryChanged(ctx.store);
  return result;
}

export async function deleteService(input: { Id: string }, ctx: RequestContext) {
  await ctx.store.write(async (tx) => {
    const s = await requireService(tx, ctx, input.Id);
    if ((await tx.cloudMap.countInstances(s.id)) > 0) throw resourceInUse(`Service ${s.id} has registered instances: deregister them first.`);
    await tx.cloudMap.deleteService(ctx.region, s.id);
    await tx.tags.remove(s.arn, (await tx.tags.get(s.arn)).map((t) => t.key));
  });
  discoveryChanged(ctx.store);
  return {};
}

const MAX_SERVICE_ATTRIBUTES = 30;

export async function getServiceAttributes(input: { ServiceId: string }, ctx: RequestContext) {
  return ctx.store.read(async (tx) => {
    const s = await requireService(tx, ctx, input.ServiceId);
    return { ServiceAttributes: { ServiceArn: s.arn, ResourceOwner: ctx.accountId, Attributes: (s.doc.ServiceAttributes as Record<string, string>) ?? {} } };
  });
}

export async function updateServiceAttributes(input: { ServiceId: string; Attributes: Record<string, string> }, ctx: RequestContext) {
  await ctx.store.write(async (tx) => {
    const s = await requireService(tx, ctx, input.ServiceId);
    const attrs = { ...((s.doc.ServiceAttributes as Record<string, string>) ?? {}), ...input.Attributes };
    if (Object.keys(attrs).length > MAX_SERVICE_ATTRIBUTES) {
      throw new AwsError("ServiceAttributesLimitExceededException", `A service can have at most ${MAX_SERVICE_ATTRIBUTES} attributes.`);
    }
    await tx.cloudMap.putService({ ...s, doc: { ...s.doc, ServiceAttributes: attrs } });
  });
  return {};
}

export async function deleteServiceAttributes(input: { ServiceId: string; Attributes: string[] }, ctx: RequestContext) {
  await ctx.store.write(async (tx) => {
    const s = await requireService(tx, ctx, input.ServiceId);
    const attrs = { ...((s.doc.ServiceAttributes as Record<string, string>) ?? {}) };
    for (const k of input.Attributes) delete attrs[k];
    await tx.cloudMap.putService({ ...s, doc: { ...s.doc, ServiceAttributes: attrs } });
  });
  return {};
}
