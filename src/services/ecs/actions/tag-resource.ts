import type { RequestContext } from "../../../server/service.js";
import { requireTaggable } from "../taggable.js";
import { checkTagLimit, normalizeTags, validateTags } from "../tags.js";
import type { Tag } from "../types.js";

export interface TagResourceRequest {
  resourceArn: string;
  tags: Tag[];
}

export type TagResourceResponse = Record<string, never>;

/** Adds tags (overwriting values of existing keys), within the 50-tag limit. */
export async function tagResource(input: TagResourceRequest, ctx: RequestContext): Promise<TagResourceResponse> {
  const tags = normalizeTags(input.tags);
  validateTags(tags);
  await ctx.store.write(async (tx) => {
    await requireTaggable(tx, ctx, input.resourceArn);
    checkTagLimit(await tx.tags.get(input.resourceArn), tags);
    await tx.tags.put(input.resourceArn, tags);
  });
  return {};
}
