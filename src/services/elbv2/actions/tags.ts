/** AddTags, RemoveTags, DescribeTags. */
import type { RequestContext } from "../../../server/service.js";
import { addTags as add, requireTaggable, tagsOf, type TagWire } from "../tags.js";
import { validation } from "../errors.js";

export async function addTags(input: { ResourceArns: string[]; Tags: TagWire[] }, ctx: RequestContext) {
  await ctx.store.write(async (tx) => {
    for (const arn of input.ResourceArns) await requireTaggable(tx, ctx.region, arn);
    for (const arn of input.ResourceArns) await add(tx, arn, input.Tags);
  });
  return {};
}

export async function removeTags(input: { ResourceArns: string[]; TagKeys: string[] }, ctx: RequestContext) {
  await ctx.store.write(async (tx) => {
    for (const arn of input.ResourceArns) await requireTaggable(tx, ctx.region, arn);
    for (const arn of input.ResourceArns) await tx.tags.remove(arn, input.TagKeys);
  });
  return {};
}

export async function describeTags(input: { ResourceArns: string[] }, ctx: RequestContext) {
  if (input.ResourceArns.length > 20) throw validation("A maximum of 20 resource ARNs can be specified");
  return ctx.store.read(async (tx) => {
    const out = [];
    for (const arn of input.ResourceArns) {
      await requireTaggable(tx, ctx.region, arn);
      out.push({ ResourceArn: arn, Tags: await tagsOf(tx, arn) });
    }
    return { TagDescriptions: out };
  });
}
