import type { RequestContext } from "../../server/service.js";
import { HEARTBEAT_INTERVAL_MS, type RegisterManagedCapacityRequest, type RegisterManagedCapacityResponse } from "../../agent-protocol/messages.js";
import { resourcesFromAgent } from "../ecs/container-instances/resources.js";
import { registerSeat } from "../ecs/launch/managed-capacity.js";

/**
 * Registers (or re-registers, by seat ARN, else by name) the agent's offer of managed capacity: a
 * seat that runs FARGATE tasks of the region's clusters and is shown as no container instance
 * (see ecs/launch/managed-capacity.ts). Registration counts as a heartbeat.
 */
export async function registerManagedCapacity(input: RegisterManagedCapacityRequest, ctx: RequestContext): Promise<RegisterManagedCapacityResponse> {
  const resources = resourcesFromAgent(input.resources);
  const seat = await ctx.store.write((tx) =>
    registerSeat(tx, ctx, {
      agentName: input.name,
      ...(input.seatArn !== undefined && { seatArn: input.seatArn }),
      resources,
      attributes: input.attributes.map((a) => (a.value === undefined ? { name: a.name } : { name: a.name, value: a.value })),
      versionInfo: input.versionInfo,
    }),
  );
  return { seatArn: seat.arn, heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS };
}
