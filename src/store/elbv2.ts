/**
 * Store records of Elastic Load Balancing v2: load balancers, target groups, listeners and rules
 * are wire-shaped documents keyed by ARN; targets are rows of their target group with the
 * registration (written by the API and by controllers through targets/registry.ts) and the
 * observed health (written only by the health checker).
 */

/** A load balancer, target group, listener or rule. `doc` is its wire shape (times in epoch ms). */
export interface ElbResourceRecord {
  region: string;
  arn: string;
  /** Load balancer and target group name; listener and rule: empty. */
  name: string;
  /** Listener: its load balancer's ARN; rule: its listener's ARN; others: empty. */
  parentArn: string;
  doc: Record<string, unknown>;
}

export type TargetHealthState = "initial" | "healthy" | "unhealthy" | "unused" | "draining" | "unavailable";

export interface TargetHealthRecord {
  state: TargetHealthState;
  reason?: string;
  description?: string;
}

export interface ElbTargetRecord {
  targetGroupArn: string;
  id: string;
  port: number;
  availabilityZone?: string;
  /** Epoch ms. */
  registeredAt: number;
  /** Set by deregistration: epoch ms when the deregistration delay ends and the row goes. */
  drainUntil?: number;
  health: TargetHealthRecord;
}

export interface ElbResourceRepo {
  get(arn: string): Promise<ElbResourceRecord | undefined>;
  byName(region: string, name: string): Promise<ElbResourceRecord | undefined>;
  put(record: ElbResourceRecord): Promise<void>;
  delete(arn: string): Promise<void>;
  /** Every record of a region (every region when undefined), oldest first. */
  list(region?: string): Promise<ElbResourceRecord[]>;
  /** Records whose parent is `parentArn`, oldest first. */
  children(parentArn: string): Promise<ElbResourceRecord[]>;
}

export interface ElbTargetRepo {
  list(targetGroupArn: string): Promise<ElbTargetRecord[]>;
  /** Every target of every target group (the data plane's snapshot). */
  all(): Promise<ElbTargetRecord[]>;
  /** Insert or replace the registration; keeps nothing of an earlier row. */
  put(record: ElbTargetRecord): Promise<void>;
  delete(targetGroupArn: string, id: string, port: number): Promise<void>;
  deleteGroup(targetGroupArn: string): Promise<void>;
  /** The health checker's write: only the health columns; false when the row is gone. */
  setHealth(targetGroupArn: string, id: string, port: number, health: TargetHealthRecord): Promise<boolean>;
}

export interface Elbv2Repo {
  loadBalancers: ElbResourceRepo;
  targetGroups: ElbResourceRepo;
  listeners: ElbResourceRepo;
  rules: ElbResourceRepo;
  targets: ElbTargetRepo;
  /** Container instances' EC2 instance ids (instance targets must name one). */
  instanceIdExists(ec2InstanceId: string): Promise<boolean>;
}
