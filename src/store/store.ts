/**
 * The store interface: what handlers and controllers may read and write, with no SQL in sight.
 * Every write runs inside `write(fn)`, one transaction; an acknowledged write is durable.
 * Backends: `sqlite/` (embedded, the default). A PostgreSQL backend implements the same
 * interface for several control-plane servers; the interface is async for that reason.
 *
 * Records hold wire-shaped documents (`doc`) with times as epoch milliseconds, plus the keys
 * the store indexes on. All records are regional: `region` is part of every key.
 */
import type { Elbv2Repo } from "./elbv2.js";

export interface Tag {
  key: string;
  value: string;
}

export interface ClusterRecord {
  region: string;
  name: string;
  arn: string;
  status: "ACTIVE" | "INACTIVE" | "PROVISIONING" | "DEPROVISIONING" | "FAILED";
  /** The Cluster shape's stored members (settings, configuration, capacity providers, ...). */
  doc: Record<string, unknown>;
}

export type TaskDefinitionStatus = "ACTIVE" | "INACTIVE" | "DELETE_IN_PROGRESS";

export interface TaskDefinitionRecord {
  region: string;
  family: string;
  revision: number;
  arn: string;
  status: TaskDefinitionStatus;
  /** The TaskDefinition wire shape, times in epoch ms. */
  doc: Record<string, unknown>;
  /**
   * The doc exactly as stored, on records read from the store: lets a hot path key a cache by
   * content (see task-definitions/wire-cache.ts) without parsing the doc.
   */
  readonly docJson?: string;
}

/** What a listing of task definitions needs: no document. */
export type TaskDefinitionKey = Pick<TaskDefinitionRecord, "region" | "family" | "revision" | "arn" | "status">;

export interface AccountSettingRecord {
  region: string;
  /** The principal's ARN, or `*default*` for the account default. */
  principal: string;
  name: string;
  value: string;
}

export type ContainerInstanceStatus = "ACTIVE" | "DRAINING" | "INACTIVE" | "REGISTERING" | "DEREGISTERING" | "REGISTRATION_FAILED";

/**
 * A container instance: one agent registered in one cluster. The keys the store indexes on are
 * fields; the rest of the ContainerInstance shape (registeredResources, remainingResources,
 * attributes, versionInfo, version, ...) lives in `doc`. Deregistered instances stay, INACTIVE.
 */
export interface ContainerInstanceRecord {
  region: string;
  /** The cluster's name. */
  cluster: string;
  /** 32 lowercase hex characters: the last part of the ARN. */
  id: string;
  arn: string;
  ec2InstanceId: string;
  /** The registering agent's name (agent protocol); absent for RegisterContainerInstance callers. */
  agentName?: string;
  status: ContainerInstanceStatus;
  /** Epoch ms. */
  registeredAt: number;
  /** Epoch ms of the agent's last heartbeat (registration counts as one). */
  lastHeartbeatAt?: number;
  doc: Record<string, unknown>;
}

export type TaskDesiredStatus = "RUNNING" | "STOPPED";

/**
 * A task: one RunTask placement. The keys the store indexes on are fields; the rest of the ECS
 * Task shape (containers, overrides, attachments, times in epoch ms, ...) lives in `doc`.
 * Writing a task that is new, or whose desiredStatus changed, bumps its container instance's
 * assignment sequence in the same transaction (what PollTasks waits on).
 */
export interface TaskRecord {
  region: string;
  /** The cluster's name. */
  cluster: string;
  /** 32 lowercase hex characters: the last part of the ARN. */
  id: string;
  arn: string;
  containerInstanceArn?: string;
  family: string;
  startedBy?: string;
  group: string;
  desiredStatus: TaskDesiredStatus;
  lastStatus: string;
  launchType: string;
  /** ECS's `version`: +1 on every state change. */
  version: number;
  /** Epoch ms. */
  createdAt: number;
  stoppedAt?: number;
  /** awsvpc tasks: the loopback address allocated to the task (unique among tasks not STOPPED). */
  privateIpv4Address?: string;
  doc: Record<string, unknown>;
  /**
   * Written, never read back: this change alters what the task's agent is told although
   * desiredStatus and the instance stay (a drained task released to its agent), so the instance's
   * assignment sequence goes up as for a desired-status change.
   */
  reassigned?: boolean;
}

export interface TaskListQuery {
  containerInstanceArn?: string;
  family?: string;
  startedBy?: string;
  desiredStatus?: TaskDesiredStatus;
  launchType?: string;
  /** The task's group (`service:<name>` for a service's tasks). */
  group?: string;
  /** Only tasks whose lastStatus is not STOPPED. */
  notStopped?: boolean;
}

