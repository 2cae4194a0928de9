/**
 * ECS tag rules: at most 50 per resource (keys with the `aws:` prefix don't count and can't be
 * set by users), keys 1-128 and values 0-256 characters of `[\p{L}\p{Z}\p{N}_.:/=+\-@]`.
 */
import type { Tag } from "../../store/store.js";
import { invalidParameter, limitExceeded } from "./errors.js";

export const MAX_TAGS = 50;
const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** Check tags a user asks to set; throws ECS's error for the first bad one. */
export function validateTags(tags: Tag[]): void {
  const seen = new Set<string>();
  for (const t of tags) {
    if (t.key === undefined || t.key.length < 1 || t.key.length > 128) throw invalidParameter("Tag keys must be between 1 and 128 characters.");
    if ((t.value ?? "").length > 256) throw invalidParameter("Tag values must be at most 256 characters.");
    if (!TAG_CHARS.test(t.key) || !TAG_CHARS.test(t.value ?? "")) {
      throw invalidParameter("Tag keys and values may contain only letters, numbers, spaces and _ . : / = + - @.");
    }
    if (t.key.toLowerCase().startsWith("aws:")) throw invalidParameter("Tag keys with the aws: prefix are reserved for AWS use.");
    if (seen.has(t.key)) throw invalidParameter(`Duplicate tag key: ${t.key}`);
    seen.add(t.key);
  }
}

/** Tags a resource would have after adding `added` to `existing`; throws when over the limit. */
export function checkTagLimit(existing: Tag[], added: Tag[]): void {
  const keys = new Set(existing.filter((t) => !t.key.startsWith("aws:")).map((t) => t.key));
  for (const t of added) keys.add(t.key);
  if (keys.size > MAX_TAGS) throw limitExceeded(`A resource can have at most ${MAX_TAGS} tags.`);
}

/** Normalize input tags: value defaults to "". */
export const normalizeTags = (tags: { key?: string; value?: string }[] | undefined): Tag[] =>
  (tags ?? []).map((t) => ({ key: t.key ?? "", value: t.value ?? "" }));
