/**
 * The stored container instance → ECS's ContainerInstance shape, and → the subject the cluster
 * query language evaluates (ListContainerInstances `filter`, `memberOf` placement). Pure: the
 * clock is an argument.
 */
import type { ContainerInstanceRecord, Tag } from "../../../store/store.js";
import type { QuerySubject } from "../placement/query-language.js";
import type { ContainerInstance, Resource, VersionInfo } from "../types.js";
import { agentConnected } from "./agent-connected.js";
import type { StoredAttribute } from "./attributes.js";

/** What a container instance record keeps in its doc. */
export interface InstanceDoc {
  /** +1 on every change, as ECS's `version`. */
  version: number;
  versionInfo: VersionInfo;
  registeredResources: Resource[];
  remainingResources: Resource[];
  attributes: StoredAttribute[];
  /** Kept by the task writers once tasks exist; 0 until then. */
  runningTasksCount?: number;
  pendingTasksCount?: number;
  capacityProviderName?: string;
}

export const instanceDoc = (record: ContainerInstanceRecord): InstanceDoc => record.doc as unknown as InstanceDoc;

export interface ViewExtras {
  /** The instance's tags: shown only when DescribeContainerInstances asks for TAGS. */
  tags?: Tag[];
  health?: boolean;
}

export function containerInstanceView(record: ContainerInstanceRecord, now: Date, extras: ViewExtras = {}): ContainerInstance {
  const doc = instanceDoc(record);
  const connected = agentConnected(record, now);
  const view: ContainerInstance = {
    containerInstanceArn: record.arn,
    ec2InstanceId: record.ec2InstanceId,
    version: doc.version,
    versionInfo: doc.versionInfo,
    remainingResources: doc.remainingResources,
    registeredResources: doc.registeredResources,
    status: record.status,
    agentConnected: connected,
    runningTasksCount: doc.runningTasksCount ?? 0,
    pendingTasksCount: doc.pendingTasksCount ?? 0,
    attributes: doc.attributes,
    registeredAt: new Date(record.registeredAt),
    attachments: [],
  };
  if (doc.capacityProviderName) view.capacityProviderName = doc.capacityProviderName;
  if (extras.tags) view.tags = extras.tags;
  if (extras.health) {
    // berth has no instance health checks yet: the agent's connection is what we know.
    view.healthStatus = { overallStatus: connected ? "OK" : "INSUFFICIENT_DATA", details: [] };
  }
  return view;
}

export function querySubject(record: ContainerInstanceRecord, now: Date): QuerySubject {
  const doc = instanceDoc(record);
  const attributes: Record<string, string | undefined> = {};
  for (const a of doc.attributes) attributes[a.name] = a.value;
  return {
    attributes,
    ec2InstanceId: record.ec2InstanceId,
    registeredAt: new Date(record.registeredAt),
    runningTasksCount: doc.runningTasksCount ?? 0,
    agentConnected: agentConnected(record, now),
    ...(doc.versionInfo.agentVersion !== undefined && { agentVersion: doc.versionInfo.agentVersion }),
    taskGroups: [],
  };
}