/** A RunTask clientToken's record: what the first request was and what it made. */
export interface ClientTokenRecord {
  region: string;
  cluster: string;
  token: string;
  /** A digest of the request's parameters: a reuse with other parameters is a conflict. */
  requestHash: string;
  /** The RunTask response as first returned (times in epoch ms). */
  response: Record<string, unknown>;
  createdAt: number;
}

export interface Page<K> {
  /** Exclusive lower bound (in the list's order). */
  after?: K;
  limit: number;
}

export interface ClusterRepo {
  get(region: string, name: string): Promise<ClusterRecord | undefined>;
  put(record: ClusterRecord): Promise<void>;
  /** Clusters of a region (every status) ordered by name. */
  list(region: string, page: Page<string>): Promise<ClusterRecord[]>;
}

export interface TaskDefinitionListQuery {
  family?: string;
  status: TaskDefinitionStatus;
  sort: "ASC" | "DESC";
}

export interface TaskDefinitionRepo {
  get(region: string, family: string, revision: number): Promise<TaskDefinitionRecord | undefined>;
  /** The highest ACTIVE revision of a family. */
  latestActive(region: string, family: string): Promise<TaskDefinitionRecord | undefined>;
  /** Reserve the family's next revision number (never reused, even after deletion). */
  nextRevision(region: string, family: string): Promise<number>;
  put(record: TaskDefinitionRecord): Promise<void>;
  /** Ordered by family, then revision (ASC or DESC); `after` is the last [family, revision] seen. */
  list(region: string, query: TaskDefinitionListQuery, page: Page<[string, number]>): Promise<TaskDefinitionKey[]>;
  /** Family names in order; `status` ACTIVE: families with an ACTIVE revision; INACTIVE: with none; ALL. */
  families(region: string, query: { prefix?: string; status: "ACTIVE" | "INACTIVE" | "ALL" }, page: Page<string>): Promise<string[]>;
}

export interface ContainerInstanceRepo {
  get(region: string, cluster: string, id: string): Promise<ContainerInstanceRecord | undefined>;
  /** The newest instance of the cluster registered under this agent name that is not INACTIVE. */
  byAgentName(region: string, cluster: string, agentName: string): Promise<ContainerInstanceRecord | undefined>;
  put(record: ContainerInstanceRecord): Promise<void>;
  /** Record a heartbeat without rewriting the document; false when there is no such instance. */
  touch(region: string, cluster: string, id: string, at: number): Promise<boolean>;
  /** Instances of a cluster ordered by id; `statuses` (when given) keeps only those statuses. */
  list(region: string, cluster: string, query: { statuses?: readonly ContainerInstanceStatus[] }, page: Page<string>): Promise<ContainerInstanceRecord[]>;
  count(region: string, cluster: string, statuses: readonly ContainerInstanceStatus[]): Promise<number>;
  /** Instances with these statuses in every region and cluster (controllers' sweeps). */
  everywhere(statuses: readonly ContainerInstanceStatus[]): Promise<ContainerInstanceRecord[]>;
}

export interface TaskRepo {
  get(region: string, cluster: string, id: string): Promise<TaskRecord | undefined>;
  put(record: TaskRecord): Promise<void>;
  /** Tasks of a cluster ordered by id; every given filter must match. */
  list(region: string, cluster: string, query: TaskListQuery, page: Page<string>): Promise<TaskRecord[]>;
  /** How many tasks of the cluster have each lastStatus (statuses with none are absent). */
  countByLastStatus(region: string, cluster: string): Promise<Record<string, number>>;
  /** What an instance's agent still has to act on: desired RUNNING, or desired STOPPED and not yet STOPPED; ordered by id. */
  assignedTo(containerInstanceArn: string): Promise<TaskRecord[]>;
  /** The instance's assignment sequence (0 before its first assignment). */
  sequence(containerInstanceArn: string): Promise<number>;
  /** Loopback addresses held by tasks that are not STOPPED (in every region: the host's address space). */
  addressesInUse(): Promise<string[]>;
  getClientToken(region: string, cluster: string, token: string): Promise<ClientTokenRecord | undefined>;
  putClientToken(record: ClientTokenRecord): Promise<void>;
}

export interface TagRepo {
  get(arn: string): Promise<Tag[]>;
  /** Add or overwrite the given keys. */
  put(arn: string, tags: Tag[]): Promise<void>;
  remove(arn: string, keys: string[]): Promise<void>;
}

