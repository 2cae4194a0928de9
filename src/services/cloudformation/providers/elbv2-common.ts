/**
 * What the AWS::ElasticLoadBalancingV2::* providers share: template values as ELBv2 wire input
 * (the API already speaks PascalCase; numbers and booleans may come as strings), tag and
 * attribute diffs, and "already gone is success" on delete.
 */
import { elbv2Service } from "../../elbv2/service.js";
import { coerceBooleans, coerceNumbers, coerceStrings } from "./camel.js";
import { invoke } from "./invoke.js";
import type { ProviderContext } from "./types.js";
import { isObject, type Json, type JsonObject } from "../template/types.js";

const NUMBERS = new Set([
  "Priority", "Order", "Weight", "DurationSeconds", "HealthCheckIntervalSeconds", "HealthCheckTimeoutSeconds",
  "HealthyThresholdCount", "UnhealthyThresholdCount",
]);
const BOOLEANS = new Set(["HealthCheckEnabled", "Enabled", "UseExistingClientSecret"]);
const STRINGS = new Set(["StatusCode", "HttpCode", "GrpcCode", "HealthCheckPort", "Value", "Values"]);

/** A template value as ELBv2 wire input. */
export const wire = (v: Json): Json => coerceStrings(coerceBooleans(coerceNumbers(v, NUMBERS), BOOLEANS), STRINGS);

export const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export const elb = <O>(operation: string, input: JsonObject | Record<string, unknown>, ctx: ProviderContext) =>
  invoke<O>(elbv2Service, operation, input as Record<string, unknown>, ctx.request);

export const tagsOf = (tags: Json | undefined) =>
  (Array.isArray(tags) ? tags : []).filter(isObject).map((t) => ({ Key: String(t.Key), Value: String(t.Value ?? "") }));

/** Tags: remove the keys that went, put the current ones. */
export async function retag(arn: string, before: Json | undefined, after: Json | undefined, ctx: ProviderContext): Promise<void> {
  if (same(before, after)) return;
  const next = tagsOf(after);
  const gone = tagsOf(before).map((t) => t.Key).filter((k) => !next.some((t) => t.Key === k));
  if (gone.length) await elb("RemoveTags", { ResourceArns: [arn], TagKeys: gone }, ctx);
  if (next.length) await elb("AddTags", { ResourceArns: [arn], Tags: next }, ctx);
}

/** `[{Key, Value}]` attributes as wire attributes (values are strings). */
export const attributesOf = (v: Json | undefined) =>
  (Array.isArray(v) ? v : []).filter(isObject).map((a) => ({ Key: String(a.Key), Value: String(a.Value ?? "") }));

/** Delete, where the resource being gone already is success. */
export async function deleteQuietly(operation: string, input: Record<string, unknown>, notFound: string, ctx: ProviderContext): Promise<void> {
  try {
    await elb(operation, input, ctx);
  } catch (err) {
    if ((err as Error).name !== notFound) throw err;
  }
}

/** `arn:...:loadbalancer/app/name/id` → `app/name/id`; `arn:...:targetgroup/name/id` → `targetgroup/name/id`. */
export const fullName = (arn: string, kind: "loadbalancer" | "targetgroup") => {
  const rest = arn.slice(arn.indexOf(`:${kind}/`) + 1);
  return kind === "loadbalancer" ? rest.slice("loadbalancer/".length) : rest;
};

/** A CloudFormation-style generated name that ELBv2 accepts (≤ 32 chars, no leading/trailing hyphen). */
export const elbName = (ctx: ProviderContext) => ctx.generateName(32).replace(/[^A-Za-z0-9-]/g, "").replace(/^-+|-+$/g, "");
