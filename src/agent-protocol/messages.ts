/**
 * The agent protocol: how an agent (embedded in the server, or `bin/berth agent` on another
 * host) talks to the control plane. It is served on the same endpoint as an AWS JSON 1.1
 * service (`X-Amz-Target: BerthAgentV1.<Operation>`, SigV4 with signing name `berth-agent`),
 * so it shares the dispatcher's routing, signatures, validation and errors. Its model is
 * `models/berth-agent-v1.json`. The agent only ever reaches the control plane through it.
 *
 * Operations so far: RegisterAgent (register or re-register as a container instance) and
 * Heartbeat (liveness; an instance whose agent misses heartbeats shows agentConnected: false).
 * Task assignment and state reports arrive with RunTask. GetTaskTags serves the task metadata
 * endpoint's /taskWithTags.
 */

export const AGENT_TARGET_PREFIX = "BerthAgentV1";
export const AGENT_SIGNING_NAME = "berth-agent";
/** How often agents heartbeat; an agent silent for HEARTBEAT_TIMEOUT_MS counts as disconnected. */
export const HEARTBEAT_INTERVAL_MS = 5_000;
export const HEARTBEAT_TIMEOUT_MS = 20_000;

export interface AgentResources {
  /** CPU units: 1024 per core. */
  cpu: number;
  /** MiB. */
  memory: number;
  /** TCP host ports reserved on the instance (ECS reserves 22, 2375, 2376, 51678, 51679). */
  reservedPorts: number[];
  reservedPortsUdp: number[];
}

export interface RegisterAgentRequest {
  /** Cluster name or ARN; none means `default` (created on first use, as in ECS). */
  cluster?: string;
  /** The agent's name, unique per host: re-registering with the same name and cluster returns the same instance. */
  name: string;
  /** Set when the agent restarts and wants its old instance back. */
  containerInstanceArn?: string;
  resources: AgentResources;
  attributes: { name: string; value?: string }[];
  versionInfo: { agentVersion: string; agentHash?: string; dockerVersion: string };
}

export interface RegisterAgentResponse {
  containerInstanceArn: string;
  ec2InstanceId: string;
  heartbeatIntervalMs: number;
}

export interface HeartbeatRequest {
  containerInstanceArn: string;
}

export interface HeartbeatResponse {
  /** The instance's status: ACTIVE, DRAINING, or INACTIVE once deregistered (the agent then stops). */
  status: string;
}

// ---------------------------------------------------------------------------------------------
// Tasks (designed here; the control plane's side arrives with RunTask). The control plane
// assigns tasks to an instance; the agent runs them and reports their state. Both directions
// carry whole states, not deltas, so a lost message only costs latency (level-triggered).

/** One container of an assigned task: its container definition with the task's overrides applied. */
export interface AssignedContainer {
  /** The ECS ContainerDefinition wire shape (name, image, command, environment, portMappings, ...). */
  definition: Record<string, unknown>;
  /** The container's ECS ARN (task metadata endpoint: ContainerARN). */
  containerArn?: string;
}

/** A task the control plane wants on this instance. */
export interface AssignedTask {
  taskArn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  family: string;
  /** Grows with every change of the desired state; the agent acts on the newest it has seen. */
  version: number;
  desiredStatus: "RUNNING" | "STOPPED";
  /** With desiredStatus STOPPED: why (StopTask's reason), and ECS's stopCode. */
  stopCode?: string;
  stoppedReason?: string;
  networkMode: "bridge" | "host" | "awsvpc" | "none";
  /** Task-level cpu units and memory MiB, if the task definition sets them. */
  cpu?: number;
  memory?: number;
  /** awsvpc only: the task's own loopback address (127.x.y.z), where its ports are published. */
  privateIpv4Address?: string;
  containers: AssignedContainer[];
  /** The task definition's volumes (host paths and Docker volumes). */
  volumes: Record<string, unknown>[];
  /** EC2 or FARGATE, and the task's availability zone (task metadata endpoint). */
  launchType?: string;
  availabilityZone?: string;
}

export interface ReportedBinding {
  bindIP: string;
  containerPort: number;
  hostPort: number;
  protocol: "tcp" | "udp";
}

/** What the agent knows of one container (times in epoch ms). */
export interface ReportedContainer {
  name: string;
  /** The Docker container id. */
  runtimeId?: string;
  lastStatus: "PENDING" | "RUNNING" | "STOPPED";
  exitCode?: number;
  /** ECS's reason text, e.g. "CannotPullContainerError: ...", "OutOfMemoryError: Container killed due to memory usage". */
  reason?: string;
  imageDigest?: string;
  networkBindings: ReportedBinding[];
  healthStatus: "HEALTHY" | "UNHEALTHY" | "UNKNOWN";
  startedAt?: number;
  finishedAt?: number;
}

