/**
 * Which ARNs can carry tags, and whether the resource behind one exists. Each resource type
 * berth has registers a resolver here (clusters, task definitions, container instances and tasks
 * now; services and capacity providers join as they arrive).
 */
import type { StoreTx } from "../../store/store.js";
import type { RequestContext } from "../../server/service.js";
import { parseArn, parseTaskDefinitionRef } from "./arns.js";
import { clusterNotFound, invalidParameter, resourceNotFound } from "./errors.js";

type Exists = (tx: StoreTx, ctx: RequestContext, resourceId: string) => Promise<void>;

const resolvers: Record<string, Exists> = {
  async cluster(tx, ctx, id) {
    const c = await tx.clusters.get(ctx.region, id);
    if (!c || c.status !== "ACTIVE") throw clusterNotFound();
  },
  async "container-instance"(tx, ctx, id) {
    // `cluster/id` (the short `id` form carries no cluster, and tagging needs the long ARN).
    const m = /^([a-zA-Z0-9_-]{1,255})\/([a-zA-Z0-9-]{1,64})$/.exec(id);
    if (!m) throw invalidParameter("Long arn format must be used for tagging operations.");
    const ci = await tx.containerInstances.get(ctx.region, m[1]!, m[2]!);
    if (!ci || ci.status === "INACTIVE") throw resourceNotFound("The specified container instance does not exist.");
  },
  async service(tx, ctx, id) {
    // `cluster/name`: the short `service/name` form carries no cluster.
    const m = /^([a-zA-Z0-9_-]{1,255})\/([a-zA-Z0-9_-]{1,255})$/.exec(id);
    if (!m) throw invalidParameter("Long arn format must be used for tagging operations.");
    const service = await tx.services.get(ctx.region, m[1]!, m[2]!);
    if (!service || service.status === "INACTIVE") throw resourceNotFound("The specified service does not exist.");
  },
  async task(tx, ctx, id) {
    // `cluster/id`: the short `task/id` form carries no cluster.
    const m = /^([a-zA-Z0-9_-]{1,255})\/([a-zA-Z0-9-]{1,64})$/.exec(id);
    if (!m) throw invalidParameter("Long arn format must be used for tagging operations.");
    const task = await tx.tasks.get(ctx.region, m[1]!, m[2]!);
    if (!task) throw resourceNotFound("The specified task does not exist.");
  },
  async "task-definition"(tx, ctx, id) {
    const ref = parseTaskDefinitionRef(id);
    if (!ref || ref.revision === undefined) throw invalidParameter(`Invalid task definition ARN: the revision is required.`);
    const td = await tx.taskDefinitions.get(ctx.region, ref.family, ref.revision);
    if (!td || td.status === "DELETE_IN_PROGRESS") throw resourceNotFound("The specified task definition does not exist.");
  },
};

/** Throws unless `arn` names an existing taggable resource of this account and region. */
export async function requireTaggable(tx: StoreTx, ctx: RequestContext, arn: string): Promise<void> {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== "ecs") throw invalidParameter(`The ARN ${arn} is not a valid Amazon ECS resource ARN.`);
  const slash = parsed.resource.indexOf("/");
  const type = slash > 0 ? parsed.resource.slice(0, slash) : parsed.resource;
  const id = parsed.resource.slice(slash + 1);
  const resolve = resolvers[type];
  if (!resolve || slash <= 0) throw invalidParameter(`The ARN ${arn} does not name a taggable Amazon ECS resource.`);
  if (parsed.accountId !== ctx.accountId || parsed.region !== ctx.region) throw resourceNotFound("The specified resource could not be found.");
  await resolve(tx, ctx, id);
}
