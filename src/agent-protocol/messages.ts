/**
 * The agent protocol: how an agent (embedded in the server, or `bin/berth agent` on another
 * host) talks to the control plane. It is served on the same endpoint as an AWS JSON 1.1
 * service (`X-Amz-Target: BerthAgentV1.<Operation>`, SigV4 with signing name `berth-agent`),
 * so it shares the dispatcher's routing, signatures, validation and errors. Its model is
 * `models/berth-agent-v1.json`. The agent only ever reaches the control plane through it.
 *
 * Operations so far: RegisterAgent (register or re-register as a container instance) and
 * Heartbeat (liveness; an instance whose agent misses heartbeats shows agentConnected: false).
 * Task assignment and state reports arrive with RunTask.
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
