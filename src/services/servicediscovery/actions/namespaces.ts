/**
 * Namespace actions: CreateHttpNamespace, CreatePrivateDnsNamespace, CreatePublicDnsNamespace,
 * GetNamespace, ListNamespaces, DeleteNamespace, Update{Http,PrivateDns,PublicDns}Namespace.
 * A namespace's HttpName (its name) is unique in a region, whatever its type. Creation is an
 * operation (CREATE_NAMESPACE) that berth completes at once; a retry with the same CreatorRequestId
 * gets the first operation's id back.
 */
import type { RequestContext } from "../../../server/service.js";
import type { CloudMapNamespaceRecord } from "../../../store/store.js";
import { discoveryChanged } from "../changes.js";
import { duplicateRequest, invalidInput, namespaceAlreadyExists, namespaceNotFound, resourceInUse } from "../errors.js";
import { allOf, stringFilter, type Filter } from "../filters.js";
import { idOf, namespaceArn, newHostedZoneId, newNamespaceId } from "../ids.js";
import { recordOperation } from "../operations.js";
import { collect, planPage } from "../pagination.js";
import { putTags, type WireTag } from "../tags.js";
import { namespaceSummary, namespaceView } from "../views.js";

/** Default negative-caching TTL of a DNS namespace's SOA record, when none is given. */
export const DEFAULT_SOA_TTL = 15;

const DNS_LABEL = /^[a-zA-Z0-9_]([a-zA-Z0-9_-]{0,61}[a-zA-Z0-9_])?$/;

function checkDnsName(name: string): void {
  const trimmed = name.endsWith(".") ? name.slice(0, -1) : name;
  if (!trimmed.split(".").every((l) => DNS_LABEL.test(l))) throw invalidInput(`Namespace name ${name} is not a valid DNS domain name.`);
}

interface CreateSpec {
  name: string;
  type: CloudMapNamespaceRecord["type"];
  description?: string;
  soaTtl?: number;
  tags?: WireTag[];
  creatorRequestId?: string;
}

async function createNamespace(spec: CreateSpec, ctx: RequestContext): Promise<{ OperationId: string }> {
  const name = spec.type === "HTTP" ? spec.name : spec.name.replace(/\.$/, "");
  if (spec.type !== "HTTP") checkDnsName(name);
  const result = await ctx.store.write(async (tx) => {
    const existing = await tx.cloudMap.namespaceByName(ctx.region, name);
    if (existing) {
      if (spec.creatorRequestId !== undefined && existing.creatorRequestId === spec.creatorRequestId) {
        const op = await tx.cloudMap.operationByCreatorRequestId(ctx.region, spec.creatorRequestId);
        if (op) return { OperationId: op.id };
      }
      throw namespaceAlreadyExists(name, existing.id, existing.creatorRequestId);
    }
    if (spec.creatorRequestId !== undefined) {
      const prior = await tx.cloudMap.operationByCreatorRequestId(ctx.region, spec.creatorRequestId);
      if (prior) throw duplicateRequest(prior.id);
    }
    const id = newNamespaceId();
    const arn = namespaceArn(ctx, id);
    const dns = spec.type === "HTTP" ? {} : { HostedZoneId: newHostedZoneId(), SOA: { TTL: spec.soaTtl ?? DEFAULT_SOA_TTL } };
    await putTags(tx, arn, spec.tags ?? []);
    await tx.cloudMap.putNamespace({
      region: ctx.region,
      id,
      arn,
      name,
      type: spec.type,
      ...(spec.creatorRequestId !== undefined && { creatorRequestId: spec.creatorRequestId }),
      createdAt: ctx.now.getTime(),
      doc: {
        ...(spec.description !== undefined && { Description: spec.description }),
        Properties: { DnsProperties: dns, HttpProperties: { HttpName: name } },
      },
    });
    return { OperationId: await recordOperation(tx, ctx, "CREATE_NAMESPACE", { NAMESPACE: id }, spec.creatorRequestId) };
  });
  discoveryChanged(ctx.store);
  return result;
}

interface CreateBase {
  Name: string;
  CreatorRequestId?: string;
  Description?: string;
  Tags?: WireTag[];
}
type SoaProps = { DnsProperties: { SOA: { TTL: number } } };

export const createHttpNamespace = (input: CreateBase, ctx: RequestContext) =>
  createNamespace({ name: input.Name, type: "HTTP", description: input.Description, tags: input.Tags, creatorRequestId: input.CreatorRequestId }, ctx);

export const createPrivateDnsNamespace = (input: CreateBase & { Vpc: string; Properties?: SoaProps }, ctx: RequestContext) =>
  createNamespace(
    {
      name: input.Name,
      type: "DNS_PRIVATE",
      description: input.Description,
      soaTtl: input.Properties?.DnsProperties.SOA.TTL,
      tags: input.Tags,
      creatorRequestId: input.CreatorRequestId,
    },
    ctx,
  );

export const createPublicDnsNamespace = (input: CreateBase & { Properties?: SoaProps }, ctx: RequestContext) =>
  createNamespace(
    {
      name: input.Name,
      type: "DNS_PUBLIC",
      description: input.Description,
      soaTtl: input.Properties?.DnsProperties.SOA.TTL,
      tags: input.Tags,
      creatorRequestId: input.CreatorRequestId,
    },
    ctx,
  );

