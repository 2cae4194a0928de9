import type { RequestContext } from "../../../server/service.js";
import { requireTaggable } from "../taggable.js";
import type { Tag } from "../types.js";

export interface ListTagsForResourceRequest {
  resourceArn: string;
}

export interface ListTagsForResourceResponse {
  tags: Tag[];
}

export async function listTagsForResource(input: ListTagsForResourceRequest, ctx: RequestContext): Promise<ListTagsForResourceResponse> {
  return ctx.store.read(async (tx) => {
    await requireTaggable(tx, ctx, input.resourceArn);
    return { tags: await tx.tags.get(input.resourceArn) };
  });
}
