/** PutRetentionPolicy and DeleteRetentionPolicy. Expired events are deleted at once. */
import type { RequestContext } from "../../../server/service.js";
import { invalidParameter } from "../errors.js";
import { logStoreOf } from "../logs-runtime.js";
import { requireGroup } from "../names.js";
import { RETENTION_DAYS, retentionCutoff } from "../retention.js";

export async function putRetentionPolicy(input: { logGroupName: string; retentionInDays: number }, ctx: RequestContext): Promise<Record<string, never>> {
  if (!RETENTION_DAYS.includes(input.retentionInDays)) {
    throw invalidParameter(
      `1 validation error detected: Value '${input.retentionInDays}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(", ")}]`,
    );
  }
  const logs = logStoreOf(ctx);
  const g = requireGroup(logs, ctx, input);
  logs.setRetention(g.id, input.retentionInDays);
  logs.expire(g.id, retentionCutoff(input.retentionInDays, ctx.now.getTime()));
  return {};
}

export async function deleteRetentionPolicy(input: { logGroupName: string }, ctx: RequestContext): Promise<Record<string, never>> {
  const logs = logStoreOf(ctx);
  logs.setRetention(requireGroup(logs, ctx, input).id, null);
  return {};
}
