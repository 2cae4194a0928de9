/**
 * What a service record keeps in its `doc`: the Service wire members (times in epoch ms), its
 * deployments and events, and the scheduler's own bookkeeping. Counts (runningCount,
 * pendingCount) are not stored: views compute them from the tasks, so they are always true.
 */
import type { Tag } from "../../../store/store.js";
import type { DeploymentLaunch } from "./deployments.js";

export interface DeploymentCircuitBreaker {
  enable: boolean;
  rollback: boolean;
}

export interface DeploymentConfiguration {
  deploymentCircuitBreaker?: DeploymentCircuitBreaker;
  maximumPercent?: number;
  minimumHealthyPercent?: number;
  [member: string]: unknown;
}

export type RolloutState = "IN_PROGRESS" | "COMPLETED" | "FAILED";

export interface StoredDeployment {
  /** `ecs-svc/` and 19 digits. */
  id: string;
  status: "PRIMARY" | "ACTIVE";
  taskDefinition: string;
  createdAt: number;
  updatedAt: number;
  launchType?: string;
  /** A service on a capacity provider strategy: the strategy this deployment's tasks follow. */
  capacityProviderStrategy?: Record<string, unknown>[];
  /** Fargate: the platform version the tasks run (LATEST resolved) and its family. */
  platformVersion?: string;
  platformFamily?: string;
  networkConfiguration?: Record<string, unknown>;
  rolloutState: RolloutState;
  rolloutStateReason: string;
  /** Failures the circuit breaker counted (Deployment.failedTasks). */
  failedTasks: number;
  /** Set once the deployment has finished (COMPLETED, FAILED, or replaced). */
  finishedAt?: number;
  /** The deployment this one rolls back from, when the circuit breaker started it. */
  rollbackFrom?: string;
}

export interface StoredEvent {
  id: string;
  createdAt: number;
  message: string;
}

/** A finished deployment, for ListServiceDeployments / DescribeServiceDeployments. */
export interface DeploymentHistoryEntry {
  id: string;
  taskDefinition: string;
  createdAt: number;
  startedAt: number;
  finishedAt?: number;
  status: "PENDING" | "SUCCESSFUL" | "STOPPED" | "IN_PROGRESS" | "ROLLBACK_IN_PROGRESS" | "ROLLBACK_SUCCESSFUL" | "ROLLBACK_FAILED";
  statusReason?: string;
  desiredCount: number;
  deploymentConfiguration: DeploymentConfiguration;
  /** The deployments this one replaces (their service revisions are its sources). */
  sourceDeploymentIds: string[];
  rollbackFrom?: string;
}

export interface ServiceDoc {
  serviceArn: string;
  serviceName: string;
  clusterArn: string;
  taskDefinition?: string;
  desiredCount: number;
  launchType?: string;
  capacityProviderStrategy?: Record<string, unknown>[];
  platformVersion?: string;
  platformFamily?: string;
  deploymentConfiguration: DeploymentConfiguration;
  placementConstraints: Record<string, unknown>[];
  placementStrategy: Record<string, unknown>[];
  networkConfiguration?: Record<string, unknown>;
  healthCheckGracePeriodSeconds?: number;
  schedulingStrategy: "REPLICA" | "DAEMON";
  deploymentController: { type: string };
  enableECSManagedTags: boolean;
  propagateTags: "TASK_DEFINITION" | "SERVICE" | "NONE";
  enableExecuteCommand: boolean;
  loadBalancers: Record<string, unknown>[];
  serviceRegistries: Record<string, unknown>[];
  availabilityZoneRebalancing?: string;
  roleArn?: string;
  createdAt: number;
  createdBy?: string;
  deployments: StoredDeployment[];
  events: StoredEvent[];
  /** Scheduler bookkeeping, never on the wire. */
  scheduler: {
    /** The task definition of the last deployment that COMPLETED: where a rollback goes. */
    lastCompleted?: { id: string; taskDefinition: string; launch?: DeploymentLaunch };
    /** When the throttle lets the primary deployment start tasks again (epoch ms). */
    throttledUntil?: number;
    history: DeploymentHistoryEntry[];
    /** No longer written: drains are kept on the task records (activation-steps.ts); dropped from older docs. */
    draining?: Record<string, { until: number; reason: string }>;
    /** The Cloud Map services (serviceRegistries ARNs) this service registers its tasks in (service-registries.ts). */
    registries?: string[];
  };
  /** CreateService idempotency: a digest of the create request, and its clientToken. */
  requestHash: string;
  clientToken?: string;
  /** The service's tags at creation (the tag table is the source of truth afterwards). */
  tags?: Tag[];
}

export const serviceDoc = (record: { doc: Record<string, unknown> }): ServiceDoc => record.doc as unknown as ServiceDoc;
export const MAX_EVENTS = 100;
export const MAX_HISTORY = 100;
