/**
 * Which launch types a registered definition can run on (`compatibilities`), computed as ECS does
 * whatever `requiresCompatibilities` asked for:
 *
 * - Linux bridge/host/none: `["EXTERNAL", "EC2"]` (ECS Anywhere runs those modes; observed output).
 * - awsvpc: `EC2`, then `FARGATE` when nothing in fargateIssues() applies, then
 *   `MANAGED_INSTANCES` (observed 2025+ output: `["EC2", "FARGATE", "MANAGED_INSTANCES"]`).
 * - Windows (`runtimePlatform.operatingSystemFamily` WINDOWS_*): no EXTERNAL or MANAGED_INSTANCES.
 *
 * fargateIssues() is also what RegisterTaskDefinition reports, first issue first, when FARGATE is
 * required.
 */
import { isFargateSize } from "./fargate.js";
import type { Compatibility, NormalizedTaskDefinition } from "./types.js";

export const isEcrImage = (image: string | undefined): boolean =>
  image !== undefined && /^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//.test(image);

const FARGATE_LOG_DRIVERS = new Set(["awslogs", "splunk", "awsfirelens"]);

/**
 * Why a definition can't run on Fargate, in the order ECS reports it. Messages marked (o) were
 * observed in real ECS errors; the rest are unverified.
 */
export function fargateIssues(td: NormalizedTaskDefinition): string[] {
  const issues: string[] = [];
  const cpu = td.cpu === undefined ? undefined : Number(td.cpu);
  const memory = td.memory === undefined ? undefined : Number(td.memory);
  if (td.networkMode !== "awsvpc") issues.push("Fargate only supports network mode ‘awsvpc’."); // (o), curly quotes and all
  if (cpu === undefined) issues.push("Fargate requires that 'cpu' be defined at the task level."); // (o)
  if (memory === undefined) issues.push("Fargate requires that 'memory' be defined at the task level."); // (o)
  if (cpu !== undefined && memory !== undefined && !isFargateSize(cpu, memory)) {
    // (o) "No Fargate configuration exists for given values: 1024 CPU, 1024 memory. See the Amazon ECS documentation for the valid values."
    issues.push(`No Fargate configuration exists for given values: ${cpu} CPU, ${memory} memory. See the Amazon ECS documentation for the valid values.`);
  }
  if ((td.placementConstraints ?? []).length > 0) issues.push("Fargate does not support task placement constraints."); // (o)
  for (const v of td.volumes ?? []) {
    if (v.host?.sourcePath !== undefined) issues.push("host.sourcePath should not be set for volumes in Fargate."); // (o)
    if (v.dockerVolumeConfiguration) issues.push("Fargate does not support Docker volumes.");
  }
  if (td.pidMode === "host") issues.push("Fargate does not support pidMode 'host'.");
  if (td.ipcMode !== undefined) issues.push("Fargate does not support ipcMode.");
  if ((td.inferenceAccelerators ?? []).length > 0) issues.push("Fargate does not support inference accelerators.");
  const role = td.executionRoleArn;
  for (const c of td.containerDefinitions) {
    const driver = c.logConfiguration?.logDriver;
    if (driver !== undefined && !FARGATE_LOG_DRIVERS.has(driver)) {
      issues.push(`Fargate does not support log driver ${driver}. Supported log drivers are awslogs, splunk and awsfirelens.`);
    }
    if (driver === "awslogs" && !role) issues.push("Fargate requires task definition to have execution role ARN to support log driver awslogs."); // (o)
    if (isEcrImage(c.image) && !role) issues.push("Fargate requires task definition to have execution role ARN to support ECR images."); // (o)
    if (c.privileged) issues.push(`Fargate does not support privileged containers ('${c.name}').`);
    const lp = c.linuxParameters;
    if (lp && ((lp.devices ?? []).length > 0 || lp.maxSwap !== undefined || lp.swappiness !== undefined)) {
      issues.push(`Fargate does not support linuxParameters devices, maxSwap or swappiness ('${c.name}').`);
    }
    if (c.stopTimeout !== undefined && c.stopTimeout > 120) issues.push(`Fargate supports a stopTimeout of at most 120 seconds ('${c.name}').`);
    if ((c.resourceRequirements ?? []).some((r) => r.type === "GPU")) issues.push("Fargate does not support GPU resource requirements.");
  }
  return [...new Set(issues)];
}

const isWindows = (td: NormalizedTaskDefinition) => td.runtimePlatform?.operatingSystemFamily?.startsWith("WINDOWS") ?? false;

export function computeCompatibilities(td: NormalizedTaskDefinition): Compatibility[] {
  const windows = isWindows(td);
  if (td.networkMode !== "awsvpc") return windows ? ["EC2"] : ["EXTERNAL", "EC2"];
  const out: Compatibility[] = ["EC2"];
  if (fargateIssues(td).length === 0) out.push("FARGATE");
  if (!windows) out.push("MANAGED_INSTANCES");
  return out;
}
