import type { RequestContext } from "../../server/service.js";
import type { GetTaskTagsRequest, GetTaskTagsResponse } from "../../agent-protocol/messages.js";
import { clientException } from "../ecs/errors.js";
import { parseTaskRef } from "../ecs/task-records/lookup.js";
import { requireAgentInstance } from "./instance.js";

/**
 * A task's tags and its container instance's, for the task metadata endpoint's /taskWithTags. Only
 * for a task on the asking agent's instance (an agent learns nothing of other instances' tasks).
 */
export async function getTaskTags(input: GetTaskTagsRequest, ctx: RequestContext): Promise<GetTaskTagsResponse> {
  return ctx.store.read(async (tx) => {
    const instance = await requireAgentInstance(tx, ctx, input.containerInstanceArn);
    const ref = parseTaskRef(input.taskArn);
    const record = ref && ref.cluster === instance.cluster ? await tx.tasks.get(ctx.region, instance.cluster, ref.id) : undefined;
    if (!record || record.containerInstanceArn !== instance.arn) {
      throw clientException(`Task ${input.taskArn} is not on container instance ${instance.arn}.`);
    }
    return { taskTags: await tx.tags.get(record.arn), containerInstanceTags: await tx.tags.get(instance.arn) };
  });
}
