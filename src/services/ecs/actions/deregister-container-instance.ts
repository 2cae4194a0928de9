import type { RequestContext } from "../../../server/service.js";
import { invalidParameter } from "../errors.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { findInstance } from "../container-instances/lookup.js";
import { containerInstanceView, instanceDoc } from "../container-instances/view.js";
import type { ContainerInstance } from "../types.js";

export interface DeregisterContainerInstanceRequest {
  cluster?: string;
  containerInstance: string;
  force?: boolean;
}

export interface DeregisterContainerInstanceResponse {
  containerInstance: ContainerInstance;
}

/**
 * Deregisters an instance: it becomes INACTIVE, stays describable, leaves the lists and the
 * cluster's count, and is final (its agent learns so from its next heartbeat). Without `force`,
 * an instance with running or pending tasks is refused, as ECS does. Deregistering an instance
 * that is already INACTIVE returns it unchanged.
 */
export async function deregisterContainerInstance(input: DeregisterContainerInstanceRequest, ctx: RequestContext): Promise<DeregisterContainerInstanceResponse> {
  return ctx.store.write(async (tx) => {
    const cluster = await requireActiveCluster(tx, ctx, input.cluster);
    const record = await findInstance(tx, ctx, cluster, input.containerInstance);
    if (!record) throw invalidParameter(`Container instance ${input.containerInstance} was not found in cluster ${cluster.name}.`);
    if (record.status === "INACTIVE") return { containerInstance: containerInstanceView(record, ctx.now) };
    const doc = instanceDoc(record);
    if (!input.force && (doc.runningTasksCount ?? 0) + (doc.pendingTasksCount ?? 0) > 0) {
      throw invalidParameter("Found running tasks on the instance.");
    }
    const updated = { ...record, status: "INACTIVE" as const, doc: { ...record.doc, version: doc.version + 1 } };
    await tx.containerInstances.put(updated);
    return { containerInstance: containerInstanceView(updated, ctx.now) };
  });
}
