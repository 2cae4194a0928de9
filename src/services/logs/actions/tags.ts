/**
 * Log group tags (a map, unlike ECS's list), through both the old group-name actions
 * (TagLogGroup, UntagLogGroup, ListTagsLogGroup) and the ARN ones (TagResource, UntagResource,
 * ListTagsForResource). At most 50 tags per group.
 */
import { AwsError } from "../../../errors.js";
import type { RequestContext } from "../../../server/service.js";
import { invalidParameter, resourceNotFound } from "../errors.js";
import { logStoreOf } from "../logs-runtime.js";
import { groupNameOfArn, requireGroup } from "../names.js";
import type { GroupRow } from "../store/log-store.js";

const MAX_TAGS = 50;

function groupOfArn(ctx: RequestContext, arn: string): GroupRow {
  const name = groupNameOfArn(arn);
  if (name === undefined) throw invalidParameter(`Invalid resource ARN: ${arn}`);
  const g = logStoreOf(ctx).group(ctx.region, name);
  if (g === undefined) throw resourceNotFound();
  return g;
}

function addTags(ctx: RequestContext, g: GroupRow, tags: Record<string, string>, tooMany: () => Error): void {
  const merged = { ...g.tags, ...tags };
  if (Object.keys(merged).length > MAX_TAGS) throw tooMany();
  logStoreOf(ctx).setTags(g.id, merged);
}

function removeTags(ctx: RequestContext, g: GroupRow, keys: string[]): void {
  const left = { ...g.tags };
  for (const k of keys) delete left[k];
  logStoreOf(ctx).setTags(g.id, left);
}

export async function tagLogGroup(input: { logGroupName: string; tags: Record<string, string> }, ctx: RequestContext) {
  const g = requireGroup(logStoreOf(ctx), ctx, input);
  addTags(ctx, g, input.tags, () => invalidParameter(`A log group can have at most ${MAX_TAGS} tags.`));
  return {};
}

export async function untagLogGroup(input: { logGroupName: string; tags: string[] }, ctx: RequestContext) {
  removeTags(ctx, requireGroup(logStoreOf(ctx), ctx, input), input.tags);
  return {};
}

export async function listTagsLogGroup(input: { logGroupName: string }, ctx: RequestContext) {
  return { tags: requireGroup(logStoreOf(ctx), ctx, input).tags };
}

export async function tagResource(input: { resourceArn: string; tags: Record<string, string> }, ctx: RequestContext) {
  const g = groupOfArn(ctx, input.resourceArn);
  addTags(ctx, g, input.tags, () => new AwsError("TooManyTagsException", `A resource can have at most ${MAX_TAGS} tags.`, 400, { resourceName: input.resourceArn }));
  return {};
}

export async function untagResource(input: { resourceArn: string; tagKeys: string[] }, ctx: RequestContext) {
  removeTags(ctx, groupOfArn(ctx, input.resourceArn), input.tagKeys);
  return {};
}

export async function listTagsForResource(input: { resourceArn: string }, ctx: RequestContext) {
  return { tags: groupOfArn(ctx, input.resourceArn).tags };
}
