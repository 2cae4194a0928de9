/** Finding the service a request names: its name or ARN (`arn:...:service/<cluster>/<name>`, or the old `service/<name>`). */
import type { ClusterRecord, ServiceRecord, StoreTx } from "../../../store/store.js";
import type { RequestContext } from "../../../server/service.js";
import { AwsError } from "../../../errors.js";
import { ecsArn, NAME_PATTERN, parseArn } from "../arns.js";

export const serviceArn = (ctx: Pick<RequestContext, "region" | "accountId">, cluster: string, name: string) => ecsArn(ctx, `service/${cluster}/${name}`);
export const serviceNotFound = () => new AwsError("ServiceNotFoundException", "Service not found.");
export const serviceNotActive = () => new AwsError("ServiceNotActiveException", "Service was not ACTIVE.");

/** The service name a reference gives within `cluster`, or undefined when it names nothing there. */
export function serviceNameIn(ctx: Pick<RequestContext, "region" | "accountId">, cluster: string, ref: string): string | undefined {
  if (!ref.startsWith("arn:")) return NAME_PATTERN.test(ref) ? ref : undefined;
  const arn = parseArn(ref);
  if (!arn || arn.service !== "ecs" || arn.region !== ctx.region || arn.accountId !== ctx.accountId) return undefined;
  const m = /^service\/(?:([a-zA-Z0-9_-]{1,255})\/)?([a-zA-Z0-9_-]{1,255})$/.exec(arn.resource);
  if (!m || (m[1] !== undefined && m[1] !== cluster)) return undefined;
  return m[2];
}

export async function findService(tx: StoreTx, ctx: RequestContext, cluster: ClusterRecord, ref: string): Promise<ServiceRecord | undefined> {
  const name = serviceNameIn(ctx, cluster.name, ref);
  return name === undefined ? undefined : tx.services.get(ctx.region, cluster.name, name);
}

/** The service, or ServiceNotFoundException (an INACTIVE one counts as found: callers decide). */
export async function requireService(tx: StoreTx, ctx: RequestContext, cluster: ClusterRecord, ref: string): Promise<ServiceRecord> {
  const found = await findService(tx, ctx, cluster, ref);
  if (!found) throw serviceNotFound();
  return found;
}
