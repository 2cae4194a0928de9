/**
 * What berth keeps about a stack (StackRecord.doc), a stack resource (StackResourceRecord.doc)
 * and a change set (ChangeSetRecord.doc). Times are epoch ms.
 */
import type { Json, JsonObject } from "../template/types.js";

export interface StoredOutput {
  OutputKey: string;
  OutputValue: string;
  Description?: string;
  ExportName?: string;
}

export interface StackConfig {
  templateBody: string;
  /** As DescribeStacks shows them (NoEcho masked). */
  parameters: { ParameterKey: string; ParameterValue: string; ResolvedValue?: string }[];
  /** The values given, for UsePreviousValue and for re-evaluating the template. */
  rawParameters: Record<string, string>;
  description?: string;
  outputs: StoredOutput[];
  /** Export names this stack's template imports. */
  imports: string[];
  tags: { Key: string; Value: string }[];
  capabilities: string[];
}

export interface StackDoc extends StackConfig {
  disableRollback: boolean;
  terminationProtection: boolean;
  notificationARNs: string[];
  timeoutInMinutes?: number;
  roleARN?: string;
  statusReason?: string;
  lastUpdatedTime?: number;
  deletionTime?: number;
  /** During an update: the configuration to return to on rollback. */
  previous?: StackConfig;
  /** The change set being executed, if any. */
  changeSetId?: string;
  /** Logical ids to keep on a DELETE_FAILED stack's retry (DeleteStack RetainResources). */
  retainResources?: string[];
}

export interface PhysicalState {
  Type: string;
  physicalId?: string;
  properties?: JsonObject;
  attributes?: Record<string, Json>;
}

export interface ResourceDoc extends PhysicalState {
  status: string;
  statusReason?: string;
  updatedAt: number;
  /** Logical ids this resource needed when it was last created or updated (deletion order). */
  dependsOn: string[];
  deletionPolicy?: string;
  updateReplacePolicy?: string;
  metadata?: JsonObject;
  description?: string;
  /** During an update: the state before it (rollback target), when this update touched the resource. */
  previous?: PhysicalState;
  /** During an update: `previous` is another physical resource (replacement), deleted on cleanup. */
  replaced?: boolean;
  /** Created by the update in flight: deleted if the update rolls back. */
  added?: boolean;
  /** During an update rollback: a replacement's new physical resource, deleted on cleanup. */
  discard?: PhysicalState;
}

export interface ChangeSetDoc {
  ChangeSetName: string;
  ChangeSetType: "CREATE" | "UPDATE" | "IMPORT";
  Description?: string;
  Status: string;
  StatusReason?: string;
  ExecutionStatus: string;
  CreationTime: number;
  templateBody: string;
  rawParameters: Record<string, string>;
  parameters: StackConfig["parameters"];
  capabilities: string[];
  tags: { Key: string; Value: string }[];
  notificationARNs: string[];
  changes: JsonObject[];
}
