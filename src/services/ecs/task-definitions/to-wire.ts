/**
 * Stored task definition → the TaskDefinition wire shape. The stored doc is already wire-shaped
 * with its times as epoch milliseconds; here they become Dates (which the JSON protocol renders
 * as epoch seconds), and the record's status is the authoritative one.
 */
import type { TaskDefinitionRecord } from "../../../store/store.js";
import type { TaskDefinition } from "../types.js";

const TIMES = ["registeredAt", "deregisteredAt", "deleteRequestedAt"] as const;

export function toWire(record: TaskDefinitionRecord): TaskDefinition {
  const out = { ...record.doc, taskDefinitionArn: record.arn, family: record.family, revision: record.revision, status: record.status } as TaskDefinition;
  for (const key of TIMES) {
    const ms = record.doc[key];
    if (typeof ms === "number") out[key] = new Date(ms);
    else delete out[key];
  }
  return out;
}
