/**
 * The serialized TaskDefinition wire shape of recently described revisions, so that
 * DescribeTaskDefinition (the hottest read of deploy tooling) neither parses the stored doc nor
 * stringifies an object per request. Entries are checked against the doc and status just read
 * from the store, so a change made anywhere (another server, a deregistration) is never served
 * stale: a mismatch simply rebuilds the entry.
 */
import type { TaskDefinitionRecord } from "../../../store/store.js";
import { serializeJson } from "../../../protocol/aws-json.js";
import { toWire } from "./to-wire.js";

interface Entry {
  docJson: string;
  status: string;
  text: string;
}

export const WIRE_CACHE_SIZE = 2000;
const cache = new Map<string, Entry>();

/** The TaskDefinition as JSON text, from the cache when the stored doc is unchanged. */
export function wireJson(record: TaskDefinitionRecord): string {
  const hit = cache.get(record.arn);
  if (hit && record.docJson !== undefined && hit.docJson === record.docJson && hit.status === record.status) return hit.text;
  const text = serializeJson(toWire(record));
  if (record.docJson !== undefined) {
    cache.delete(record.arn);
    cache.set(record.arn, { docJson: record.docJson, status: record.status, text });
    // Insertion order makes the first key the least recently (re)built one.
    if (cache.size > WIRE_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return text;
}
