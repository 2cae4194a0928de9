/**
 * What the AWS::ServiceDiscovery::* providers share: calls to berth's Cloud Map, the namespace an
 * operation created, tags, and "already gone is success" on delete.
 */
import { randomUUID } from "node:crypto";
import { serviceDiscoveryService } from "../../servicediscovery/service.js";
import { invoke } from "./invoke.js";
import type { ProviderContext } from "./types.js";
import { isObject, type Json } from "../template/types.js";

export const cloudMap = <O>(operation: string, input: Record<string, unknown>, ctx: ProviderContext) =>
  invoke<O>(serviceDiscoveryService, operation, input, ctx.request);

export const requestId = () => randomUUID();

export const tagsOf = (tags: Json | undefined) =>
  (Array.isArray(tags) ? tags : []).filter(isObject).map((t) => ({ Key: String(t.Key), Value: String(t.Value ?? "") }));

export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

interface NamespaceWire { Id: string; Arn: string; Name: string; Properties?: { DnsProperties?: { HostedZoneId?: string } } }

/** The namespace a Create*Namespace operation made (operations complete at once in berth). */
export async function namespaceOfOperation(operationId: string, ctx: ProviderContext): Promise<NamespaceWire> {
  const op = await cloudMap<{ Operation: { Status: string; ErrorMessage?: string; Targets?: Record<string, string> } }>("GetOperation", { OperationId: operationId }, ctx);
  const id = op.Operation.Targets?.NAMESPACE;
  if (op.Operation.Status !== "SUCCESS" || !id) throw new Error(op.Operation.ErrorMessage ?? `Cloud Map operation ${operationId} is ${op.Operation.Status}`);
  return (await cloudMap<{ Namespace: NamespaceWire }>("GetNamespace", { Id: id }, ctx)).Namespace;
}

/** Tags: remove the keys that went, put the current ones. */
export async function retag(arn: string, before: Json | undefined, after: Json | undefined, ctx: ProviderContext): Promise<void> {
  if (same(before, after)) return;
  const next = tagsOf(after);
  const gone = tagsOf(before).map((t) => t.Key).filter((k) => !next.some((t) => t.Key === k));
  if (gone.length) await cloudMap("UntagResource", { ResourceARN: arn, TagKeys: gone }, ctx);
  if (next.length) await cloudMap("TagResource", { ResourceARN: arn, Tags: next }, ctx);
}

export async function deleteQuietly(operation: string, id: string, notFound: string, ctx: ProviderContext): Promise<void> {
  try {
    await cloudMap(operation, { Id: id }, ctx);
  } catch (err) {
    if ((err as Error).name !== notFound) throw err;
  }
}
