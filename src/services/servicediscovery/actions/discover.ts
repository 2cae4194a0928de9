/**
 * DiscoverInstances and DiscoverInstancesRevision (the SDKs send them to a `data-` host prefix; see
 * the folder README). Instances are found by the namespace's HttpName and the service's name,
 * filtered by QueryParameters (all must match), OptionalParameters (dropped when nothing matches
 * them) and HealthStatus (HEALTHY by default; ignored for services without a health check).
 */
import type { RequestContext } from "../../../server/service.js";
import type { CloudMapInstanceRecord, StoreTx } from "../../../store/store.js";
import { namespaceNotFound, serviceNotFound } from "../errors.js";
import { filterByHealth, instanceHealth } from "../health.js";

async function find(tx: StoreTx, ctx: RequestContext, namespaceName: string, serviceName: string) {
  const ns = await tx.cloudMap.namespaceByName(ctx.region, namespaceName);
  if (!ns) throw namespaceNotFound(namespaceName);
  const service = await tx.cloudMap.serviceByName(ctx.region, ns.id, serviceName);
  if (!service) throw serviceNotFound(serviceName);
  return { ns, service };
}

const matches = (i: CloudMapInstanceRecord, params: Record<string, string>) => Object.entries(params).every(([k, v]) => i.attributes[k] === v);

export async function discoverInstances(
  input: {
    NamespaceName: string;
    ServiceName: string;
    MaxResults?: number;
    QueryParameters?: Record<string, string>;
    OptionalParameters?: Record<string, string>;
    HealthStatus?: "HEALTHY" | "UNHEALTHY" | "ALL" | "HEALTHY_OR_ELSE_ALL";
  },
  ctx: RequestContext,
) {
  return ctx.store.read(async (tx) => {
    const { ns, service } = await find(tx, ctx, input.NamespaceName, input.ServiceName);
    let all: CloudMapInstanceRecord[] = [];
    for (let after: string | undefined; ; ) {
      const rows = await tx.cloudMap.listInstances(service.id, { after, limit: 500 });
      all.push(...rows);
      if (rows.length < 500) break;
      after = rows[rows.length - 1]!.id;
    }
    all = all.filter((i) => matches(i, input.QueryParameters ?? {}));
    if (input.OptionalParameters) {
      const narrowed = all.filter((i) => matches(i, input.OptionalParameters!));
      if (narrowed.length > 0) all = narrowed;
    }
    const chosen = filterByHealth(all, (i) => instanceHealth(service, i), input.HealthStatus ?? "HEALTHY").slice(0, input.MaxResults ?? 100);
    return {
      Instances: chosen.map((i) => ({
        InstanceId: i.id,
        NamespaceName: ns.name,
        ServiceName: service.name,
        HealthStatus: instanceHealth(service, i),
        Attributes: i.attributes,
      })),
      InstancesRevision: service.revision,
    };
  });
}

export async function discoverInstancesRevision(input: { NamespaceName: string; ServiceName: string }, ctx: RequestContext) {
  return ctx.store.read(async (tx) => ({ InstancesRevision: (await find(tx, ctx, input.NamespaceName, input.ServiceName)).service.revision }));
}
