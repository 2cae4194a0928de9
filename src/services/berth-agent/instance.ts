import type { RequestContext } from "../../server/service.js";
import type { ContainerInstanceRecord, StoreTx } from "../../store/store.js";
import { clientException, invalidParameter } from "../ecs/errors.js";
import { parseInstanceRef } from "../ecs/container-instances/lookup.js";

/** The instance an agent names by its full ARN (with cluster), or ECS-style errors. */
export async function requireAgentInstance(tx: StoreTx, ctx: RequestContext, arn: string): Promise<ContainerInstanceRecord> {
  const ref = parseInstanceRef(arn);
  if (!ref || ref.cluster === undefined || !arn.startsWith("arn:")) {
    throw invalidParameter(`containerInstanceArn must be a container instance ARN with its cluster, but was ${arn}.`);
  }
  const record = ref.region === ctx.region && ref.accountId === ctx.accountId ? await tx.containerInstances.get(ctx.region, ref.cluster, ref.id) : undefined;
  if (!record) throw clientException(`Container instance ${arn} was not found.`);
  return record;
}
