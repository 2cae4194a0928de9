/**
 * Registering and deregistering instances, and their custom health, inside a store transaction:
 * what the API actions call, and what the ECS service integration will call for each task
 * (serviceRegistries). Each change is an operation (SUCCESS at once) and bumps the service's
 * revision. Callers run `discoveryChanged(store)` after the transaction commits.
 */
import type { StoreTx } from "../../../store/store.js";
import type { DnsConfig } from "../dns-config.js";
import { customHealthNotFound, duplicateRequest, instanceNotFound, serviceNotFound } from "../errors.js";
import { idOf } from "../ids.js";
import { recordOperation } from "../operations.js";
import { checkInstanceAttributes } from "./attributes.js";

/** Where a change happens: the region and the clock (a RequestContext satisfies it). */
export interface RegistryScope {
  region: string;
  now: Date;
}

export interface RegisterInstanceInput {
  /** The service's id or ARN. */
  ServiceId: string;
  InstanceId: string;
  Attributes: Record<string, string>;
  CreatorRequestId?: string;
}

async function serviceOf(tx: StoreTx, scope: RegistryScope, idOrArn: string) {
  const s = await tx.cloudMap.getService(scope.region, idOf(idOrArn));
  if (!s) throw serviceNotFound(idOrArn);
  return s;
}

/** Creates or updates (same InstanceId) an instance; returns the operation's id. */
export async function registerInstance(tx: StoreTx, scope: RegistryScope, input: RegisterInstanceInput): Promise<string> {
  const service = await serviceOf(tx, scope, input.ServiceId);
  if (input.CreatorRequestId !== undefined) {
    const prior = await tx.cloudMap.operationByCreatorRequestId(scope.region, input.CreatorRequestId);
    if (prior) {
      if (prior.type === "REGISTER_INSTANCE" && prior.targets.SERVICE === service.id && prior.targets.INSTANCE === input.InstanceId) return prior.id;
      throw duplicateRequest(prior.id);
    }
  }
  checkInstanceAttributes(service.doc as { DnsConfig?: DnsConfig; HealthCheckCustomConfig?: unknown }, input.Attributes);
  const existing = await tx.cloudMap.getInstance(service.id, input.InstanceId);
  const custom = service.doc.HealthCheckCustomConfig !== undefined;
  const init = input.Attributes.AWS_INIT_HEALTH_STATUS as "HEALTHY" | "UNHEALTHY" | undefined;
  await tx.cloudMap.putInstance({
    region: scope.region,
    serviceId: service.id,
    id: input.InstanceId,
    ...(input.CreatorRequestId !== undefined && { creatorRequestId: input.CreatorRequestId }),
    attributes: { ...input.Attributes },
    ...(custom && { health: init ?? existing?.health ?? "HEALTHY" }),
    createdAt: existing?.createdAt ?? scope.now.getTime(),
  });
  await tx.cloudMap.putService({ ...service, revision: service.revision + 1 });
  return recordOperation(tx, scope, "REGISTER_INSTANCE", { SERVICE: service.id, INSTANCE: input.InstanceId }, input.CreatorRequestId);
}

/** Removes an instance; returns the operation's id. */
export async function deregisterInstance(tx: StoreTx, scope: RegistryScope, input: { ServiceId: string; InstanceId: string }): Promise<string> {
  const service = await serviceOf(tx, scope, input.ServiceId);
  if (!(await tx.cloudMap.getInstance(service.id, input.InstanceId))) throw instanceNotFound(input.InstanceId);
  await tx.cloudMap.deleteInstance(service.id, input.InstanceId);
  await tx.cloudMap.putService({ ...service, revision: service.revision + 1 });
  return recordOperation(tx, scope, "DEREGISTER_INSTANCE", { SERVICE: service.id, INSTANCE: input.InstanceId });
}

/** Sets an instance's custom health status (the service must have HealthCheckCustomConfig). */
export async function setCustomHealth(tx: StoreTx, scope: RegistryScope, input: { ServiceId: string; InstanceId: string; Status: "HEALTHY" | "UNHEALTHY" }): Promise<void> {
  const service = await serviceOf(tx, scope, input.ServiceId);
  if (service.doc.HealthCheckCustomConfig === undefined) throw customHealthNotFound(service.id);
  const instance = await tx.cloudMap.getInstance(service.id, input.InstanceId);
  if (!instance) throw instanceNotFound(input.InstanceId);
  if (instance.health === input.Status) return;
  await tx.cloudMap.putInstance({ ...instance, health: input.Status });
  await tx.cloudMap.putService({ ...service, revision: service.revision + 1 });
}
