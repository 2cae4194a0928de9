import type { RequestContext } from "../../server/service.js";
import type { HeartbeatRequest, HeartbeatResponse } from "../../agent-protocol/messages.js";
import { clientException } from "../ecs/errors.js";
import { agentRecordKey } from "./instance.js";

/**
 * Records the agent's heartbeat (lastHeartbeatAt = now, which keeps agentConnected true) and
 * answers the instance's status; a deregistered instance answers INACTIVE and is not touched, and
 * the agent then stops. A managed-capacity seat heartbeats the same way.
 */
export async function heartbeat(input: HeartbeatRequest, ctx: RequestContext): Promise<HeartbeatResponse> {
  const key = agentRecordKey(ctx, input.containerInstanceArn);
  return ctx.store.write(async (tx) => {
    const record = key ? await tx.containerInstances.get(ctx.region, key.cluster, key.id) : undefined;
    if (!key || !record) throw clientException(`Container instance ${input.containerInstanceArn} was not found.`);
    if (record.status !== "INACTIVE") await tx.containerInstances.touch(ctx.region, key.cluster, key.id, ctx.now.getTime());
    return { status: record.status };
  });
}
