import type { RequestContext } from "../../server/service.js";
import type { HeartbeatRequest, HeartbeatResponse } from "../../agent-protocol/messages.js";
import { clientException, invalidParameter } from "../ecs/errors.js";
import { parseInstanceRef } from "../ecs/container-instances/lookup.js";

/**
 * Records the agent's heartbeat (lastHeartbeatAt = now, which keeps agentConnected true) and
 * answers the instance's status; a deregistered instance answers INACTIVE and is not touched, and
 * the agent then stops.
 */
export async function heartbeat(input: HeartbeatRequest, ctx: RequestContext): Promise<HeartbeatResponse> {
  const ref = parseInstanceRef(input.containerInstanceArn);
  if (!ref || ref.cluster === undefined || !input.containerInstanceArn.startsWith("arn:")) {
    throw invalidParameter(`containerInstanceArn must be a container instance ARN with its cluster, but was ${input.containerInstanceArn}.`);
  }
  const cluster = ref.cluster;
  return ctx.store.write(async (tx) => {
    const record = ref.region === ctx.region && ref.accountId === ctx.accountId ? await tx.containerInstances.get(ctx.region, cluster, ref.id) : undefined;
    if (!record) throw clientException(`Container instance ${input.containerInstanceArn} was not found.`);
    if (record.status !== "INACTIVE") await tx.containerInstances.touch(ctx.region, cluster, ref.id, ctx.now.getTime());
    return { status: record.status };
  });
}
