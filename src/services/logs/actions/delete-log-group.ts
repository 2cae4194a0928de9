import { AwsError } from "../../../errors.js";
import type { RequestContext } from "../../../server/service.js";
import { logStoreOf } from "../logs-runtime.js";
import { requireGroup } from "../names.js";

/** Deletes the group with its streams and events; the file gives their space back. */
export async function deleteLogGroup(input: { logGroupName: string }, ctx: RequestContext): Promise<Record<string, never>> {
  const logs = logStoreOf(ctx);
  const g = requireGroup(logs, ctx, input);
  if (g.deletionProtection) throw new AwsError("ValidationException", "Log group deletion protection is enabled. Disable it before deleting the log group.");
  logs.deleteGroup(g.id);
  return {};
}
