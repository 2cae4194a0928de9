/**
 * Instance actions: RegisterInstance, DeregisterInstance, GetInstance, ListInstances,
 * GetInstancesHealthStatus, UpdateInstanceCustomHealthStatus (the work is in ../instances/).
 */
import type { RequestContext } from "../../../server/service.js";
import { discoveryChanged } from "../changes.js";
import { instanceNotFound } from "../errors.js";
import { instanceHealth } from "../health.js";
import { deregisterInstance as deregister, registerInstance as register, setCustomHealth, type RegisterInstanceInput } from "../instances/registry.js";
import { planPage } from "../pagination.js";
import { requireService } from "./services.js";

export async function registerInstance(input: RegisterInstanceInput, ctx: RequestContext) {
  const OperationId = await ctx.store.write((tx) => register(tx, ctx, input));
  discoveryChanged(ctx.store);
  return { OperationId };
}

export async function deregisterInstance(input: { ServiceId: string; InstanceId: string }, ctx: RequestContext) {
  const OperationId = await ctx.store.write((tx) => deregister(tx, ctx, input));
  discoveryChanged(ctx.store);
  return { OperationId };
}

export async function updateInstanceCustomHealthStatus(input: { ServiceId: string; InstanceId: string; Status: "HEALTHY" | "UNHEALTHY" }, ctx: RequestContext) {
  await ctx.store.write((tx) => setCustomHealth(tx, ctx, input));
  discoveryChanged(ctx.store);
  return {};
}

export async function getInstance(input: { ServiceId: string; InstanceId: string }, ctx: RequestContext) {
  return ctx.store.read(async (tx) => {
    const s = await requireService(tx, ctx, input.ServiceId);
    const i = await tx.cloudMap.getInstance(s.id, input.InstanceId);
    if (!i) throw instanceNotFound(input.InstanceId);
    return {
      ResourceOwner: ctx.accountId,
      Instance: { Id: i.id, ...(i.creatorRequestId !== undefined && { CreatorRequestId: i.creatorRequestId }), Attributes: i.attributes, CreatedByAccount: ctx.accountId },
    };
  });
}

export async function listInstances(input: { ServiceId: string; MaxResults?: number; NextToken?: string }, ctx: RequestContext) {
  return ctx.store.read(async (tx) => {
    const s = await requireService(tx, ctx, input.ServiceId);
    const page = planPage(ctx, ["ListInstances", ctx.region, s.id], input);
    const rows = await tx.cloudMap.listInstances(s.id, { after: page.after, limit: page.size + 1 });
    const { items, NextToken } = page.finish(rows, (i) => i.id);
    return {
      ResourceOwner: ctx.accountId,
      Instances: items.map((i) => ({ Id: i.id, Attributes: i.attributes, CreatedByAccount: ctx.accountId })),
      ...(NextToken && { NextToken }),
    };
  });
}

export async function getInstancesHealthStatus(input: { ServiceId: string; Instances?: string[]; MaxResults?: number; NextToken?: string }, ctx: RequestContext) {
  return ctx.store.read(async (tx) => {
    const s = await requireService(tx, ctx, input.ServiceId);
    const page = planPage(ctx, ["GetInstancesHealthStatus", ctx.region, s.id, input.Instances ?? null], input);
    let rows;
    if (input.Instances) {
      rows = [];
      for (const id of [...new Set(input.Instances)].sort()) {
        if (page.after !== undefined && id <= page.after) continue;
        const i = await tx.cloudMap.getInstance(s.id, id);
        if (!i) throw instanceNotFound(id);
        rows.push(i);
        if (rows.length > page.size) break;
      }
    } else {
      rows = await tx.cloudMap.listInstances(s.id, { after: page.after, limit: page.size + 1 });
    }
    const { items, NextToken } = page.finish(rows, (i) => i.id);
    return { Status: Object.fromEntries(items.map((i) => [i.id, instanceHealth(s, i)])), ...(NextToken && { NextToken }) };
  });
}
