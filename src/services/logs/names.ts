/**
 * Log group and stream ARNs, and finding the group a request names (`logGroupName` or
 * `logGroupIdentifier`, which is a name or an ARN).
 */
import type { RequestContext } from "../../server/service.js";
import { groupNotFound, invalidParameter } from "./errors.js";
import type { GroupRow, LogStore } from "./store/log-store.js";

export const groupArn = (ctx: Pick<RequestContext, "region" | "accountId">, name: string) =>
  `arn:aws:logs:${ctx.region}:${ctx.accountId}:log-group:${name}`;

export const streamArn = (ctx: Pick<RequestContext, "region" | "accountId">, group: string, stream: string) =>
  `${groupArn(ctx, group)}:log-stream:${stream}`;

/** The group name in a log-group ARN (with or without the trailing `:*`), or undefined. */
export function groupNameOfArn(arn: string): string | undefined {
  const m = /^arn:aws[a-z-]*:logs:[^:]*:\d{12}:log-group:([^:]+)(?::\*)?$/.exec(arn);
  return m?.[1];
}

export interface GroupRef {
  logGroupName?: string;
  logGroupIdentifier?: string;
}

/** The group a request names; ResourceNotFoundException when it doesn't exist. */
export function requireGroup(logs: LogStore, ctx: RequestContext, ref: GroupRef): GroupRow {
  if (ref.logGroupName !== undefined && ref.logGroupIdentifier !== undefined) {
    throw invalidParameter("LogGroup name and LogGroup identifier are mutually exclusive parameters.");
  }
  const id = ref.logGroupName ?? ref.logGroupIdentifier;
  if (id === undefined) throw invalidParameter("Either the log group name or the log group identifier must be specified.");
  const name = id.startsWith("arn:") ? groupNameOfArn(id) : id;
  if (name === undefined) throw invalidParameter(`Invalid log group identifier: ${id}`);
  const g = logs.group(ctx.region, name);
  if (g === undefined) throw groupNotFound();
  return g;
}
