/** The wire shapes of log groups and streams (LogGroup, LogStream), from store rows. */
import type { RequestContext } from "../../server/service.js";
import { groupArn, streamArn } from "./names.js";
import type { GroupRow, StreamRow } from "./store/log-store.js";

export function logGroupView(ctx: RequestContext, g: GroupRow, full = true): Record<string, unknown> {
  const arn = groupArn(ctx, g.name);
  if (!full) return { logGroupName: g.name, creationTime: g.creationTime, arn: `${arn}:*` };
  return {
    logGroupName: g.name,
    creationTime: g.creationTime,
    ...(g.retentionDays !== null ? { retentionInDays: g.retentionDays } : {}),
    metricFilterCount: 0,
    arn: `${arn}:*`,
    storedBytes: g.storedBytes,
    ...(g.kmsKeyId !== null ? { kmsKeyId: g.kmsKeyId } : {}),
    logGroupClass: g.logGroupClass,
    logGroupArn: arn,
    deletionProtectionEnabled: g.deletionProtection,
  };
}

export function logStreamView(ctx: RequestContext, group: string, s: StreamRow): Record<string, unknown> {
  return {
    logStreamName: s.name,
    creationTime: s.creationTime,
    ...(s.firstEvent !== null ? { firstEventTimestamp: s.firstEvent } : {}),
    ...(s.lastEvent !== null ? { lastEventTimestamp: s.lastEvent } : {}),
    ...(s.lastIngestion !== null ? { lastIngestionTime: s.lastIngestion } : {}),
    arn: streamArn(ctx, group, s.name),
    // CloudWatch Logs has reported 0 here since 2019.
    storedBytes: 0,
  };
}
