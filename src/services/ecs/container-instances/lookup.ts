/**
 * Finding the container instance a request names: its id (32 hex characters), its ARN
 * (`arn:aws:ecs:<region>:<account>:container-instance/<cluster>/<id>`) or the old short ARN
 * without the cluster. An ARN for another cluster, region or account names nothing here.
 */
import type { ClusterRecord, ContainerInstanceRecord, StoreTx } from "../../../store/store.js";
import type { RequestContext } from "../../../server/service.js";
import { containerInstanceArn, parseArn } from "../arns.js";

export interface InstanceRef {
  cluster?: string;
  id: string;
  region?: string;
  accountId?: string;
}

const ID = /^[a-zA-Z0-9-]{1,64}$/;

export function parseInstanceRef(ref: string): InstanceRef | undefined {
  if (!ref.startsWith("arn:")) return ID.test(ref) ? { id: ref } : undefined;
  const arn = parseArn(ref);
  const m = arn && arn.service === "ecs" ? /^container-instance\/(?:([a-zA-Z0-9_-]{1,255})\/)?([a-zA-Z0-9-]{1,64})$/.exec(arn.resource) : null;
  if (!arn || !m) return undefined;
  return { ...(m[1] !== undefined && { cluster: m[1] }), id: m[2]!, region: arn.region, accountId: arn.accountId };
}

/** The instance `ref` names in `cluster`, of any status, or undefined. */
export async function findInstance(tx: StoreTx, ctx: RequestContext, cluster: ClusterRecord, ref: string): Promise<ContainerInstanceRecord | undefined> {
  const parsed = parseInstanceRef(ref);
  if (!parsed) return undefined;
  if (parsed.cluster !== undefined && parsed.cluster !== cluster.name) return undefined;
  if (parsed.region !== undefined && (parsed.region !== ctx.region || parsed.accountId !== ctx.accountId)) return undefined;
  return tx.containerInstances.get(ctx.region, cluster.name, parsed.id);
}

/** The ARN a MISSING failure reports: the ARN given, or one built from the id in the cluster. */
export const missingArn = (ctx: RequestContext, cluster: string, ref: string) => (ref.startsWith("arn:") ? ref : containerInstanceArn(ctx, cluster, ref));
