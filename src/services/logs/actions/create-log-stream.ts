import type { RequestContext } from "../../../server/service.js";
import { streamExists } from "../errors.js";
import { logStoreOf } from "../logs-runtime.js";
import { requireGroup } from "../names.js";

export async function createLogStream(input: { logGroupName: string; logStreamName: string }, ctx: RequestContext): Promise<Record<string, never>> {
  const logs = logStoreOf(ctx);
  const g = requireGroup(logs, ctx, input);
  if (!logs.createStream(g.id, input.logStreamName, ctx.now.getTime())) throw streamExists();
  return {};
}
