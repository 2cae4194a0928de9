import type { RequestContext } from "../../server/service.js";
import type { ContainerInstanceRecord, StoreTx } from "../../store/store.js";
import { clientException, invalidParameter } from "../ecs/errors.js";
import { parseInstanceRef } from "../ecs/container-instances/lookup.js";
import { MANAGED_POOL, parseSeatArn } from "../ecs/launch/managed-capacity.js";

/**
 * Where the record an agent names lives: a container instance by its full ARN (with cluster), or
 * a managed-capacity seat by its seat ARN (launch/managed-capacity.ts); undefined for another
 * region or account. ECS-style errors for anything else.
 */
export function agentRecordKey(ctx: RequestContext, arn: string): { cluster: string; id: string } | undefined {
  const seat = parseSeatArn(arn);
  if (seat) return seat.region === ctx.region && seat.accountId === ctx.accountId ? { cluster: MANAGED_POOL, id: seat.id } : undefined;
  const ref = parseInstanceRef(arn);
  if (!ref || ref.cluster === undefined || !arn.startsWith("arn:")) {
    throw invalidParameter(`containerInstanceArn must be a container instance ARN with its cluster, but was ${arn}.`);
  }
  return ref.region === ctx.region && ref.accountId === ctx.accountId ? { cluster: ref.cluster, id: ref.id } : undefined;
}

/** The instance (or seat) an agent names by its full ARN, or ECS-style errors. */
export async function requireAgentInstance(tx: StoreTx, ctx: RequestContext, arn: string): Promise<ContainerInstanceRecord> {
  const key = agentRecordKey(ctx, arn);
  const record = key ? await tx.containerInstances.get(ctx.region, key.cluster, key.id) : undefined;
  if (!record) throw clientException(`Container instance ${arn} was not found.`);
  return record;
}
