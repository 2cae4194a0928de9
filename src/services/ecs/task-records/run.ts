/**
 * RunTask's pure part: checking the request, turning instance records into the placer's
 * candidates, and building the task records for a placement. Ids come in from the caller.
 */
import type { ContainerInstanceRecord, TaskRecord } from "../../../store/store.js";
import type { RequestContext } from "../../../server/service.js";
import { ecsArn } from "../arns.js";
import { invalidParameter } from "../errors.js";
import { evaluate, parseQuery, QuerySyntaxError, type QuerySubject } from "../placement/query-language.js";
import { parseTaskCpu, parseTaskMemory } from "../placement/needs.js";
import type { CandidateInstance, PlacementConstraint, PlacementStrategy, ResourceNeeds, TaskOnInstance } from "../placement/types.js";
import { agentConnected } from "../container-instances/agent-connected.js";
import { instanceDoc, querySubject } from "../container-instances/view.js";
import type { Attachment, Container, Tag } from "../types.js";
import type { NetworkMode, StoredTask, TaskDoc, TaskSpec } from "./doc.js";
import { remainingOf } from "./instance-accounting.js";
import { echoOverrides, type TaskOverride } from "./overrides.js";

export const MAX_COUNT = 10;
export const MAX_STARTED_BY = 128;
export const MAX_GROUP = 255;
export const MAX_CLIENT_TOKEN = 64;
export const MAX_CONSTRAINTS = 10;
export const MAX_STRATEGIES = 5;
export const MAX_EXPRESSION = 2000;
export const MAX_SUBNETS = 16;
export const MAX_SECURITY_GROUPS = 5;

export interface AwsVpcConfiguration {
  subnets?: string[];
  securityGroups?: string[];
  assignPublicIp?: "ENABLED" | "DISABLED";
}

export interface NetworkConfiguration {
  awsvpcConfiguration?: AwsVpcConfiguration;
}

export interface PlacementConstraintInput {
  type?: string;
  expression?: string;
}

export interface PlacementStrategyInput {
  type?: string;
  field?: string;
}

export function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) throw invalidParameter(`count must be between 1 and ${MAX_COUNT}.`);
}

/**
 * RunTask's networkConfiguration against the task definition's networkMode. Messages as observed:
 * aws-actions/amazon-ecs-deploy-task-definition#802 and #616 (provided / not valid),
 * awslabs/fargatecli#73 (subnets can not be empty), opensearch-migrations#1430 (at most 16).
 */
export function checkNetworkConfiguration(mode: NetworkMode, config: NetworkConfiguration | undefined): void {
  const vpc = config?.awsvpcConfiguration;
  if (mode !== "awsvpc") {
    if (vpc) throw invalidParameter("Network Configuration is not valid for the given networkMode of this task definition.");
    return;
  }
  if (!vpc) throw invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  const subnets = vpc.subnets ?? [];
  if (subnets.length === 0) throw invalidParameter("subnets can not be empty.");
  if (subnets.length > MAX_SUBNETS) throw invalidParameter(`subnets can have at most ${MAX_SUBNETS} items.`);
  if ((vpc.securityGroups ?? []).length > MAX_SECURITY_GROUPS) throw invalidParameter(`securityGroups can have at most ${MAX_SECURITY_GROUPS} items.`);
}

