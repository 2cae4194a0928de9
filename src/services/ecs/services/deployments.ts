/** Making a new PRIMARY deployment, on CreateService and on UpdateService that needs one. */
import type { StoredDeployment } from "./types.js";

export function newDeployment(id: string, taskDefinition: string, now: number, extra: { launchType?: string; networkConfiguration?: Record<string, unknown> }): StoredDeployment {
  return {
    id,
    status: "PRIMARY",
    taskDefinition,
    createdAt: now,
    updatedAt: now,
    ...(extra.launchType !== undefined && { launchType: extra.launchType }),
    ...(extra.networkConfiguration !== undefined && { networkConfiguration: extra.networkConfiguration }),
    rolloutState: "IN_PROGRESS",
    rolloutStateReason: `ECS deployment ${id} in progress.`,
    failedTasks: 0,
  };
}
