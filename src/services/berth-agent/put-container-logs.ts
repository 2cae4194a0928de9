import type { RequestContext } from "../../server/service.js";
import type { PutContainerLogsRequest, PutContainerLogsResponse } from "../../agent-protocol/messages.js";
import { logStoreOf } from "../logs/logs-runtime.js";
import { ingestContainerLogs } from "../logs/ingest.js";

/**
 * The awslogs driver's events into CloudWatch Logs (src/services/logs/ingest.ts): appended when
 * `startCursor` (if any) is the stored cursor; the answer is the stored cursor, `stale` when not.
 */
export async function putContainerLogs(input: PutContainerLogsRequest, ctx: RequestContext): Promise<PutContainerLogsResponse> {
  return ingestContainerLogs(logStoreOf(ctx), ctx.now.getTime(), { ...input, region: input.region ?? ctx.region });
}
