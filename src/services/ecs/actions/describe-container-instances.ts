import type { RequestContext } from "../../../server/service.js";
import { invalidParameter } from "../errors.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { findInstance, missingArn } from "../container-instances/lookup.js";
import { containerInstanceView } from "../container-instances/view.js";
import type { ContainerInstance, Failure } from "../types.js";

export interface DescribeContainerInstancesRequest {
  cluster?: string;
  containerInstances: string[];
  include?: ("TAGS" | "CONTAINER_INSTANCE_HEALTH")[];
}

export interface DescribeContainerInstancesResponse {
  containerInstances: ContainerInstance[];
  failures: Failure[];
}

export const MAX_DESCRIBE_CONTAINER_INSTANCES = 100;

/** Up to 100 instances of one cluster by id or ARN, deregistered ones included; unknown ones are MISSING failures. */
export async function describeContainerInstances(input: DescribeContainerInstancesRequest, ctx: RequestContext): Promise<DescribeContainerInstancesResponse> {
  if (input.containerInstances.length === 0) throw invalidParameter("Container instances cannot be empty.");
  if (input.containerInstances.length > MAX_DESCRIBE_CONTAINER_INSTANCES) {
    throw invalidParameter(`containerInstances can have at most ${MAX_DESCRIBE_CONTAINER_INSTANCES} items.`);
  }
  const include = input.include ?? [];
  return ctx.store.read(async (tx) => {
    const cluster = await requireActiveCluster(tx, ctx, input.cluster);
    const containerInstances: ContainerInstance[] = [];
    const failures: Failure[] = [];
    for (const ref of input.containerInstances) {
      const record = await findInstance(tx, ctx, cluster, ref);
      if (!record) {
        failures.push({ arn: missingArn(ctx, cluster.name, ref), reason: "MISSING" });
        continue;
      }
      const tags = include.includes("TAGS") ? await tx.tags.get(record.arn) : undefined;
      containerInstances.push(containerInstanceView(record, ctx.now, { ...(tags && { tags }), health: include.includes("CONTAINER_INSTANCE_HEALTH") }));
    }
    return { containerInstances, failures };
  });
}
