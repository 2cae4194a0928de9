/**
 * Carrying out a plan's Cloud Map changes (service-registries.ts) inside the scheduler's
 * transaction, through the Cloud Map registry's own functions (the same as RegisterInstance,
 * DeregisterInstance and UpdateInstanceCustomHealthStatus: operations recorded, revisions bumped).
 * ECS writes no service event for a registration; a failure (the Cloud Map service deleted,
 * attributes that don't fit its DnsConfig) becomes an event and is tried again on the next pass.
 */
import { AwsError } from "../../../errors.js";
import type { ServiceRecord, StoreTx } from "../../../store/store.js";
import { deregisterInstance, registerInstance, setCustomHealth } from "../../servicediscovery/instances/registry.js";
import type { DiscoveryAction } from "./service-registries.js";

export const discoveryEvents = {
  failed: (service: string, what: string, taskId: string, registryArn: string, reason: string) =>
    `(service ${service}) was unable to ${what} (task ${taskId}) in (service-registry ${registryArn}). Reason: ${reason}`,
};

/** Returns whether any instance changed; failures are appended to `messages`. */
/** Carries out `actions`; a failure is an event in `messages`, and a failed registration's task id goes in `failed`. */
export async function applyDiscovery(tx: StoreTx, record: ServiceRecord, actions: readonly DiscoveryAction[], now: Date, messages: string[], failed?: Set<string>): Promise<boolean> {
  const scope = { region: record.region, now };
  let changed = false;
  for (const a of actions) {
    try {
      if (a.kind === "register") await registerInstance(tx, scope, { ServiceId: a.registryArn, InstanceId: a.taskId, Attributes: a.attributes });
      else if (a.kind === "deregister") await deregisterInstance(tx, scope, { ServiceId: a.registryArn, InstanceId: a.taskId });
      else await setCustomHealth(tx, scope, { ServiceId: a.registryArn, InstanceId: a.taskId, Status: a.status });
      changed = true;
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      if (a.kind === "register") failed?.add(a.taskId);
      const what = a.kind === "register" ? "register" : a.kind === "deregister" ? "deregister" : "update the health of";
      messages.push(discoveryEvents.failed(record.name, what, a.taskId, a.registryArn, err.message));
    }
  }
  return changed;
}
