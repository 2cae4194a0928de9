/** TagResource, UntagResource, ListTagsForResource on namespace and service ARNs. */
import type { RequestContext } from "../../../server/service.js";
import type { StoreTx } from "../../../store/store.js";
import { resourceNotFound } from "../errors.js";
import { putTags, toWire, type WireTag } from "../tags.js";

async function requireResource(tx: StoreTx, ctx: RequestContext, arn: string): Promise<void> {
  const m = /^arn:aws:servicediscovery:([^:]+):(\d{12}):(namespace|service)\/(.+)$/.exec(arn);
  if (!m || m[1] !== ctx.region || m[2] !== ctx.accountId) throw resourceNotFound(arn);
  const found = m[3] === "namespace" ? await tx.cloudMap.getNamespace(ctx.region, m[4]!) : await tx.cloudMap.getService(ctx.region, m[4]!);
  if (!found || found.arn !== arn) throw resourceNotFound(arn);
}

export async function tagResource(input: { ResourceARN: string; Tags: WireTag[] }, ctx: RequestContext) {
  await ctx.store.write(async (tx) => {
    await requireResource(tx, ctx, input.ResourceARN);
    await putTags(tx, input.ResourceARN, input.Tags);
  });
  return {};
}

export async function untagResource(input: { ResourceARN: string; TagKeys: string[] }, ctx: RequestContext) {
  await ctx.store.write(async (tx) => {
    await requireResource(tx, ctx, input.ResourceARN);
    await tx.tags.remove(input.ResourceARN, input.TagKeys);
  });
  return {};
}

export async function listTagsForResource(input: { ResourceARN: string }, ctx: RequestContext) {
  return ctx.store.read(async (tx) => {
    await requireResource(tx, ctx, input.ResourceARN);
    return { Tags: toWire(await tx.tags.get(input.ResourceARN)) };
  });
}
