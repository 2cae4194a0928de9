/**
 * `requiresAttributes`: the container-instance attributes (agent capabilities) a definition needs,
 * as ECS computes them at registration. Placement later matches these against the attributes
 * each container instance registered with.
 *
 * ECS's table isn't published; these rules were read off real describe-task-definition outputs
 * (see README.md). Worked example, from one such output: an awsvpc definition with an ECR image,
 * an execution role, awslogs and a container with memoryReservation needs
 *   logging-driver.awslogs, execution-role-awslogs, ecr-auth, docker-remote-api.1.19,
 *   docker-remote-api.1.21, execution-role-ecr-pull, docker-remote-api.1.18, task-eni,
 *   docker-remote-api.1.29.
 */
import { isEcrImage } from "./compatibilities.js";
import type { NormalizedTaskDefinition, Secret } from "./types.js";

const CAP = "com.amazonaws.ecs.capability.";
const api = (v: string) => `${CAP}docker-remote-api.${v}`;

/** Secrets Manager ARNs are `asm`; anything else (a parameter name or an SSM ARN) is `ssm`. */
const secretStore = (s: Secret) => (s.valueFrom.startsWith("arn:") && s.valueFrom.split(":")[2] === "secretsmanager" ? "asm" : "ssm");

export function computeRequiresAttributes(td: NormalizedTaskDefinition): { name: string }[] {
  const names = new Set<string>();
  const add = (name: string) => names.add(name);
  const executionRole = Boolean(td.executionRoleArn);

  for (const c of td.containerDefinitions) {
    const log = c.logConfiguration;
    if (log) {
      add(`${CAP}logging-driver.${log.logDriver}`);
      add(api("1.19"));
      if (log.logDriver === "awslogs" && executionRole) add("ecs.capability.execution-role-awslogs");
      for (const s of log.secretOptions ?? []) add(`ecs.capability.secrets.${secretStore(s)}.bootstrap.log-driver`);
    }
    if (c.firelensConfiguration) {
      add(`ecs.capability.firelens.${c.firelensConfiguration.type}`);
      const fileType = c.firelensConfiguration.options?.["config-file-type"];
      if (fileType) add(`ecs.capability.firelens.options.config.${fileType}`);
    }
    if (isEcrImage(c.image)) {
      add(`${CAP}ecr-auth`);
      if (executionRole) add("ecs.capability.execution-role-ecr-pull");
    }
    if (c.repositoryCredentials) add(`${CAP}private-registry-authentication.secretsmanager`);
    if (c.memoryReservation !== undefined) add(api("1.21"));
    if (c.user !== undefined) add(api("1.17"));
    if ((c.ulimits ?? []).length > 0 || Object.keys(c.dockerLabels ?? {}).length > 0) add(api("1.18"));
    if (c.linuxParameters?.initProcessEnabled) add(api("1.25"));
    if (c.privileged) add(`${CAP}privileged-container`);
    if (c.healthCheck) add("ecs.capability.container-health-check");
    if ((c.dependsOn ?? []).length > 0 || c.startTimeout !== undefined || c.stopTimeout !== undefined) add("ecs.capability.container-ordering");
    for (const s of c.secrets ?? []) add(`ecs.capability.secrets.${secretStore(s)}.environment-variables`);
    if ((c.environmentFiles ?? []).length > 0) add("ecs.capability.env-files.s3");
  }

  if (td.taskRoleArn) {
    add(`${CAP}task-iam-role`);
    if (td.networkMode === "host") add(`${CAP}task-iam-role-network-host`);
  }
  if (td.networkMode === "awsvpc") {
    add(api("1.18"));
    add("ecs.capability.task-eni");
    add(api("1.29"));
  }
  if (td.pidMode !== undefined || td.ipcMode !== undefined) add("ecs.capability.pid-ipc-namespace-sharing");
  if (td.proxyConfiguration) add("ecs.capability.aws-appmesh");
  for (const v of td.volumes ?? []) {
    if (v.efsVolumeConfiguration) {
      add("ecs.capability.efs");
      const auth = v.efsVolumeConfiguration.authorizationConfig;
      if (auth && (auth.iam === "ENABLED" || auth.accessPointId)) add("ecs.capability.efsAuth");
      add(api("1.25"));
    }
    if (v.dockerVolumeConfiguration) {
      add(`ecs.capability.docker-plugin.${v.dockerVolumeConfiguration.driver ?? "local"}`);
      add(api("1.25"));
    }
    if (v.fsxWindowsFileServerVolumeConfiguration) add("ecs.capability.fsxWindowsFileServer");
  }
  return [...names].map((name) => ({ name }));
}
