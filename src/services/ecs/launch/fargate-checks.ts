/**
 * What RunTask checks of a task bound for managed capacity (FARGATE), beyond the task
 * definition's own compatibility ("Task definition does not support launch_type FARGATE.",
 * checked where the definition is resolved), and what the task then shows. Pure.
 *
 * - placementConstraints / placementStrategy in the request are refused. Constraints: observed
 *   "Placement constraints are not supported with FARGATE launch type." (CreateService,
 *   GetSimpl/cloudlift#138); strategies: the same wording, not observed.
 * - platformVersion: LATEST (or none) is 1.4.0, the LATEST Linux platform version (DG
 *   platform-linux-fargate.md); 1.0.0–1.4.0 are kept as given; anything else is
 *   PlatformUnknownException with the model's text. 8 and 16 vCPU need 1.4.0 (DG
 *   task-cpu-memory-error.md): PlatformTaskDefinitionIncompatibilityException, the model's text.
 * - The task size after overrides must be a Fargate size: ClientException, the message observed
 *   at RegisterTaskDefinition ("No Fargate configuration exists for given values: 1024 CPU, 1024
 *   memory. See the Amazon ECS documentation for the valid values.").
 * - ephemeralStorage: the override's, else the definition's, else ECS's default of 20 GiB.
 */
import { AwsError } from "../../../errors.js";
import { clientException, invalidParameter } from "../errors.js";
import { isFargateSize } from "../task-definitions/fargate.js";

export const LATEST_PLATFORM_VERSION = "1.4.0";
export const PLATFORM_VERSIONS = ["1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0"];
export const PLATFORM_FAMILY = "Linux";
export const DEFAULT_EPHEMERAL_STORAGE_GIB = 20;

export interface FargateRequest {
  platformVersion?: string;
  placementConstraints?: unknown[];
  placementStrategy?: unknown[];
}

/** The checks that need no task definition; returns the platform version the tasks show. */
export function checkFargateRequest(input: FargateRequest): string {
  if ((input.placementConstraints ?? []).length > 0) throw invalidParameter("Placement constraints are not supported with FARGATE launch type.");
  if ((input.placementStrategy ?? []).length > 0) throw invalidParameter("Placement strategies are not supported with FARGATE launch type.");
  const asked = input.platformVersion ?? "LATEST";
  const version = asked === "LATEST" ? LATEST_PLATFORM_VERSION : asked;
  if (!PLATFORM_VERSIONS.includes(version)) throw new AwsError("PlatformUnknownException", "The specified platform version doesn't exist.");
  return version;
}

export interface FargateTaskShape {
  networkMode: string;
  /** Task-level cpu units and MiB after overrides. */
  cpu?: number;
  memory?: number;
  definitionEphemeralStorage?: { sizeInGiB: number };
  overrideEphemeralStorage?: { sizeInGiB: number };
}

/** The checks against the resolved definition; returns the task's ephemeral storage in GiB. */
export function checkFargateTask(task: FargateTaskShape, platformVersion: string): number {
  if (task.networkMode !== "awsvpc") throw invalidParameter("Task definition does not support launch_type FARGATE.");
  if (task.cpu === undefined || task.memory === undefined) throw invalidParameter("Task definition does not support launch_type FARGATE.");
  if (!isFargateSize(task.cpu, task.memory)) {
    throw clientException(`No Fargate configuration exists for given values: ${task.cpu} CPU, ${task.memory} memory. See the Amazon ECS documentation for the valid values.`);
  }
  if (task.cpu >= 8192 && platformVersion !== LATEST_PLATFORM_VERSION) {
    throw new AwsError("PlatformTaskDefinitionIncompatibilityException", "The specified platform version doesn't satisfy the required capabilities of the task definition.");
  }
  const size = task.overrideEphemeralStorage?.sizeInGiB ?? task.definitionEphemeralStorage?.sizeInGiB ?? DEFAULT_EPHEMERAL_STORAGE_GIB;
  if (task.overrideEphemeralStorage !== undefined && (size < 21 || size > 200)) {
    // The range RegisterTaskDefinition enforces (validate.ts).
    throw invalidParameter("Invalid 'ephemeralStorage' setting for task. 'sizeInGiB' must be between 21 and 200.");
  }
  return size;
}
