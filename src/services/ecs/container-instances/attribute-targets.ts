/**
 * The container instances PutAttributes and DeleteAttributes name: each attribute's `targetId`
 * (an id needs `targetType: container-instance`; an ARN does not), resolved in the request's
 * cluster. An unknown or deregistered target is a TargetNotFoundException.
 */
import { AwsError } from "../../../errors.js";
import type { ClusterRecord, ContainerInstanceRecord, StoreTx } from "../../../store/store.js";
import type { RequestContext } from "../../../server/service.js";
import { invalidParameter } from "../errors.js";
import type { Attribute } from "../types.js";
import { findInstance } from "./lookup.js";

export const MAX_ATTRIBUTES_PER_CALL = 10;

export function checkAttributeTargets(attributes: Attribute[]): void {
  if (attributes.length === 0) throw invalidParameter("Attributes cannot be empty.");
  for (const a of attributes) {
    if (a.targetId === undefined || a.targetId === "") throw invalidParameter(`Attribute ${a.name} has no targetId: name the container instance it belongs to.`);
    if (!a.targetId.startsWith("arn:") && a.targetType === undefined) {
      throw invalidParameter(`targetType is required when targetId ${a.targetId} is a short id rather than an ARN.`);
    }
  }
}

/** Attributes grouped by the instance they target, in the order the targets first appear. */
export async function groupByTarget(tx: StoreTx, ctx: RequestContext, cluster: ClusterRecord, attributes: Attribute[]): Promise<Map<string, { record: ContainerInstanceRecord; attributes: Attribute[] }>> {
  const groups = new Map<string, { record: ContainerInstanceRecord; attributes: Attribute[] }>();
  for (const a of attributes) {
    const record = await findInstance(tx, ctx, cluster, a.targetId!);
    if (!record || record.status === "INACTIVE") throw new AwsError("TargetNotFoundException", `Could not find ${a.targetId} in cluster ${cluster.name}.`);
    const group = groups.get(record.id) ?? { record, attributes: [] };
    group.attributes.push(a);
    groups.set(record.id, group);
  }
  return groups;
}
