/**
 * Finding the task a request names: its id (32 hex characters), its ARN
 * (`arn:aws:ecs:<region>:<account>:task/<cluster>/<id>`) or the old short ARN `task/<id>`.
 * An ARN for another cluster, region or account names nothing here.
 */
import type { ClusterRecord, StoreTx, TaskRecord } from "../../../store/store.js";
import type { RequestContext } from "../../../server/service.js";
import { ecsArn, idInCluster, parseClusterScopedRef } from "../arns.js";

export const taskArn = (ctx: Pick<RequestContext, "region" | "accountId">, cluster: string, id: string) => ecsArn(ctx, `task/${cluster}/${id}`);

/** See parseClusterScopedRef. */
export const parseTaskRef = (ref: string) => parseClusterScopedRef("task", ref);

/** The task `ref` names in `cluster`, or undefined. */
export async function findTask(tx: StoreTx, ctx: RequestContext, cluster: ClusterRecord, ref: string): Promise<TaskRecord | undefined> {
  const id = idInCluster("task", ctx, cluster.name, ref);
  return id === undefined ? undefined : tx.tasks.get(ctx.region, cluster.name, id);
}

/** The ARN a MISSING failure reports: the ARN given, or one built from the id in the cluster. */
export const missingTaskArn = (ctx: RequestContext, cluster: string, ref: string) => (ref.startsWith("arn:") ? ref : taskArn(ctx, cluster, ref));
