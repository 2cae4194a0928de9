/**
 * Registering a container instance, shared by ECS's RegisterContainerInstance and the agent
 * protocol's RegisterAgent. A re-registration (by ARN, or by agent name in the cluster) returns the
 * same instance with its resources, attributes and version info refreshed and `version` + 1; it
 * keeps its id, ec2InstanceId, registeredAt and status (a DRAINING instance stays DRAINING: draining
 * is the operator's decision, not the agent's). Re-registering a deregistered instance by ARN is
 * refused as ECS does ("Container instance <id> is inactive."); by name, a deregistered instance is
 * never reused and a new one is made.
 */
import { randomBytes } from "node:crypto";
import type { ClusterRecord, ContainerInstanceRecord, StoreTx } from "../../../store/store.js";
import type { RequestContext } from "../../../server/service.js";
import { containerInstanceArn } from "../arns.js";
import { clientException, invalidParameter } from "../errors.js";
import type { Resource, VersionInfo } from "../types.js";
import { checkCustomLimit, isBuiltIn, mergeAttributes, validateAttribute, type StoredAttribute } from "./attributes.js";
import { findInstance } from "./lookup.js";
import { instanceDoc, type InstanceDoc } from "./view.js";

export interface Registration {
  cluster: ClusterRecord;
  agentName?: string;
  containerInstanceArn?: string;
  ec2InstanceId?: string;
  resources: Resource[];
  attributes: StoredAttribute[];
  versionInfo: VersionInfo;
}

export const newInstanceId = () => randomBytes(16).toString("hex");
export const newEc2InstanceId = () => `i-${randomBytes(9).toString("hex").slice(0, 17)}`;

/**
 * What is left of `registered` once the tasks that use `oldRegistered − oldRemaining` are counted:
 * integers subtract what is used; string sets add the strings (bound ports) in use.
 */
export function rebaseRemaining(oldRegistered: Resource[], oldRemaining: Resource[], registered: Resource[]): Resource[] {
  return registered.map((r) => {
    const before = oldRegistered.find((o) => o.name === r.name);
    const left = oldRemaining.find((o) => o.name === r.name);
    if (!before || !left) return r;
    if (r.type === "STRINGSET") {
      const inUse = (left.stringSetValue ?? []).filter((s) => !(before.stringSetValue ?? []).includes(s));
      return { ...r, stringSetValue: [...new Set([...(r.stringSetValue ?? []), ...inUse])] };
    }
    const used = (before.integerValue ?? 0) - (left.integerValue ?? 0);
    return { ...r, integerValue: (r.integerValue ?? 0) - used };
  });
}

export async function registerInstance(tx: StoreTx, ctx: RequestContext, reg: Registration): Promise<ContainerInstanceRecord> {
  for (const a of reg.attributes) validateAttribute(a);
  const sent = mergeAttributes([], reg.attributes);
  const now = ctx.now.getTime();

  let existing: ContainerInstanceRecord | undefined;
  if (reg.containerInstanceArn !== undefined) {
    existing = await findInstance(tx, ctx, reg.cluster, reg.containerInstanceArn);
    if (!existing) throw invalidParameter(`Container instance ${reg.containerInstanceArn} was not found in cluster ${reg.cluster.name}.`);
    if (existing.status === "INACTIVE") throw clientException(`Container instance ${existing.id} is inactive.`);
  } else if (reg.agentName !== undefined) {
    existing = await tx.containerInstances.byAgentName(ctx.region, reg.cluster.name, reg.agentName);
  }

  if (existing) {
    const old = instanceDoc(existing);
    // Custom attributes put with PutAttributes survive the agent's restart unless it sends them anew.
    const kept = old.attributes.filter((a) => !isBuiltIn(a.name) && !sent.some((s) => s.name === a.name));
    const attributes = [...sent, ...kept];
    checkCustomLimit(attributes);
    const doc: InstanceDoc = {
      ...old,
      version: old.version + 1,
      versionInfo: reg.versionInfo,
      registeredResources: reg.resources,
      remainingResources: rebaseRemaining(old.registeredResources, old.remainingResources, reg.resources),
      attributes,
    };
    const status = existing.status === "DRAINING" ? "DRAINING" : "ACTIVE";
    const record: ContainerInstanceRecord = { ...existing, status, lastHeartbeatAt: now, doc: doc as unknown as Record<string, unknown> };
    if (reg.agentName !== undefined) record.agentName = reg.agentName;
    await tx.containerInstances.put(record);
    return record;
  }

  checkCustomLimit(sent);
  const id = newInstanceId();
  const doc: InstanceDoc = {
    version: 1,
    versionInfo: reg.versionInfo,
    registeredResources: reg.resources,
    remainingResources: reg.resources,
    attributes: sent,
    runningTasksCount: 0,
    pendingTasksCount: 0,
  };
  const record: ContainerInstanceRecord = {
    region: ctx.region,
    cluster: reg.cluster.name,
    id,
    arn: containerInstanceArn(ctx, reg.cluster.name, id),
    ec2InstanceId: reg.ec2InstanceId ?? newEc2InstanceId(),
    status: "ACTIVE",
    registeredAt: now,
    lastHeartbeatAt: now,
    doc: doc as unknown as Record<string, unknown>,
  };
  if (reg.agentName !== undefined) record.agentName = reg.agentName;
  await tx.containerInstances.put(record);
  return record;
}
