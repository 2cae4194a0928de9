/**
 * Clusters: the stored record → the Cluster wire shape, with `include` deciding which optional
 * parts appear (as DescribeClusters does: statistics, tags and settings are empty lists unless
 * asked for; configuration and attachments appear only when asked for).
 */
import type { ClusterRecord, StoreTx } from "../../../store/store.js";
import type { Cluster, ClusterSetting, KeyValuePair } from "../types.js";

export type ClusterInclude = "ATTACHMENTS" | "CONFIGURATIONS" | "SETTINGS" | "STATISTICS" | "TAGS";

/** Counts of what a cluster holds. */
export interface ClusterCounts {
  registeredContainerInstancesCount: number;
  runningTasksCount: number;
  pendingTasksCount: number;
  activeServicesCount: number;
}

export async function clusterCounts(tx: StoreTx, cluster: ClusterRecord): Promise<ClusterCounts> {
  // Registered means ACTIVE or DRAINING: what ECS counts and what DeleteCluster refuses on.
  const registeredContainerInstancesCount = await tx.containerInstances.count(cluster.region, cluster.name, ["ACTIVE", "DRAINING"]);
  // Tasks not yet RUNNING count as pending; RUNNING and on their way down (not yet STOPPED) as running.
  const byStatus = await tx.tasks.countByLastStatus(cluster.region, cluster.name);
  const sum = (statuses: string[]) => statuses.reduce((n, s) => n + (byStatus[s] ?? 0), 0);
  const pendingTasksCount = sum(["PROVISIONING", "PENDING", "ACTIVATING"]);
  const runningTasksCount = sum(["RUNNING", "DEACTIVATING", "STOPPING", "DEPROVISIONING"]);
  const activeServicesCount = await tx.services.count(cluster.region, cluster.name, ["ACTIVE"]);
  return { registeredContainerInstancesCount, runningTasksCount, pendingTasksCount, activeServicesCount };
}

function statistics(counts: ClusterCounts): KeyValuePair[] {
  const zero = "0";
  return [
    { name: "runningEC2TasksCount", value: String(counts.runningTasksCount) },
    { name: "runningFargateTasksCount", value: zero },
    { name: "pendingEC2TasksCount", value: String(counts.pendingTasksCount) },
    { name: "pendingFargateTasksCount", value: zero },
    { name: "runningExternalTasksCount", value: zero },
    { name: "pendingExternalTasksCount", value: zero },
    { name: "activeEC2ServiceCount", value: String(counts.activeServicesCount) },
    { name: "activeFargateServiceCount", value: zero },
    { name: "drainingEC2ServiceCount", value: zero },
    { name: "drainingFargateServiceCount", value: zero },
    { name: "activeExternalServiceCount", value: zero },
    { name: "drainingExternalServiceCount", value: zero },
  ];
}

/** The full view: what CreateCluster, UpdateCluster and DeleteCluster return. */
export const ALL_INCLUDES: ClusterInclude[] = ["CONFIGURATIONS", "SETTINGS", "TAGS"];

export async function clusterView(tx: StoreTx, record: ClusterRecord, include: readonly ClusterInclude[]): Promise<Cluster> {
  const doc = record.doc as {
    settings?: ClusterSetting[];
    capacityProviders?: string[];
    defaultCapacityProviderStrategy?: Cluster["defaultCapacityProviderStrategy"];
    configuration?: Record<string, unknown>;
    serviceConnectDefaults?: { namespace: string };
  };
  const counts = await clusterCounts(tx, record);
  const cluster: Cluster = {
    clusterArn: record.arn,
    clusterName: record.name,
    status: record.status,
    ...counts,
    statistics: include.includes("STATISTICS") ? statistics(counts) : [],
    tags: include.includes("TAGS") ? await tx.tags.get(record.arn) : [],
    settings: include.includes("SETTINGS") ? (doc.settings ?? []) : [],
    capacityProviders: doc.capacityProviders ?? [],
    defaultCapacityProviderStrategy: doc.defaultCapacityProviderStrategy ?? [],
  };
  if (include.includes("CONFIGURATIONS") && doc.configuration) cluster.configuration = doc.configuration;
  if (doc.serviceConnectDefaults) cluster.serviceConnectDefaults = doc.serviceConnectDefaults;
  if (include.includes("ATTACHMENTS")) {
    cluster.attachments = [];
  }
  return cluster;
}
