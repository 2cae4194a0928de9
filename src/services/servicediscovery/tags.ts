/** Cloud Map tags ({Key, Value}) on namespaces and services, kept in the shared tag table by ARN; at most 50 a resource. */
import type { StoreTx, Tag } from "../../store/store.js";
import { invalidInput, tooManyTags } from "./errors.js";

export interface WireTag {
  Key: string;
  Value: string;
}

export const MAX_TAGS = 50;

export const toWire = (tags: Tag[]): WireTag[] => tags.map((t) => ({ Key: t.key, Value: t.value }));

/** Add or overwrite tags on `arn`, within the limit; `aws:` keys are reserved. */
export async function putTags(tx: StoreTx, arn: string, tags: WireTag[]): Promise<void> {
  if (tags.length === 0) return;
  for (const t of tags) if (t.Key.toLowerCase().startsWith("aws:")) throw invalidInput("Tag keys with the aws: prefix are reserved for AWS use.");
  const keys = new Set((await tx.tags.get(arn)).map((t) => t.key));
  for (const t of tags) keys.add(t.Key);
  if (keys.size > MAX_TAGS) throw tooManyTags(arn);
  await tx.tags.put(arn, tags.map((t) => ({ key: t.Key, value: t.Value })));
}