export interface AccountSettingRepo {
  get(region: string, principal: string, name: string): Promise<AccountSettingRecord | undefined>;
  put(record: AccountSettingRecord): Promise<void>;
  delete(region: string, principal: string, name: string): Promise<void>;
  list(region: string, principal: string | undefined): Promise<AccountSettingRecord[]>;
}

/** Small key/value facts of the installation (the page-token secret, ...). */
export interface MetaRepo {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
}

export type ServiceStatus = "ACTIVE" | "DRAINING" | "INACTIVE";

/**
 * A service: the keys the store indexes on, and the rest of the Service shape (deployments,
 * events, configuration; times in epoch ms) in `doc`. `version` goes +1 on every write, so a
 * controller can tell whether the service changed since its snapshot. A name is reusable once
 * INACTIVE: creating it again replaces the record.
 */
export interface ServiceRecord {
  region: string;
  /** The cluster's name. */
  cluster: string;
  name: string;
  arn: string;
  status: ServiceStatus;
  schedulingStrategy: "REPLICA" | "DAEMON";
  launchType?: string;
  version: number;
  /** Epoch ms. */
  createdAt: number;
  doc: Record<string, unknown>;
}

export interface ServiceListQuery {
  statuses?: readonly ServiceStatus[];
  launchType?: string;
  schedulingStrategy?: string;
}

export interface ServiceRepo {
  get(region: string, cluster: string, name: string): Promise<ServiceRecord | undefined>;
  put(record: ServiceRecord): Promise<void>;
  /** Services of a cluster ordered by name; every given filter must match. */
  list(region: string, cluster: string, query: ServiceListQuery, page: Page<string>): Promise<ServiceRecord[]>;
  count(region: string, cluster: string, statuses: readonly ServiceStatus[]): Promise<number>;
  /** Every service that is not INACTIVE, in every region and cluster: what the scheduler works on. */
  live(): Promise<ServiceRecord[]>;
}

/** Cloud Map (servicediscovery): a namespace. `name` is the HttpName, unique in a region. */
export interface CloudMapNamespaceRecord {
  region: string;
  /** `ns-` + 16 characters. */
  id: string;
  arn: string;
  name: string;
  type: "DNS_PUBLIC" | "DNS_PRIVATE" | "HTTP";
  creatorRequestId?: string;
  /** Epoch ms. */
  createdAt: number;
  /** The rest of the Namespace shape (Description, Properties). */
  doc: Record<string, unknown>;
}

/** Cloud Map: a service of a namespace; `revision` counts changes to its instances. */
export interface CloudMapServiceRecord {
  region: string;
  /** `srv-` + 16 characters. */
  id: string;
  arn: string;
  namespaceId: string;
  name: string;
  creatorRequestId?: string;
  createdAt: number;
  revision: number;
  /** The rest of the Service shape (Description, DnsConfig, HealthCheck*, Type, service attributes). */
  doc: Record<string, unknown>;
}

/** Cloud Map: a registered instance; `health` is its custom health status, when the service has one. */
export interface CloudMapInstanceRecord {
  region: string;
  serviceId: string;
  id: string;
  creatorRequestId?: string;
  attributes: Record<string, string>;
  health?: "HEALTHY" | "UNHEALTHY";
  createdAt: number;
}

/** Cloud Map: an asynchronous operation (berth completes them at once). */
export interface CloudMapOperationRecord {
  region: string;
  id: string;
  type: string;
  status: "SUBMITTED" | "PENDING" | "SUCCESS" | "FAIL";
  /** NAMESPACE / SERVICE / INSTANCE → id. */
  targets: Record<string, string>;
  creatorRequestId?: string;
  createdAt: number;
  updatedAt: number;
}

