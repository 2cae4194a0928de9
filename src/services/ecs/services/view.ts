/**
 * A service record → ECS's Service shape. runningCount and pendingCount (service and each
 * deployment) are counted from the service's tasks at the time of the call, so they are never
 * stale: RUNNING counts as running; PROVISIONING, PENDING and ACTIVATING as pending.
 */
import type { ServiceRecord, StoreTx, Tag } from "../../../store/store.js";
import { serviceGroup } from "./snapshot.js";
import { serviceDoc, type ServiceDoc, type StoredDeployment } from "./types.js";

const PENDING = ["PROVISIONING", "PENDING", "ACTIVATING"];

export interface TaskCounts {
  running: number;
  pending: number;
  /** Live (desired RUNNING) tasks per deployment id. */
  live: Map<string, number>;
  byDeployment: Map<string, { running: number; pending: number }>;
}

export async function taskCounts(tx: StoreTx, record: ServiceRecord): Promise<TaskCounts> {
  const tasks = await tx.tasks.list(record.region, record.cluster, { group: serviceGroup(record.name), notStopped: true }, { limit: 10_000 });
  const counts: TaskCounts = { running: 0, pending: 0, live: new Map(), byDeployment: new Map() };
  for (const t of tasks) {
    if (t.lastStatus === "STOPPED") continue;
    const key = t.startedBy ?? "";
    const d = counts.byDeployment.get(key) ?? { running: 0, pending: 0 };
    if (t.lastStatus === "RUNNING") {
      counts.running++;
      d.running++;
    } else if (PENDING.includes(t.lastStatus)) {
      counts.pending++;
      d.pending++;
    }
    counts.byDeployment.set(key, d);
    if (t.desiredStatus === "RUNNING") counts.live.set(key, (counts.live.get(key) ?? 0) + 1);
  }
  return counts;
}

export function deploymentConfigurationView(doc: ServiceDoc): Record<string, unknown> {
  const daemon = doc.schedulingStrategy === "DAEMON";
  const c = doc.deploymentConfiguration;
  return {
    ...c,
    deploymentCircuitBreaker: c.deploymentCircuitBreaker ?? { enable: false, rollback: false },
    maximumPercent: c.maximumPercent ?? (daemon ? 100 : 200),
    minimumHealthyPercent: c.minimumHealthyPercent ?? (daemon ? 0 : 100),
  };
}

function deploymentView(d: StoredDeployment, primaryDesired: number, counts: TaskCounts): Record<string, unknown> {
  const c = counts.byDeployment.get(d.id) ?? { running: 0, pending: 0 };
  return {
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinition,
    desiredCount: d.status === "PRIMARY" ? primaryDesired : (counts.live.get(d.id) ?? 0),
    pendingCount: c.pending,
    runningCount: c.running,
    failedTasks: d.failedTasks,
    createdAt: new Date(d.createdAt),
    updatedAt: new Date(d.updatedAt),
    ...(d.capacityProviderStrategy !== undefined && { capacityProviderStrategy: d.capacityProviderStrategy }),
    ...(d.launchType !== undefined && { launchType: d.launchType }),
    ...(d.platformVersion !== undefined && { platformVersion: d.platformVersion }),
    ...(d.platformFamily !== undefined && { platformFamily: d.platformFamily }),
    ...(d.networkConfiguration !== undefined && { networkConfiguration: d.networkConfiguration }),
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason,
  };
}

export async function serviceView(tx: StoreTx, record: ServiceRecord, opts: { tags?: Tag[] } = {}): Promise<Record<string, unknown>> {
  const doc = serviceDoc(record);
  const counts = await taskCounts(tx, record);
  return {
    serviceArn: record.arn,
    serviceName: record.name,
    clusterArn: doc.clusterArn,
    loadBalancers: doc.loadBalancers,
    serviceRegistries: doc.serviceRegistries,
    status: record.status,
    desiredCount: doc.desiredCount,
    runningCount: counts.running,
    pendingCount: counts.pending,
    ...(doc.launchType !== undefined && { launchType: doc.launchType }),
    ...(doc.capacityProviderStrategy !== undefined && { capacityProviderStrategy: doc.capacityProviderStrategy }),
    ...(doc.platformVersion !== undefined && { platformVersion: doc.platformVersion }),
    ...(doc.platformFamily !== undefined && { platformFamily: doc.platformFamily }),
    ...(doc.taskDefinition !== undefined && { taskDefinition: doc.taskDefinition }),
    deploymentConfiguration: deploymentConfigurationView(doc),
    deployments: doc.deployments.map((d) => deploymentView(d, doc.desiredCount, counts)),
    ...(doc.roleArn !== undefined && { roleArn: doc.roleArn }),
    events: doc.events.map((e) => ({ id: e.id, createdAt: new Date(e.createdAt), message: e.message })),
    createdAt: new Date(doc.createdAt),
    placementConstraints: doc.placementConstraints,
    placementStrategy: doc.placementStrategy,
    ...(doc.networkConfiguration !== undefined && { networkConfiguration: doc.networkConfiguration }),
    ...(doc.healthCheckGracePeriodSeconds !== undefined && { healthCheckGracePeriodSeconds: doc.healthCheckGracePeriodSeconds }),
    schedulingStrategy: doc.schedulingStrategy,
    deploymentController: doc.deploymentController,
    ...(doc.createdBy !== undefined && { createdBy: doc.createdBy }),
    enableECSManagedTags: doc.enableECSManagedTags,
    propagateTags: doc.propagateTags,
    enableExecuteCommand: doc.enableExecuteCommand,
    ...(doc.availabilityZoneRebalancing !== undefined && { availabilityZoneRebalancing: doc.availabilityZoneRebalancing }),
    ...(opts.tags !== undefined && { tags: opts.tags }),
  };
}
