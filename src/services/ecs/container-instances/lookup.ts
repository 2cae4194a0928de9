/**
 * Finding the container instance a request names: its id (32 hex characters), its ARN
 * (`arn:aws:ecs:<region>:<account>:container-instance/<cluster>/<id>`) or the old short ARN
 * without the cluster. An ARN for another cluster, region or account names nothing here.
 */
import type { ClusterRecord, ContainerInstanceRecord, StoreTx } from "../../../store/store.js";
import type { RequestContext } from "../../../server/service.js";
import { containerInstanceArn, idInCluster, parseClusterScopedRef } from "../arns.js";

/** See parseClusterScopedRef. */
export const parseInstanceRef = (ref: string) => parseClusterScopedRef("container-instance", ref);

/** The instance `ref` names in `cluster`, of any status, or undefined. */
export async function findInstance(tx: StoreTx, ctx: RequestContext, cluster: ClusterRecord, ref: string): Promise<ContainerInstanceRecord | undefined> {
  const id = idInCluster("container-instance", ctx, cluster.name, ref);
  return id === undefined ? undefined : tx.containerInstances.get(ctx.region, cluster.name, id);
}

/** The ARN a MISSING failure reports: the ARN given, or one built from the id in the cluster. */
export const missingArn = (ctx: RequestContext, cluster: string, ref: string) => (ref.startsWith("arn:") ? ref : containerInstanceArn(ctx, cluster, ref));
