/** Tags of ELBv2 resources (load balancers, target groups, listeners, rules), in the shared tags table. */
import { AwsError } from "../../errors.js";
import type { StoreTx } from "../../store/store.js";
import { getListener, getLoadBalancer, getRule, getTargetGroup } from "./records.js";
import { validation } from "./errors.js";

export interface TagWire {
  Key: string;
  Value?: string;
}

/** Throws the resource type's not-found error when the ARN names nothing of this region. */
export async function requireTaggable(tx: StoreTx, region: string, arn: string): Promise<void> {
  if (arn.includes(":loadbalancer/")) await getLoadBalancer(tx, region, arn);
  else if (arn.includes(":targetgroup/")) await getTargetGroup(tx, region, arn);
  else if (arn.includes(":listener-rule/")) await getRule(tx, region, arn);
  else if (arn.includes(":listener/")) await getListener(tx, region, arn);
  else throw validation(`'${arn}' is not a valid resource ARN`);
}

export async function addTags(tx: StoreTx, arn: string, tags: TagWire[] | undefined): Promise<void> {
  if (!tags?.length) return;
  const keys = new Set<string>();
  for (const t of tags) {
    if (keys.has(t.Key)) throw new AwsError("DuplicateTagKeys", `Tag key '${t.Key}' is duplicated`);
    keys.add(t.Key);
  }
  const existing = await tx.tags.get(arn);
  const total = new Set([...existing.map((t) => t.key), ...keys]).size;
  if (total > 50) throw new AwsError("TooManyTags", "The quota for the number of tags that can be assigned to a load balancer has been reached");
  await tx.tags.put(arn, tags.map((t) => ({ key: t.Key, value: t.Value ?? "" })));
}

export async function tagsOf(tx: StoreTx, arn: string): Promise<{ Key: string; Value: string }[]> {
  return (await tx.tags.get(arn)).map((t) => ({ Key: t.key, Value: t.value }));
}
