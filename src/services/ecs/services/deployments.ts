/** Making a new PRIMARY deployment, on CreateService and on UpdateService that needs one. */
import type { StoredDeployment } from "./types.js";

/** What a deployment carries of its service: where its tasks run and their network. */
export type DeploymentLaunch = Pick<StoredDeployment, "launchType" | "capacityProviderStrategy" | "platformVersion" | "platformFamily" | "networkConfiguration">;

export function newDeployment(id: string, taskDefinition: string, now: number, extra: DeploymentLaunch): StoredDeployment {
  return {
    id,
    status: "PRIMARY",
    taskDefinition,
    createdAt: now,
    updatedAt: now,
    ...launchOf(extra),
    rolloutState: "IN_PROGRESS",
    rolloutStateReason: `ECS deployment ${id} in progress.`,
    failedTasks: 0,
  };
}

/** The launch members of a deployment (or of what makes one), those that are set. */
export function launchOf(d: DeploymentLaunch): DeploymentLaunch {
  return {
    ...(d.launchType !== undefined && { launchType: d.launchType }),
    ...(d.capacityProviderStrategy !== undefined && { capacityProviderStrategy: d.capacityProviderStrategy }),
    ...(d.platformVersion !== undefined && { platformVersion: d.platformVersion }),
    ...(d.platformFamily !== undefined && { platformFamily: d.platformFamily }),
    ...(d.networkConfiguration !== undefined && { networkConfiguration: d.networkConfiguration }),
  };
}
