import type { RequestContext } from "../../../server/service.js";
import type { TaskListQuery } from "../../../store/store.js";
import { invalidParameter } from "../errors.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { findInstance } from "../container-instances/lookup.js";
import { planPage, type PageRequest } from "../pagination.js";
import { findService, serviceNotFound } from "../services/lookup.js";

export interface ListTasksRequest extends PageRequest {
  cluster?: string;
  containerInstance?: string;
  family?: string;
  startedBy?: string;
  serviceName?: string;
  desiredStatus?: "RUNNING" | "PENDING" | "STOPPED";
  launchType?: string;
}

export interface ListTasksResponse {
  taskArns: string[];
  nextToken?: string;
}

/**
 * ARNs of a cluster's tasks ordered by id, 100 a page. `desiredStatus` is RUNNING unless given
 * (PENDING never matches: ECS never desires PENDING); `startedBy` must be the only filter, as the
 * model says (desiredStatus aside); `serviceName` lists the service's tasks (ServiceNotFoundException when there is no such service). An unknown container
 * instance lists nothing.
 */
export async function listTasks(input: ListTasksRequest, ctx: RequestContext): Promise<ListTasksResponse> {
  // desiredStatus is a status, not a filter: it may go with startedBy (its RUNNING default applies too).
  const others = [input.containerInstance, input.family, input.serviceName, input.launchType].filter((v) => v !== undefined);
  if (input.startedBy !== undefined && others.length > 0) {
    throw invalidParameter("startedBy may not be specified with other filters.");
  }
  const page = planPage<string>(
    ctx,
    ["ListTasks", ctx.region, input.cluster ?? "default", input.containerInstance ?? "", input.family ?? "", input.startedBy ?? "", input.serviceName ?? "", input.desiredStatus ?? "", input.launchType ?? ""],
    input,
    100,
  );
  return ctx.store.read(async (tx) => {
    const cluster = await requireActiveCluster(tx, ctx, input.cluster);
    const query: TaskListQuery = {};
    if (input.serviceName !== undefined) {
      const service = await findService(tx, ctx, cluster, input.serviceName);
      if (!service) throw serviceNotFound();
      query.group = `service:${service.name}`;
    }
    if (input.desiredStatus === "PENDING") return { taskArns: [] };
    query.desiredStatus = input.desiredStatus ?? "RUNNING";
    if (input.startedBy !== undefined) query.startedBy = input.startedBy;
    if (input.family !== undefined) query.family = input.family;
    if (input.launchType !== undefined) query.launchType = input.launchType;
    if (input.containerInstance !== undefined) {
      const instance = await findInstance(tx, ctx, cluster, input.containerInstance);
      if (!instance) return { taskArns: [] };
      query.containerInstanceArn = instance.arn;
    }
    const rows = await tx.tasks.list(ctx.region, cluster.name, query, { after: page.after, limit: page.fetch });
    const { items, nextToken } = page.finish(rows, (r) => r.id);
    return { taskArns: items.map((r) => r.arn), ...(nextToken && { nextToken }) };
  });
}