/** The request's and the task definition's constraints, compiled; memberOf tests an instance's query subject. */
export function compileConstraints(
  inputs: readonly PlacementConstraintInput[],
  subjectOf: (instance: CandidateInstance) => QuerySubject,
): PlacementConstraint[] {
  if (inputs.length > MAX_CONSTRAINTS) throw invalidParameter(`A task can have at most ${MAX_CONSTRAINTS} placement constraints.`);
  return inputs.map((c): PlacementConstraint => {
    if (c.type === "distinctInstance") {
      if (c.expression) throw invalidParameter("distinctInstance placement constraints cannot have an expression.");
      return { kind: "distinctInstance" };
    }
    if (c.type === "memberOf") {
      const expression = c.expression ?? "";
      if (expression.trim() === "") throw invalidParameter("memberOf placement constraints require an expression.");
      if (expression.length > MAX_EXPRESSION) throw invalidParameter(`Placement constraint expressions can be at most ${MAX_EXPRESSION} characters.`);
      let expr;
      try {
        expr = parseQuery(expression);
      } catch (err) {
        if (err instanceof QuerySyntaxError) throw invalidParameter(`Invalid placement constraint expression: ${err.message}.`);
        throw err;
      }
      return { kind: "memberOf", expression, matches: (instance) => evaluate(expr, subjectOf(instance)) };
    }
    throw invalidParameter(`Invalid placement constraint type: ${c.type ?? "(none)"}.`);
  });
}

export function compileStrategies(inputs: readonly PlacementStrategyInput[]): PlacementStrategy[] {
  if (inputs.length > MAX_STRATEGIES) throw invalidParameter(`A task can have at most ${MAX_STRATEGIES} placement strategies.`);
  return inputs.map((s): PlacementStrategy => {
    switch (s.type) {
      case "random":
        return { kind: "random" };
      case "binpack": {
        const field = (s.field ?? "").toUpperCase();
        if (field !== "CPU" && field !== "MEMORY") throw invalidParameter("binpack placement strategies require a field of cpu or memory.");
        return { kind: "binpack", field };
      }
      case "spread":
        if (!s.field) throw invalidParameter("spread placement strategies require a field.");
        return { kind: "spread", field: s.field };
      default:
        throw invalidParameter(`Invalid placement strategy type: ${s.type ?? "(none)"}.`);
    }
  });
}

/** An instance as the placer sees it, with the live tasks already on it. */
export function candidateOf(record: ContainerInstanceRecord, now: Date, tasks: TaskOnInstance[]): CandidateInstance {
  const doc = instanceDoc(record);
  const attributes: Record<string, string | undefined> = {};
  for (const a of doc.attributes) attributes[a.name] = a.value;
  return { arn: record.arn, status: record.status, agentConnected: agentConnected(record, now), remaining: remainingOf(doc), attributes, tasks };
}

/** The query subject of a candidate as placement left it (its task groups include tasks placed in this call). */
export function subjectOf(record: ContainerInstanceRecord, now: Date, candidate: CandidateInstance): QuerySubject {
  return { ...querySubject(record, now), taskGroups: candidate.tasks.map((t) => t.group) };
}

export interface NewTask {
  ctx: Pick<RequestContext, "region" | "accountId" | "now">;
  cluster: { name: string; arn: string };
  id: string;
  /** Ids for containers and the ENI attachment. */
  uuid: () => string;
  instance: ContainerInstanceRecord;
  taskDefinitionArn: string;
  family: string;
  /** The task definition's container definitions (before overrides) and the overridden ones. */
  definitions: readonly (Record<string, unknown> & { name?: string })[];
  spec: Omit<TaskSpec, "reserved">;
  reserved: ResourceNeeds;
  overrides?: TaskOverride;
  group: string;
  startedBy?: string;
  enableExecuteCommand: boolean;
  privateIpv4Address?: string;
  subnetId?: string;
}

const str = (v: unknown) => (typeof v === "number" ? String(v) : undefined);