export interface CloudMapRepo {
  getNamespace(region: string, id: string): Promise<CloudMapNamespaceRecord | undefined>;
  namespaceByName(region: string, name: string): Promise<CloudMapNamespaceRecord | undefined>;
  putNamespace(record: CloudMapNamespaceRecord): Promise<void>;
  deleteNamespace(region: string, id: string): Promise<void>;
  /** A region's namespaces ordered by id. */
  listNamespaces(region: string, page: Page<string>): Promise<CloudMapNamespaceRecord[]>;
  getService(region: string, id: string): Promise<CloudMapServiceRecord | undefined>;
  serviceByName(region: string, namespaceId: string, name: string): Promise<CloudMapServiceRecord | undefined>;
  putService(record: CloudMapServiceRecord): Promise<void>;
  deleteService(region: string, id: string): Promise<void>;
  /** A region's services ordered by id. */
  listServices(region: string, page: Page<string>): Promise<CloudMapServiceRecord[]>;
  countServices(region: string, namespaceId: string): Promise<number>;
  getInstance(serviceId: string, id: string): Promise<CloudMapInstanceRecord | undefined>;
  putInstance(record: CloudMapInstanceRecord): Promise<void>;
  deleteInstance(serviceId: string, id: string): Promise<void>;
  /** A service's instances ordered by id. */
  listInstances(serviceId: string, page: Page<string>): Promise<CloudMapInstanceRecord[]>;
  countInstances(serviceId: string): Promise<number>;
  getOperation(region: string, id: string): Promise<CloudMapOperationRecord | undefined>;
  operationByCreatorRequestId(region: string, creatorRequestId: string): Promise<CloudMapOperationRecord | undefined>;
  putOperation(record: CloudMapOperationRecord): Promise<void>;
  /** A region's operations ordered by id. */
  listOperations(region: string, page: Page<string>): Promise<CloudMapOperationRecord[]>;
  /** Every DNS namespace (all regions) with its services and their instances: what the DNS server serves. */
  dnsSnapshot(): Promise<{ namespaces: CloudMapNamespaceRecord[]; services: CloudMapServiceRecord[]; instances: CloudMapInstanceRecord[] }>;
}

export interface StoreTx {
  clusters: ClusterRepo;
  taskDefinitions: TaskDefinitionRepo;
  containerInstances: ContainerInstanceRepo;
  tasks: TaskRepo;
  services: ServiceRepo;
  tags: TagRepo;
  accountSettings: AccountSettingRepo;
  meta: MetaRepo;
  elbv2: Elbv2Repo;
  cloudformation: CloudFormationRepo;
  ssmParameters: SsmParameterRepo;
  cloudMap: CloudMapRepo;
}

export interface Store {
  /** Reads outside a write transaction; each statement sees committed data. */
  read<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** One transaction: all of `fn`'s writes commit together or not at all. Writes are serialized. */
  write<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * A CloudFormation stack. Deleted stacks stay (DELETE_COMPLETE, visible by id). `doc` holds the
 * template, parameters, outputs, tags and the operation in flight (see services/cloudformation).
 */
export interface StackRecord {
  region: string;
  /** The stack's ARN. */
  stackId: string;
  name: string;
  status: string;
  /** Epoch ms. */
  createdAt: number;
  doc: Record<string, unknown>;
}

export interface StackResourceRecord {
  stackId: string;
  logicalId: string;
  doc: Record<string, unknown>;
}

export interface StackEventRecord {
  stackId: string;
  doc: Record<string, unknown>;
}

export interface ChangeSetRecord {
  region: string;
  /** The change set's ARN. */
  id: string;
  stackId: string;
  name: string;
  doc: Record<string, unknown>;
}

export interface CloudFormationRepo {
  /** By ARN (deleted stacks too), or by name (only a stack that is not DELETE_COMPLETE). */
  getStack(region: string, nameOrId: string): Promise<StackRecord | undefined>;
  putStack(record: StackRecord): Promise<void>;
  /** Every stack of the region (deleted ones too), newest first. */
  listStacks(region: string): Promise<StackRecord[]>;
  /** Stacks not DELETE_COMPLETE, in every region, whose status matches `like` (SQL LIKE). */
  stacksWithStatus(like: string): Promise<StackRecord[]>;
  resources(stackId: string): Promise<StackResourceRecord[]>;
  putResource(record: StackResourceRecord): Promise<void>;
  deleteResource(stackId: string, logicalId: string): Promise<void>;
  addEvent(record: StackEventRecord): Promise<void>;
  /** Newest first. */
  events(stackId: string): Promise<StackEventRecord[]>;
  getChangeSet(region: string, id: string): Promise<ChangeSetRecord | undefined>;
  changeSetByName(stackId: string, name: string): Promise<ChangeSetRecord | undefined>;
  putChangeSet(record: ChangeSetRecord): Promise<void>;
  deleteChangeSet(id: string): Promise<void>;
  changeSets(stackId: string): Promise<ChangeSetRecord[]>;
}

/** An SSM Parameter Store parameter; `doc` is the Parameter shape plus its metadata. */
export interface SsmParameterRecord {
  region: string;
  name: string;
  doc: Record<string, unknown>;
}

export interface SsmParameterRepo {
  get(region: string, name: string): Promise<SsmParameterRecord | undefined>;
  put(record: SsmParameterRecord): Promise<void>;
  delete(region: string, name: string): Promise<boolean>;
  /** Ordered by name. */
  list(region: string): Promise<SsmParameterRecord[]>;
}
