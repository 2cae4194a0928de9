/**
 * RegisterTaskDefinition's input shapes, member names verbatim from the ECS model. Only the members
 * berth reads are spelled out; every other model member passes through untouched (the dispatcher
 * has already dropped anything the model doesn't have and checked JSON types and enums).
 */
import type { Tag } from "../../../store/store.js";

export interface PortMapping {
  containerPort?: number;
  hostPort?: number;
  protocol?: "tcp" | "udp";
  name?: string;
  appProtocol?: string;
  containerPortRange?: string;
  [member: string]: unknown;
}

export interface HealthCheck {
  command: string[];
  interval?: number;
  timeout?: number;
  retries?: number;
  startPeriod?: number;
}

export interface ContainerDependency {
  containerName: string;
  condition: "START" | "COMPLETE" | "SUCCESS" | "HEALTHY";
}

export interface Secret {
  name: string;
  valueFrom: string;
}

export interface LogConfiguration {
  logDriver: string;
  options?: Record<string, string>;
  secretOptions?: Secret[];
}

export interface LinuxParameters {
  capabilities?: { add?: string[]; drop?: string[] };
  devices?: Record<string, unknown>[];
  initProcessEnabled?: boolean;
  sharedMemorySize?: number;
  tmpfs?: Record<string, unknown>[];
  maxSwap?: number;
  swappiness?: number;
}

export interface ContainerDefinition {
  name?: string;
  image?: string;
  cpu?: number;
  memory?: number;
  memoryReservation?: number;
  essential?: boolean;
  links?: string[];
  portMappings?: PortMapping[];
  environment?: { name?: string; value?: string }[];
  environmentFiles?: { value: string; type: string }[];
  mountPoints?: Record<string, unknown>[];
  volumesFrom?: Record<string, unknown>[];
  secrets?: Secret[];
  dependsOn?: ContainerDependency[];
  healthCheck?: HealthCheck;
  logConfiguration?: LogConfiguration;
  firelensConfiguration?: { type: string; options?: Record<string, string> };
  linuxParameters?: LinuxParameters;
  repositoryCredentials?: { credentialsParameter: string };
  resourceRequirements?: { type: string; value: string }[];
  ulimits?: Record<string, unknown>[];
  dockerLabels?: Record<string, string>;
  user?: string;
  privileged?: boolean;
  /** A TTY (Docker's Tty). */
  pseudoTerminal?: boolean;
  /** Stdin kept open (Docker's OpenStdin). */
  interactive?: boolean;
  startTimeout?: number;
  stopTimeout?: number;
  [member: string]: unknown;
}

export interface Volume {
  name?: string;
  host?: { sourcePath?: string };
  dockerVolumeConfiguration?: { driver?: string; scope?: string; [member: string]: unknown };
  efsVolumeConfiguration?: {
    fileSystemId: string;
    authorizationConfig?: { accessPointId?: string; iam?: "ENABLED" | "DISABLED" };
    [member: string]: unknown;
  };
  fsxWindowsFileServerVolumeConfiguration?: Record<string, unknown>;
  [member: string]: unknown;
}

export type Compatibility = "EC2" | "FARGATE" | "EXTERNAL" | "MANAGED_INSTANCES";
export type NetworkMode = "bridge" | "host" | "awsvpc" | "none";

export interface RegisterTaskDefinitionRequest {
  family: string;
  containerDefinitions: ContainerDefinition[];
  taskRoleArn?: string;
  executionRoleArn?: string;
  networkMode?: NetworkMode;
  volumes?: Volume[];
  placementConstraints?: { type?: string; expression?: string }[];
  requiresCompatibilities?: Compatibility[];
  cpu?: string;
  memory?: string;
  tags?: Tag[];
  pidMode?: "host" | "task";
  ipcMode?: "host" | "task" | "none";
  proxyConfiguration?: Record<string, unknown>;
  inferenceAccelerators?: Record<string, unknown>[];
  ephemeralStorage?: { sizeInGiB: number };
  runtimePlatform?: { cpuArchitecture?: string; operatingSystemFamily?: string };
  enableFaultInjection?: boolean;
}

/**
 * A definition after ECS's checks and defaults: task `cpu`/`memory` in units/MiB, containers with
 * their filled-in defaults. What `compatibilities` and `requiresAttributes` are computed from.
 */
export type NormalizedTaskDefinition = Omit<RegisterTaskDefinitionRequest, "tags">;