/** The record of a task just placed: PENDING (awsvpc: PROVISIONING, its network still to be set up), desired RUNNING, version 1. */
export function newTaskRecord(n: NewTask): TaskRecord {
  const taskArn = ecsArn(n.ctx, `task/${n.cluster.name}/${n.id}`);
  const attachmentId = n.privateIpv4Address ? n.uuid() : undefined;
  const containers: Container[] = n.spec.containerDefinitions.map((d) => {
    const c: Container = {
      containerArn: ecsArn(n.ctx, `container/${n.cluster.name}/${n.id}/${n.uuid()}`),
      taskArn,
      name: d.name as string,
      image: d.image as string,
      lastStatus: "PENDING",
      networkBindings: [],
      networkInterfaces: n.privateIpv4Address ? [{ attachmentId: attachmentId!, privateIpv4Address: n.privateIpv4Address }] : [],
      healthStatus: "UNKNOWN",
      cpu: str(d.cpu) ?? "0",
    };
    if (str(d.memory)) c.memory = str(d.memory);
    if (str(d.memoryReservation)) c.memoryReservation = str(d.memoryReservation);
    return c;
  });
  const attachments: Attachment[] = [];
  if (n.privateIpv4Address && attachmentId) {
    attachments.push({
      id: attachmentId,
      type: "ElasticNetworkInterface",
      status: "PRECREATED",
      details: [
        ...(n.subnetId ? [{ name: "subnetId", value: n.subnetId }] : []),
        { name: "networkInterfaceId", value: `eni-${n.id.slice(0, 17)}` },
        { name: "privateIPv4Address", value: n.privateIpv4Address },
      ],
    });
  }
  const instanceAttrs = instanceDoc(n.instance).attributes;
  const az = instanceAttrs.find((a) => a.name === "ecs.availability-zone")?.value;
  const arch = instanceAttrs.find((a) => a.name === "ecs.cpu-architecture")?.value;
  const task: StoredTask = {
    taskArn,
    clusterArn: n.cluster.arn,
    taskDefinitionArn: n.taskDefinitionArn,
    containerInstanceArn: n.instance.arn,
    ...(az !== undefined && { availabilityZone: az }),
    attachments,
    attributes: arch !== undefined ? [{ name: "ecs.cpu-architecture", value: arch }] : [],
    containers,
    cpu: n.spec.cpu !== undefined ? String(n.spec.cpu) : String(n.reserved.cpu),
    memory: n.spec.memory !== undefined ? String(n.spec.memory) : String(n.reserved.memory),
    createdAt: n.ctx.now.getTime(),
    desiredStatus: "RUNNING",
    lastStatus: n.privateIpv4Address ? "PROVISIONING" : "PENDING",
    group: n.group,
    ...(n.startedBy !== undefined && { startedBy: n.startedBy }),
    launchType: "EC2",
    healthStatus: "UNKNOWN",
    overrides: echoOverrides(n.definitions, n.overrides),
    version: 1,
    enableExecuteCommand: n.enableExecuteCommand,
  };
  const doc: TaskDoc = { task, spec: { ...n.spec, reserved: n.reserved } };
  return {
    region: n.ctx.region,
    cluster: n.cluster.name,
    id: n.id,
    arn: taskArn,
    containerInstanceArn: n.instance.arn,
    family: n.family,
    ...(n.startedBy !== undefined && { startedBy: n.startedBy }),
    group: n.group,
    desiredStatus: "RUNNING",
    lastStatus: task.lastStatus,
    launchType: "EC2",
    version: 1,
    createdAt: task.createdAt,
    ...(n.privateIpv4Address !== undefined && { privateIpv4Address: n.privateIpv4Address }),
    doc: doc as unknown as Record<string, unknown>,
  };
}

/** Task-level cpu/memory after overrides, in units/MiB. */
export function taskLevel(td: { cpu?: string; memory?: string }, overrides: TaskOverride | undefined): { cpu?: number; memory?: number } {
  const cpu = parseTaskCpu(overrides?.cpu ?? td.cpu);
  const memory = parseTaskMemory(overrides?.memory ?? td.memory);
  return { ...(cpu !== undefined && { cpu }), ...(memory !== undefined && { memory }) };
}

/** Tags a new task gets: the task definition's when propagateTags is TASK_DEFINITION, then the request's (which win). */
export function taskTags(request: Tag[], fromDefinition: Tag[] | undefined): Tag[] {
  const out = new Map<string, string>();
  for (const t of fromDefinition ?? []) out.set(t.key, t.value);
  for (const t of request) out.set(t.key, t.value);
  return [...out].map(([key, value]) => ({ key, value }));
}
