/**
 * Finding the task a request names: its id (32 hex characters), its ARN
 * (`arn:aws:ecs:<region>:<account>:task/<cluster>/<id>`) or the old short ARN `task/<id>`.
 * An ARN for another cluster, region or account names nothing here.
 */
import type { ClusterRecord, StoreTx, TaskRecord } from "../../../store/store.js";
import type { RequestContext } from "../../../server/service.js";
import { ecsArn, parseArn } from "../arns.js";

export const taskArn = (ctx: Pick<RequestContext, "region" | "accountId">, cluster: string, id: string) => ecsArn(ctx, `task/${cluster}/${id}`);

export interface TaskRef {
  cluster?: string;
  id: string;
  region?: string;
  accountId?: string;
}

const ID = /^[a-zA-Z0-9-]{1,64}$/;

export function parseTaskRef(ref: string): TaskRef | undefined {
  if (!ref.startsWith("arn:")) return ID.test(ref) ? { id: ref } : undefined;
  const arn = parseArn(ref);
  const m = arn && arn.service === "ecs" ? /^task\/(?:([a-zA-Z0-9_-]{1,255})\/)?([a-zA-Z0-9-]{1,64})$/.exec(arn.resource) : null;
  if (!arn || !m) return undefined;
  return { ...(m[1] !== undefined && { cluster: m[1] }), id: m[2]!, region: arn.region, accountId: arn.accountId };
}

/** The task `ref` names in `cluster`, or undefined. */
export async function findTask(tx: StoreTx, ctx: RequestContext, cluster: ClusterRecord, ref: string): Promise<TaskRecord | undefined> {
  const parsed = parseTaskRef(ref);
  if (!parsed) return undefined;
  if (parsed.cluster !== undefined && parsed.cluster !== cluster.name) return undefined;
  if (parsed.region !== undefined && (parsed.region !== ctx.region || parsed.accountId !== ctx.accountId)) return undefined;
  return tx.tasks.get(ctx.region, cluster.name, parsed.id);
}

/** The ARN a MISSING failure reports: the ARN given, or one built from the id in the cluster. */
export const missingTaskArn = (ctx: RequestContext, cluster: string, ref: string) => (ref.startsWith("arn:") ? ref : taskArn(ctx, cluster, ref));
