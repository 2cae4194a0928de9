/** ECS wire shapes used by berth's handlers (member names verbatim from the ECS model). */
import type { Tag } from "../../store/store.js";

export type { Tag };

export interface KeyValuePair {
  name: string;
  value: string;
}

export interface Failure {
  arn?: string;
  reason?: string;
  detail?: string;
}

export interface ClusterSetting {
  name: string;
  value: string;
}

export interface CapacityProviderStrategyItem {
  capacityProvider: string;
  weight?: number;
  base?: number;
}

export interface Cluster {
  clusterArn: string;
  clusterName: string;
  status: string;
  registeredContainerInstancesCount: number;
  runningTasksCount: number;
  pendingTasksCount: number;
  activeServicesCount: number;
  statistics: KeyValuePair[];
  tags: Tag[];
  settings: ClusterSetting[];
  capacityProviders: string[];
  defaultCapacityProviderStrategy: CapacityProviderStrategyItem[];
  configuration?: Record<string, unknown>;
  serviceConnectDefaults?: { namespace: string };
  attachments?: Record<string, unknown>[];
  attachmentsStatus?: string;
}

export type TaskDefinitionStatus = "ACTIVE" | "INACTIVE" | "DELETE_IN_PROGRESS";

/** The TaskDefinition shape. Container definitions are stored and echoed verbatim. */
export interface TaskDefinition {
  taskDefinitionArn: string;
  family: string;
  revision: number;
  status: TaskDefinitionStatus;
  containerDefinitions: Record<string, unknown>[];
  volumes: Record<string, unknown>[];
  placementConstraints: Record<string, unknown>[];
  requiresAttributes: { name: string; value?: string; targetType?: string; targetId?: string }[];
  compatibilities: string[];
  networkMode?: string;
  requiresCompatibilities?: string[];
  cpu?: string;
  memory?: string;
  registeredAt?: Date;
  registeredBy?: string;
  deregisteredAt?: Date;
  deleteRequestedAt?: Date;
  [member: string]: unknown;
}

export interface Setting {
  name: string;
  value: string;
  principalArn: string;
  type?: "user" | "aws_managed";
}

/** ECS's Resource shape: what an instance registers and has left (CPU, MEMORY, PORTS, PORTS_UDP). */
export interface Resource {
  name: string;
  type: string;
  doubleValue?: number;
  longValue?: number;
  integerValue?: number;
  stringSetValue?: string[];
}

export interface Attribute {
  name: string;
  value?: string;
  targetType?: string;
  targetId?: string;
}

export interface VersionInfo {
  agentVersion?: string;
  agentHash?: string;
  dockerVersion?: string;
}

export interface ContainerInstance {
  containerInstanceArn: string;
  ec2InstanceId: string;
  version: number;
  versionInfo: VersionInfo;
  remainingResources: Resource[];
  registeredResources: Resource[];
  status: string;
  agentConnected: boolean;
  runningTasksCount: number;
  pendingTasksCount: number;
  attributes: Attribute[];
  registeredAt: Date;
  attachments: Record<string, unknown>[];
  capacityProviderName?: string;
  tags?: Tag[];
  healthStatus?: { overallStatus: string; details: Record<string, unknown>[] };
}

export interface NetworkBinding {
  bindIP?: string;
  containerPort?: number;
  hostPort?: number;
  protocol?: string;
}

/** ECS's Container shape (a container of a task). */
export interface Container {
  containerArn: string;
  taskArn: string;
  name: string;
  image?: string;
  imageDigest?: string;
  runtimeId?: string;
  lastStatus: string;
  exitCode?: number;
  reason?: string;
  networkBindings: NetworkBinding[];
  networkInterfaces: { attachmentId?: string; privateIpv4Address?: string }[];
  healthStatus: string;
  cpu?: string;
  memory?: string;
  memoryReservation?: string;
}

export interface Attachment {
  id: string;
  type: string;
  status: string;
  details: KeyValuePair[];
}

/** ECS's Task shape. */
export interface Task {
  taskArn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  containerInstanceArn?: string;
  availabilityZone?: string;
  attachments: Attachment[];
  attributes: Attribute[];
  containers: Container[];
  cpu?: string;
  memory?: string;
  createdAt: Date;
  pullStartedAt?: Date;
  pullStoppedAt?: Date;
  startedAt?: Date;
  connectivity?: string;
  connectivityAt?: Date;
  stoppingAt?: Date;
  executionStoppedAt?: Date;
  stoppedAt?: Date;
  desiredStatus: string;
  lastStatus: string;
  group: string;
  startedBy?: string;
  launchType: string;
  healthStatus: string;
  stopCode?: string;
  stoppedReason?: string;
  overrides: Record<string, unknown>;
  /** Present when the action shows tags (RunTask, StopTask; DescribeTasks with include TAGS). */
  tags?: Tag[];
  version: number;
  enableExecuteCommand: boolean;
  /** Fargate tasks (launch/fargate-task.ts). */
  capacityProviderName?: string;
  platformVersion?: string;
  platformFamily?: string;
  ephemeralStorage?: { sizeInGiB: number };
  fargateEphemeralStorage?: { sizeInGiB: number };
}
