import type { RequestContext } from "../../../server/service.js";
import type { ContainerInstanceStatus } from "../../../store/store.js";
import { invalidParameter } from "../errors.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { findInstance, missingArn } from "../container-instances/lookup.js";
import { containerInstanceView, instanceDoc } from "../container-instances/view.js";
import type { ContainerInstance, Failure } from "../types.js";

export interface UpdateContainerInstancesStateRequest {
  cluster?: string;
  containerInstances: string[];
  status: ContainerInstanceStatus;
}

export interface UpdateContainerInstancesStateResponse {
  containerInstances: ContainerInstance[];
  failures: Failure[];
}

export const MAX_UPDATE_CONTAINER_INSTANCES = 10;

/**
 * Sets up to 10 instances ACTIVE or DRAINING (no new tasks are placed on a DRAINING instance).
 * Unknown instances are MISSING failures; a deregistered one cannot change state (failure reason
 * INACTIVE: ECS documents no reason for this, the name is ours). Setting the status an instance
 * already has changes nothing and returns it.
 */
export async function updateContainerInstancesState(input: UpdateContainerInstancesStateRequest, ctx: RequestContext): Promise<UpdateContainerInstancesStateResponse> {
  if (input.status !== "ACTIVE" && input.status !== "DRAINING") {
    throw invalidParameter(`Container instance status must be ACTIVE or DRAINING, but was ${input.status}.`);
  }
  if (input.containerInstances.length === 0) throw invalidParameter("Container instances cannot be empty.");
  if (input.containerInstances.length > MAX_UPDATE_CONTAINER_INSTANCES) {
    throw invalidParameter(`containerInstances can have at most ${MAX_UPDATE_CONTAINER_INSTANCES} items.`);
  }
  return ctx.store.write(async (tx) => {
    const cluster = await requireActiveCluster(tx, ctx, input.cluster);
    const containerInstances: ContainerInstance[] = [];
    const failures: Failure[] = [];
    for (const ref of input.containerInstances) {
      let record = await findInstance(tx, ctx, cluster, ref);
      if (!record) {
        failures.push({ arn: missingArn(ctx, cluster.name, ref), reason: "MISSING" });
        continue;
      }
      if (record.status !== "ACTIVE" && record.status !== "DRAINING") {
        failures.push({ arn: record.arn, reason: record.status, detail: `A ${record.status} container instance cannot be set to ${input.status}.` });
        continue;
      }
      if (record.status !== input.status) {
        record = { ...record, status: input.status, doc: { ...record.doc, version: instanceDoc(record).version + 1 } };
        await tx.containerInstances.put(record);
      }
      containerInstances.push(containerInstanceView(record, ctx.now));
    }
    return { containerInstances, failures };
  });
}