export async function requireNamespace(tx: { cloudMap: { getNamespace(r: string, id: string): Promise<CloudMapNamespaceRecord | undefined> } }, ctx: RequestContext, idOrArn: string) {
  const ns = await tx.cloudMap.getNamespace(ctx.region, idOf(idOrArn));
  if (!ns) throw namespaceNotFound(idOrArn);
  return ns;
}

export async function getNamespace(input: { Id: string }, ctx: RequestContext) {
  return ctx.store.read(async (tx) => {
    const ns = await requireNamespace(tx, ctx, input.Id);
    return { Namespace: namespaceView(ns, ctx.accountId, await tx.cloudMap.countServices(ctx.region, ns.id)) };
  });
}

function namespaceFilter(filters: Filter[] | undefined) {
  return allOf<CloudMapNamespaceRecord>(
    (filters ?? []).map((f) => {
      switch (f.Name) {
        case "TYPE": {
          const p = stringFilter(f, ["EQ", "IN"]);
          return (n) => p(n.type);
        }
        case "NAME":
        case "HTTP_NAME": {
          const p = stringFilter(f, ["EQ", "BEGINS_WITH"]);
          return (n) => p(n.name);
        }
        default: {
          // RESOURCE_OWNER: SELF (every namespace here) or OTHER_ACCOUNTS (none: berth shares nothing).
          const p = stringFilter(f, ["EQ"]);
          return () => p("SELF");
        }
      }
    }),
  );
}

export async function listNamespaces(input: { Filters?: Filter[]; MaxResults?: number; NextToken?: string }, ctx: RequestContext) {
  const keep = namespaceFilter(input.Filters);
  const page = planPage(ctx, ["ListNamespaces", ctx.region, input.Filters ?? []], input);
  return ctx.store.read(async (tx) => {
    const rows = await collect((after, limit) => tx.cloudMap.listNamespaces(ctx.region, { after, limit }), (n) => n.id, keep, page.after, page.size + 1);
    const { items, NextToken } = page.finish(rows, (n) => n.id);
    const Namespaces = [];
    for (const n of items) Namespaces.push(namespaceSummary(n, ctx.accountId, await tx.cloudMap.countServices(ctx.region, n.id)));
    return { Namespaces, ...(NextToken && { NextToken }) };
  });
}

export async function deleteNamespace(input: { Id: string }, ctx: RequestContext) {
  const result = await ctx.store.write(async (tx) => {
    const ns = await requireNamespace(tx, ctx, input.Id);
    if ((await tx.cloudMap.countServices(ctx.region, ns.id)) > 0) throw resourceInUse(`Namespace ${ns.id} has associated services: delete them first.`);
    await tx.cloudMap.deleteNamespace(ctx.region, ns.id);
    await tx.tags.remove(ns.arn, (await tx.tags.get(ns.arn)).map((t) => t.key));
    return { OperationId: await recordOperation(tx, ctx, "DELETE_NAMESPACE", { NAMESPACE: ns.id }) };
  });
  discoveryChanged(ctx.store);
  return result;
}

async function updateNamespace(
  idOrArn: string,
  type: CloudMapNamespaceRecord["type"],
  change: { Description?: string; Properties?: { DnsProperties?: { SOA?: { TTL: number } } } },
  ctx: RequestContext,
) {
  const result = await ctx.store.write(async (tx) => {
    const ns = await requireNamespace(tx, ctx, idOrArn);
    if (ns.type !== type) throw invalidInput(`Namespace ${ns.id} is of type ${ns.type}.`);
    const doc = structuredClone(ns.doc) as { Description?: string; Properties: { DnsProperties: { SOA?: { TTL: number } } } };
    if (change.Description !== undefined) doc.Description = change.Description;
    const ttl = change.Properties?.DnsProperties?.SOA?.TTL;
    if (ttl !== undefined) doc.Properties.DnsProperties.SOA = { TTL: ttl };
    await tx.cloudMap.putNamespace({ ...ns, doc });
    return { OperationId: await recordOperation(tx, ctx, "UPDATE_NAMESPACE", { NAMESPACE: ns.id }) };
  });
  discoveryChanged(ctx.store);
  return result;
}

type UpdateInput<C> = { Id: string; UpdaterRequestId?: string; Namespace: C };
export const updateHttpNamespace = (input: UpdateInput<{ Description: string }>, ctx: RequestContext) =>
  updateNamespace(input.Id, "HTTP", input.Namespace, ctx);
export const updatePrivateDnsNamespace = (input: UpdateInput<{ Description?: string; Properties?: { DnsProperties: { SOA: { TTL: number } } } }>, ctx: RequestContext) =>
  updateNamespace(input.Id, "DNS_PRIVATE", input.Namespace, ctx);
export const updatePublicDnsNamespace = (input: UpdateInput<{ Description?: string; Properties?: { DnsProperties: { SOA: { TTL: number } } } }>, ctx: RequestContext) =>
  updateNamespace(input.Id, "DNS_PUBLIC", input.Namespace, ctx);
