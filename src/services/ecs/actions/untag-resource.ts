import type { RequestContext } from "../../../server/service.js";
import { invalidParameter } from "../errors.js";
import { requireTaggable } from "../taggable.js";

export interface UntagResourceRequest {
  resourceArn: string;
  tagKeys: string[];
}

export type UntagResourceResponse = Record<string, never>;

/** Removes the given tag keys; keys the resource doesn't have are ignored. */
export async function untagResource(input: UntagResourceRequest, ctx: RequestContext): Promise<UntagResourceResponse> {
  if (input.tagKeys.some((k) => k.toLowerCase().startsWith("aws:"))) throw invalidParameter("Tag keys with the aws: prefix are reserved for AWS use.");
  await ctx.store.write(async (tx) => {
    await requireTaggable(tx, ctx, input.resourceArn);
    await tx.tags.remove(input.resourceArn, input.tagKeys);
  });
  return {};
}
