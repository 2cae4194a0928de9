import type { RequestContext } from "../../../server/service.js";
import { streamNotFound } from "../errors.js";
import { logStoreOf } from "../logs-runtime.js";
import { requireGroup } from "../names.js";

/** Deletes the stream and its events; the file gives their space back. */
export async function deleteLogStream(input: { logGroupName: string; logStreamName: string }, ctx: RequestContext): Promise<Record<string, never>> {
  const logs = logStoreOf(ctx);
  const g = requireGroup(logs, ctx, input);
  const s = logs.stream(g.id, input.logStreamName);
  if (s === undefined) throw streamNotFound();
  logs.deleteStream(s.id);
  return {};
}
