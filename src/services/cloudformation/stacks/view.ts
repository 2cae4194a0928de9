/** Wire views of stacks, stack resources and events (times as Dates for the Query encoder). */
import type { StackEventRecord, StackRecord, StackResourceRecord } from "../../../store/store.js";
import type { ResourceDoc, StackDoc } from "./types.js";

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));

export function stackView(s: StackRecord) {
  const d = s.doc as unknown as StackDoc;
  return {
    StackId: s.stackId,
    StackName: s.name,
    ...(d.description !== undefined && { Description: d.description }),
    ...(d.parameters.length && { Parameters: d.parameters }),
    CreationTime: new Date(s.createdAt),
    ...(d.lastUpdatedTime !== undefined && { LastUpdatedTime: date(d.lastUpdatedTime) }),
    ...(d.deletionTime !== undefined && { DeletionTime: date(d.deletionTime) }),
    StackStatus: s.status,
    ...(d.statusReason && { StackStatusReason: d.statusReason }),
    DisableRollback: d.disableRollback,
    NotificationARNs: d.notificationARNs,
    ...(d.timeoutInMinutes !== undefined && { TimeoutInMinutes: d.timeoutInMinutes }),
    ...(d.capabilities.length && { Capabilities: d.capabilities }),
    ...(d.outputs.length && { Outputs: d.outputs }),
    ...(d.roleARN && { RoleARN: d.roleARN }),
    Tags: d.tags,
    EnableTerminationProtection: d.terminationProtection,
    ...(d.changeSetId && { ChangeSetId: d.changeSetId }),
    DriftInformation: { StackDriftStatus: "NOT_CHECKED" },
  };
}

export function stackSummary(s: StackRecord) {
  const d = s.doc as unknown as StackDoc;
  return {
    StackId: s.stackId,
    StackName: s.name,
    ...(d.description !== undefined && { TemplateDescription: d.description }),
    CreationTime: new Date(s.createdAt),
    ...(d.lastUpdatedTime !== undefined && { LastUpdatedTime: date(d.lastUpdatedTime) }),
    ...(d.deletionTime !== undefined && { DeletionTime: date(d.deletionTime) }),
    StackStatus: s.status,
    ...(d.statusReason && { StackStatusReason: d.statusReason }),
    DriftInformation: { StackDriftStatus: "NOT_CHECKED" },
  };
}

const common = (s: StackRecord, r: StackResourceRecord) => {
  const d = r.doc as unknown as ResourceDoc;
  return {
    LogicalResourceId: r.logicalId,
    ...(d.physicalId !== undefined && { PhysicalResourceId: d.physicalId }),
    ResourceType: d.Type,
    ResourceStatus: d.status,
    ...(d.statusReason && { ResourceStatusReason: d.statusReason }),
    DriftInformation: { StackResourceDriftStatus: "NOT_CHECKED" },
  };
};

export const resourceView = (s: StackRecord, r: StackResourceRecord) => ({
  StackName: s.name,
  StackId: s.stackId,
  ...common(s, r),
  Timestamp: new Date((r.doc as unknown as ResourceDoc).updatedAt),
  ...((r.doc as unknown as ResourceDoc).description && { Description: (r.doc as unknown as ResourceDoc).description }),
});

export const resourceDetail = (s: StackRecord, r: StackResourceRecord) => ({
  StackName: s.name,
  StackId: s.stackId,
  ...common(s, r),
  LastUpdatedTimestamp: new Date((r.doc as unknown as ResourceDoc).updatedAt),
  ...((r.doc as unknown as ResourceDoc).metadata && { Metadata: JSON.stringify((r.doc as unknown as ResourceDoc).metadata) }),
});

export const resourceSummary = (s: StackRecord, r: StackResourceRecord) => ({
  ...common(s, r),
  LastUpdatedTimestamp: new Date((r.doc as unknown as ResourceDoc).updatedAt),
});

export const eventView = (e: StackEventRecord) => ({ ...e.doc, Timestamp: new Date(e.doc.Timestamp as number) });
