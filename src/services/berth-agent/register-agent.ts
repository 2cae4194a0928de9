import type { RequestContext } from "../../server/service.js";
import { HEARTBEAT_INTERVAL_MS, type RegisterAgentRequest, type RegisterAgentResponse } from "../../agent-protocol/messages.js";
import { activeClusterOrDefault } from "../ecs/clusters/lookup.js";
import { registerInstance } from "../ecs/container-instances/register.js";
import { resourcesFromAgent } from "../ecs/container-instances/resources.js";

/**
 * Registers the agent as a container instance of its cluster (none: `default`, created on first
 * use), or re-registers it (by containerInstanceArn, else by its name in the cluster): the same
 * instance comes back with resources, attributes (the agent's own and the built-ins it reports)
 * and version info refreshed. Registration counts as a heartbeat.
 */
export async function registerAgent(input: RegisterAgentRequest, ctx: RequestContext): Promise<RegisterAgentResponse> {
  const resources = resourcesFromAgent(input.resources);
  return ctx.store.write(async (tx) => {
    const cluster = await activeClusterOrDefault(tx, ctx, input.cluster);
    const record = await registerInstance(tx, ctx, {
      cluster,
      agentName: input.name,
      ...(input.containerInstanceArn !== undefined && { containerInstanceArn: input.containerInstanceArn }),
      resources,
      attributes: input.attributes.map((a) => (a.value === undefined ? { name: a.name } : { name: a.name, value: a.value })),
      versionInfo: input.versionInfo,
    });
    return { containerInstanceArn: record.arn, ec2InstanceId: record.ec2InstanceId, heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS };
  });
}
