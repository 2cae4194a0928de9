// The plain data the lifecycle functions read: one container as the agent knows it.
import type { ContainerDependency } from "../task-definitions/types.js";
import type { ContainerStatus, HealthStatus } from "./statuses.js";

export type { ContainerDependency };

export interface ContainerView {
  name: string;
  image: string;
  /** From the task definition; ECS defaults it to true. */
  essential: boolean;
  dependsOn: readonly ContainerDependency[];
  /** Whether the task definition declares a healthCheck (image HEALTHCHECKs are ignored). */
  hasHealthCheck: boolean;
  /** Container startTimeout in seconds, if set (dependency resolution timeout). */
  startTimeout?: number;
  /** Known status: PENDING / RUNNING / STOPPED. */
  lastStatus: ContainerStatus;
  /** When it reached RUNNING; absent if it never ran. */
  startedAt?: Date;
  exitCode?: number;
  reason?: string;
  healthStatus: HealthStatus;
}