/** What the agent knows of one task (times in epoch ms). */
export interface TaskReport {
  taskArn: string;
  /** The AssignedTask version this report reflects. */
  version: number;
  /** PROVISIONING / DEPROVISIONING: an awsvpc task's own network is being set up / torn down. */
  lastStatus: "PROVISIONING" | "PENDING" | "ACTIVATING" | "RUNNING" | "DEACTIVATING" | "STOPPING" | "DEPROVISIONING" | "STOPPED";
  healthStatus: "HEALTHY" | "UNHEALTHY" | "UNKNOWN";
  /** Set when the agent itself stops the task (an essential container exited, a pull failed, ...). */
  stopCode?: string;
  stoppedReason?: string;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  /** When the containers stopped (ECS's executionStoppedAt). */
  executionStoppedAt?: number;
  containers: ReportedContainer[];
}

/**
 * PollTasks: the agent asks for its assignments. The answer holds every task assigned to the
 * instance that the agent still has to act on (desired RUNNING, or desired STOPPED and not yet
 * reported STOPPED), with `sequence`, the instance's assignment counter. When `sinceSequence`
 * equals the current counter the server holds the request until an assignment changes or
 * `waitMs` (at most 20 s) passes: a long poll, so a RunTask reaches the agent at once.
 */
export interface PollTasksRequest {
  containerInstanceArn: string;
  sinceSequence?: number;
  waitMs?: number;
}

export interface PollTasksResponse {
  sequence: number;
  tasks: AssignedTask[];
}

/** SubmitTaskState: the agent reports what it knows of its tasks (whole states). */
export interface SubmitTaskStateRequest {
  containerInstanceArn: string;
  reports: TaskReport[];
}

export type SubmitTaskStateResponse = Record<string, never>;

export const MAX_POLL_WAIT_MS = 20_000;

/** GetTaskTags: a task's tags and its container instance's, read when asked (the task metadata
 * endpoint's /taskWithTags), so TagResource and UntagResource show at once. */
export interface GetTaskTagsRequest {
  containerInstanceArn: string;
  taskArn: string;
}

export interface GetTaskTagsResponse {
  taskTags: { key: string; value?: string }[];
  containerInstanceTags: { key: string; value?: string }[];
}

// ---------------------------------------------------------------------------------------------
// Managed capacity (what FARGATE tasks run on; src/services/ecs/launch/managed-capacity.ts). An
// agent may also offer managed capacity by registering a *seat*: no container instance is shown
// for it, and it runs Fargate tasks of every cluster of its region. The seat's ARN then stands
// where the other operations take a `containerInstanceArn` (Heartbeat, PollTasks,
// SubmitTaskState), with the same meaning.

export interface RegisterManagedCapacityRequest {
  /** The agent's name: re-registering under the same name returns the same seat. */
  name: string;
  /** Set when the agent restarts and wants its old seat back. */
  seatArn?: string;
  resources: AgentResources;
  attributes: { name: string; value?: string }[];
  versionInfo: { agentVersion: string; agentHash?: string; dockerVersion: string };
}

export interface RegisterManagedCapacityResponse {
  seatArn: string;
  heartbeatIntervalMs: number;
}

// ---------------------------------------------------------------------------------------------
// Container logs (the awslogs driver; agent side in src/agent/logs/). The agent ships the lines
// of awslogs containers to the control plane's CloudWatch Logs store. `cursor` is the agent's
// resume point in the container's log (opaque to the server), stored with the stream in the same
// transaction as the events, so a restarted agent resumes exactly where the stored events end.
// `startCursor` makes the append conditional (optimistic concurrency): a batch lands only on the
// stream state its shipper last saw, so two shippers of one container (an agent restarted while
// its old call was still in flight) never both append the same lines.

/**
 * PutContainerLogs: append events to `logGroupName`/`logStreamName` (the stream is created when
 * missing; the group too when `createGroup`), then record `cursor`. With no events it only opens
 * the stream. The answer carries the stream's cursor. A missing group without `createGroup` is
 * ResourceNotFoundException "The specified log group does not exist.".
 *
 * A batch whose `cursor` is already the stored one was appended before (a retry whose answer was
 * lost): nothing is appended and the answer is that cursor. Otherwise, with `startCursor`, the
 * batch is appended only when `startCursor` is the stream's stored cursor ("" when the stream has
 * none); when it isn't, nothing is appended and the answer is `stale: true` with the stored
 * cursor (absent when there is none), from which the agent reads the container's log again.
 * Without `startCursor` the append is unconditional (agents from before it).
 */
export interface PutContainerLogsRequest {
  containerInstanceArn: string;
  /** The group's region (awslogs-region); default the region the request is signed for. */
  region?: string;
  logGroupName: string;
  /** Absent: only the group is checked (and created with `createGroup`); `events` must be empty. */
  logStreamName?: string;
  createGroup?: boolean;
  /** Epoch ms and the line(s) of one event; any order (the server sorts them). */
  events: { timestamp: number; message: string }[];
  /** The resume point after the last of `events`, stored with them. */
  cursor?: string;
  /** The stream's cursor the agent believes is stored ("" for none): the point `events` follow. */
  startCursor?: string;
}

export interface PutContainerLogsResponse {
  /** The stream's stored cursor after the call. */
  cursor?: string;
  /** `startCursor` was not the stored cursor: nothing was appended. */
  stale?: boolean;
}
