/**
 * A service's serviceRegistries (Cloud Map service discovery), pure: the snapshot's discovery facts
 * and the tasks in; the Cloud Map changes out (the applier carries them out through
 * servicediscovery/instances/registry.ts). ECS's behaviour (DG "service discovery"):
 *
 * - A task is registered in each registry once its containers run (ACTIVATING) and its address
 *   (and, for SRV records, its port) is known: instance id = task id, attributes from
 *   ecsTaskInstance (AWS_INSTANCE_IPV4, AWS_INSTANCE_PORT, AVAILABILITY_ZONE, REGION,
 *   ECS_CLUSTER_NAME, ECS_SERVICE_NAME, ECS_TASK_DEFINITION_FAMILY, EC2_INSTANCE_ID, and
 *   AWS_INIT_HEALTH_STATUS when the registry has a custom health check).
 * - Health: with HealthCheckCustomConfig the instance's health follows the task's container health
 *   (no container health check: HEALTHY; else HEALTHY only while the task's healthStatus is
 *   HEALTHY), through UpdateInstanceCustomHealthStatus. Without it, a task with a container health
 *   check is registered only while HEALTHY.
 * - A task that stops (the scheduler's stop, StopTask, a crash) is deregistered; the scheduler's
 *   deregistrations happen in the transaction that orders the stop, StopTask's in the next pass while
 *   the task is DEACTIVATING, so before the agent stops any container. Deleting the service
 *   deregisters every task.
 * - A registry the service no longer names (UpdateService) loses its instances of the service.
 *   Example: tasks a, b RUNNING, registry R registered {a}; b stops → register nothing, deregister
 *   b only if registered; a stays.
 * Instances are recognised as the service's by ECS_CLUSTER_NAME and ECS_SERVICE_NAME; instances
 * registered by others in the same Cloud Map service are left alone.
 */
import type { TaskFacts } from "./task-health.js";

export interface RegistryFacts {
  registryArn: string;
  /** Still in the service's serviceRegistries (else only deregistrations). */
  current: boolean;
  /** The Cloud Map service has HealthCheckCustomConfig. */
  customHealth: boolean;
  /** This service's instances in the registry now: task id → custom health status (if any). */
  registered: Readonly<Record<string, string | undefined>>;
}

export interface TaskDiscoveryFacts {
  /** The task's container health (`Task.healthStatus`) when an essential container has a health check. */
  containerHealth?: string;
  /** Per registry ARN: the attributes to register the task with, once its address (and port) is known. */
  attributes: Readonly<Record<string, Record<string, string>>>;
}

export interface DiscoveryFacts {
  registries: readonly RegistryFacts[];
  tasks: Readonly<Record<string, TaskDiscoveryFacts>>;
}

export type DiscoveryAction =
  | { kind: "register"; registryArn: string; taskId: string; attributes: Record<string, string> }
  | { kind: "deregister"; registryArn: string; taskId: string }
  | { kind: "health"; registryArn: string; taskId: string; status: "HEALTHY" | "UNHEALTHY" };

/** The custom health an instance of this task should have. */
export const instanceHealthOf = (t: TaskDiscoveryFacts): "HEALTHY" | "UNHEALTHY" =>
  t.containerHealth === undefined || t.containerHealth === "HEALTHY" ? "HEALTHY" : "UNHEALTHY";

/**
 * `leaving`: tasks this plan stops: deregistered now (tasks no longer live, DEACTIVATING ones included, are too).
 * `active`: false while the service is being deleted (nothing is registered, everything leaves).
 */
export function planDiscovery(facts: DiscoveryFacts, tasks: readonly TaskFacts[], leaving: ReadonlySet<string>, active: boolean): DiscoveryAction[] {
  const out: DiscoveryAction[] = [];
  for (const r of facts.registries) {
    const wanted = new Map<string, Record<string, string>>();
    if (r.current && active) {
      for (const t of tasks) {
        if (!t.live || !t.running || leaving.has(t.id)) continue;
        const d = facts.tasks[t.id];
        const attributes = d?.attributes[r.registryArn];
        if (!d || !attributes) continue;
        if (!r.customHealth && instanceHealthOf(d) !== "HEALTHY") continue;
        wanted.set(t.id, attributes);
      }
    }
    for (const [taskId, health] of Object.entries(r.registered)) {
      if (!wanted.has(taskId)) {
        out.push({ kind: "deregister", registryArn: r.registryArn, taskId });
      } else if (r.customHealth) {
        const status = instanceHealthOf(facts.tasks[taskId]!);
        if (health !== status) out.push({ kind: "health", registryArn: r.registryArn, taskId, status });
      }
    }
    for (const [taskId, attributes] of wanted) {
      if (taskId in r.registered) continue;
      const withHealth = r.customHealth ? { ...attributes, AWS_INIT_HEALTH_STATUS: instanceHealthOf(facts.tasks[taskId]!) } : attributes;
      out.push({ kind: "register", registryArn: r.registryArn, taskId, attributes: withHealth });
    }
  }
  return out;
}
