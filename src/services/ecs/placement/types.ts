/**
 * Plain data for RunTask placement on EC2. The placer (`place.ts`) reads these, never a store, and
 * returns a decision; an applier writes it. Wire names are kept where ECS has one.
 */

/** A host port a task would bind on the instance. `hostPort: 0` (dynamic) is never listed here. */
export interface HostPort {
  port: number;
  protocol: "tcp" | "udp";
}

/** What one task reserves on an instance: CPU units, MiB, and fixed host ports. */
export interface ResourceNeeds {
  cpu: number;
  memory: number;
  hostPorts: HostPort[];
}

/** A task already on an instance (or placed earlier in the same call): what spread and distinctInstance count. */
export interface TaskOnInstance {
  group: string;
  family: string;
}

/**
 * A registered container instance as the placer sees it. `remaining` is ECS's remainingResources:
 * CPU units and MiB left, and the TCP/UDP host ports already reserved (ECS lists 22, 2375, 2376,
 * 51678, 51679 plus every bound port).
 */
export interface CandidateInstance {
  arn: string;
  status: "ACTIVE" | "DRAINING" | "REGISTERING" | "DEREGISTERING" | "REGISTRATION_FAILED" | "INACTIVE";
  agentConnected: boolean;
  remaining: { cpu: number; memory: number; ports: number[]; portsUdp: number[] };
  attributes: Record<string, string | undefined>;
  tasks: TaskOnInstance[];
}

/**
 * `memberOf` carries a predicate so the cluster-query-language module can be plugged in: it compiles
 * `attribute:ecs.instance-type =~ t2.*` into `(instance) => boolean` and the placer only calls it.
 */
export type PlacementConstraint =
  | { kind: "distinctInstance" }
  | { kind: "memberOf"; expression: string; matches: (instance: CandidateInstance) => boolean };

/**
 * `spread.field` is `instanceId` / `host` (one bucket per instance) or `attribute:<name>`
 * (one bucket per attribute value; instances without it share one "no value" bucket).
 */
export type PlacementStrategy =
  | { kind: "binpack"; field: "CPU" | "MEMORY" }
  | { kind: "spread"; field: string }
  | { kind: "random" };

/**
 * Why an instance was rejected, verbatim as ECS puts it in RunTask's `failures[].reason`.
 * - RESOURCE:CPU / RESOURCE:MEMORY / RESOURCE:PORTS: observed RunTask output (apache/airflow#22255,
 *   aws/amazon-ecs-cli#178, a public run-task transcript with count 2 on one instance).
 * - RESOURCE:PORTS_UDP: the UDP twin (reference §2.3 lists `_TCP`/`_UDP` variants; not seen verbatim).
 * - AGENT: instance whose agent is disconnected (aws/amazon-ecs-agent#24, an ECS engineer).
 * - ATTRIBUTE: a `requiresAttributes` entry the instance lacks (DG api_failures_messages.md).
 * - the two constraint sentences: observed RunTask failures (aws-samples/amazon-chime-sdk-recording-demo#32;
 *   aws/amazon-ecs-agent#3044, aws/containers-roadmap#1201).
 */
export type FailureReason =
  | "AGENT"
  | "ATTRIBUTE"
  | "MemberOf placement constraint unsatisfied."
  | "DistinctInstance placement constraint unsatisfied."
  | "RESOURCE:CPU"
  | "RESOURCE:MEMORY"
  | "RESOURCE:PORTS"
  | "RESOURCE:PORTS_UDP";

/** One entry of RunTask's `failures`: the instance that was rejected and why. */
export interface PlacementFailure {
  arn: string;
  reason: FailureReason;
}

export interface PlacementRequest {
  instances: readonly CandidateInstance[];
  needs: ResourceNeeds;
  /** RunTask `count`, 1..10 (validated by the action). */
  count: number;
  /** RunTask `group`, default `family:<family>`. */
  group: string;
  family: string;
  /** Attribute names from the task definition's `requiresAttributes`; an instance must have each. */
  requiresAttributes?: readonly string[];
  constraints: readonly PlacementConstraint[];
  /** Up to 5, applied in order; each later one only breaks the earlier ones' ties. */
  strategies: readonly PlacementStrategy[];
  /** Injected randomness in [0, 1): the only source of chance in a decision. */
  random: () => number;
}

export type TaskPlacement =
  | { kind: "placed"; instanceArn: string }
  | { kind: "unplaced"; failures: PlacementFailure[] };

/**
 * `no-container-instances`: the cluster has no ACTIVE instance. Real RunTask answers this with an
 * InvalidParameterException "No Container Instances were found in your cluster." (aws/amazon-ecs-cli#1122,
 * awsdocs/amazon-ecs-developer-guide#1), not with `failures`; the action throws it.
 * `decided`: one entry per requested task, plus `failures` de-duplicated by instance as the wire carries them.
 */
export type PlacementDecision =
  | { kind: "no-container-instances"; message: "No Container Instances were found in your cluster." }
  | { kind: "decided"; tasks: TaskPlacement[]; failures: PlacementFailure[] };
