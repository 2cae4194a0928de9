import type { RequestContext } from "../../../server/service.js";
import { groupExists } from "../errors.js";
import { logStoreOf } from "../logs-runtime.js";

export interface CreateLogGroupRequest {
  logGroupName: string;
  kmsKeyId?: string;
  tags?: Record<string, string>;
  logGroupClass?: string;
  deletionProtectionEnabled?: boolean;
}

export async function createLogGroup(input: CreateLogGroupRequest, ctx: RequestContext): Promise<Record<string, never>> {
  const created = logStoreOf(ctx).createGroup({
    region: ctx.region,
    name: input.logGroupName,
    creationTime: ctx.now.getTime(),
    logGroupClass: input.logGroupClass ?? "STANDARD",
    kmsKeyId: input.kmsKeyId ?? null,
    deletionProtection: input.deletionProtectionEnabled ?? false,
    tags: input.tags ?? {},
  });
  if (!created) throw groupExists();
  return {};
}
