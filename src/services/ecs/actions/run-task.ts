import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { RequestContext } from "../../../server/service.js";
import type { StoreTx, TaskRecord, ContainerInstanceRecord } from "../../../store/store.js";
import { AwsError } from "../../../errors.js";
import { clientException, invalidParameter } from "../errors.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { requireTaskDefinition } from "../task-definitions/resolve.js";
import { placeTasks } from "../placement/place.js";
import { taskResourceNeeds, type TaskDefinitionResources } from "../placement/needs.js";
import type { CandidateInstance, ResourceNeeds, TaskOnInstance } from "../placement/types.js";
import { checkTagLimit, normalizeTags, validateTags } from "../tags.js";
import type { CapacityProviderStrategyItem, Failure, Tag, Task } from "../types.js";
import type { NetworkMode } from "../task-records/doc.js";
import { taskView } from "../task-records/view.js";
import { applyOverrides, checkOverrides, type TaskOverride } from "../task-records/overrides.js";
import { allocateAddress, randomStart } from "../task-records/addresses.js";
import { reserve } from "../task-records/instance-accounting.js";
import {
  candidateOf,
  checkCount,
  checkNetworkConfiguration,
  compileConstraints,
  compileStrategies,
  MAX_CLIENT_TOKEN,
  MAX_GROUP,
  MAX_STARTED_BY,
  newTaskRecord,
  subjectOf,
  taskLevel,
  taskTags,
  type NetworkConfiguration,
  type PlacementConstraintInput,
  type PlacementStrategyInput,
} from "../task-records/run.js";
import { notifyAssignments } from "../../berth-agent/assignments.js";
import { checkLaunchRequest, chooseLaunch, type ClusterCapacity } from "../launch/launch-choice.js";
import { checkFargateRequest } from "../launch/fargate-checks.js";
import { runOnManagedCapacity } from "../launch/run-on-managed-capacity.js";

export interface RunTaskRequest {
  taskDefinition: string;
  cluster?: string;
  count?: number;
  launchType?: "EC2" | "FARGATE" | "EXTERNAL" | "MANAGED_INSTANCES";
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  networkConfiguration?: NetworkConfiguration;
  overrides?: TaskOverride;
  placementConstraints?: PlacementConstraintInput[];
  placementStrategy?: PlacementStrategyInput[];
  platformVersion?: string;
  group?: string;
  startedBy?: string;
  tags?: Tag[];
  propagateTags?: "TASK_DEFINITION" | "SERVICE" | "NONE";
  enableECSManagedTags?: boolean;
  enableExecuteCommand?: boolean;
  referenceId?: string;
  clientToken?: string;
  volumeConfigurations?: Record<string, unknown>[];
}

export interface RunTaskResponse {
  tasks: Task[];
  failures: Failure[];
}

/** A digest of everything but the clientToken: a reused token with other parameters is a conflict. */
const requestHash = (input: RunTaskRequest, cluster: string) => {
  const { clientToken: _token, ...rest } = input;
  return createHash("sha256").update(JSON.stringify({ ...rest, cluster })).digest("hex");
};

/**
 * Starts `count` copies of a task definition. Where they run comes from the launch type or
 * capacity provider strategy (launch/launch-choice.ts): FARGATE and its capacity providers run on
 * berth's managed capacity (launch/run-on-managed-capacity.ts). Otherwise (EC2) they go on the
 * cluster's container instances, placed by the request's and the task definition's constraints
 * and strategies. Tasks that fit are
 * written PENDING with their instances' resources reserved, all in one transaction, and their
 * agents are woken; tasks that don't fit come back as `failures` with ECS's reasons. A cluster
 * with no ACTIVE instance is ECS's InvalidParameterException. A `clientToken` seen before, with
 * the same parameters, returns the tasks it started then.
 */
export async function runTask(input: RunTaskRequest, ctx: RequestContext): Promise<RunTaskResponse> {
  const count = input.count ?? 1;
  checkCount(count);
  checkLaunchRequest(input);
  const requestTags = checkTaskInput(input, MAX_STARTED_BY);
  if (input.clientToken !== undefined && (input.clientToken.length < 1 || input.clientToken.length > MAX_CLIENT_TOKEN)) {
    throw invalidParameter(`clientToken must be between 1 and ${MAX_CLIENT_TOKEN} characters.`);
  }
  const strategies = compileStrategies(input.placementStrategy ?? []);

  const placed: string[] = [];
  const response = await ctx.store.write(async (tx): Promise<RunTaskResponse> => {
    const cluster = await requireActiveCluster(tx, ctx, input.cluster);
    const hash = input.clientToken !== undefined ? requestHash(input, cluster.name) : "";
    if (input.clientToken !== undefined) {
      const seen = await tx.tasks.getClientToken(ctx.region, cluster.name, input.clientToken);
      if (seen) {
        if (seen.requestHash !== hash) throw new AwsError("ConflictException", "The clientToken was already used with different parameters.");
        return replay(tx, ctx, cluster.name, seen.response as { taskIds: string[]; failures: Failure[] });
      }
    }
    /** Remembers the clientToken's outcome and answers. */
    const answer = async (tasks: TaskRecord[], failures: Failure[], tags: Tag[]): Promise<RunTaskResponse> => {
      if (input.clientToken !== undefined) {
        await tx.tasks.putClientToken({
          region: ctx.region,
          cluster: cluster.name,
          token: input.clientToken,
          requestHash: hash,
          response: { taskIds: tasks.map((t) => t.id), failures },
          createdAt: ctx.now.getTime(),
        });
      }
      return { tasks: tasks.map((t) => taskView(t, tags)), failures };
    };
    const launch = chooseLaunch(input, cluster.doc as ClusterCapacity, count);
    if (launch.kind === "managed") {
      const platformVersion = checkFargateRequest(input);
      const prepared = await prepareTask(tx, ctx, input, requestTags, "FARGATE");
      const run = await runOnManagedCapacity(tx, ctx, cluster, prepared, input, launch.providers, platformVersion);
      placed.push(...run.seats);
      return answer(run.records, run.failures, prepared.tags);
    }
    const prepared = await prepareTask(tx, ctx, input, requestTags);
    const { td, tdDoc, needs, group, tags } = prepared;

    // A snapshot of the cluster's instances and the live tasks on each.
    const records = new Map<string, ContainerInstanceRecord>();
    const candidates: CandidateInstance[] = [];
    for (let after: string | undefined; ; ) {
      const page = await tx.containerInstances.list(ctx.region, cluster.name, { statuses: ["ACTIVE"] }, { after, limit: 100 });
      for (const r of page) {
        const live = await tx.tasks.list(ctx.region, cluster.name, { containerInstanceArn: r.arn, desiredStatus: "RUNNING" }, { limit: 10_000 });
        const on: TaskOnInstance[] = live.map((t) => ({ group: t.group, family: t.family }));
        records.set(r.arn, r);
        candidates.push(candidateOf(r, ctx.now, on));
      }
      if (page.length < 100) break;
      after = page[page.length - 1]!.id;
    }
    const constraints = compileConstraints([...(tdDoc.placementConstraints ?? []), ...(input.placementConstraints ?? [])], (c) =>
      subjectOf(records.get(c.arn)!, ctx.now, c),
    );
    const decision = placeTasks({
      instances: candidates,
      needs,
      count,
      group,
      family: td.family,
      requiresAttributes: (tdDoc.requiresAttributes ?? []).filter((a) => a.targetType === undefined).map((a) => a.name),
      constraints,
      strategies,
      random: Math.random,
    });
    if (decision.kind === "no-container-instances") throw invalidParameter(decision.message);

    const inUse = await addressesInUse(tx, prepared);
    const tasks: TaskRecord[] = [];
    for (const p of decision.tasks) {
      if (p.kind !== "placed") continue;
      const { record, instance } = await startTaskOn(tx, ctx, cluster, prepared, input, records.get(p.instanceArn)!, inUse);
      records.set(instance.arn, instance);
      tasks.push(record);
      placed.push(instance.arn);
    }
    return answer(tasks, decision.failures.map((f) => ({ arn: f.arn, reason: f.reason })), tags);
  });
  notifyAssignments(placed);
  return response;
}

/** The request fields RunTask and StartTask share. */
export interface TaskStartInput {
  taskDefinition: string;
  networkConfiguration?: NetworkConfiguration;
  overrides?: TaskOverride;
  group?: string;
  startedBy?: string;
  tags?: Tag[];
  propagateTags?: "TASK_DEFINITION" | "SERVICE" | "NONE";
  enableExecuteCommand?: boolean;
}

/** Checks of the shared fields that need no store; returns the request's tags, normalized. */
export function checkTaskInput(input: TaskStartInput, maxStartedBy: number): Tag[] {
  if (input.startedBy !== undefined && input.startedBy.length > maxStartedBy) throw invalidParameter(`startedBy must be at most ${maxStartedBy} characters.`);
  if (input.group !== undefined && (input.group.length < 1 || input.group.length > MAX_GROUP)) throw invalidParameter(`group must be between 1 and ${MAX_GROUP} characters.`);
  if (input.propagateTags === "SERVICE") throw invalidParameter("The propagateTags value SERVICE is only valid for tasks started by a service.");
  const requestTags = normalizeTags(input.tags);
  validateTags(requestTags);
  return requestTags;
}

type TaskDefinitionDoc = TaskDefinitionResources & {
  containerDefinitions: (Record<string, unknown> & { name?: string })[];
  volumes?: Record<string, unknown>[];
  compatibilities?: string[];
  ephemeralStorage?: { sizeInGiB: number };
  requiresAttributes?: { name: string; targetType?: string }[];
  placementConstraints?: PlacementConstraintInput[];
};

/** A task definition resolved and checked against the request: what each new task is made of. */
export interface PreparedTask {
  td: { arn: string; family: string };
  tdDoc: TaskDefinitionDoc;
  networkMode: NetworkMode;
  containerDefinitions: ReturnType<typeof applyOverrides>;
  level: ReturnType<typeof taskLevel>;
  needs: ResourceNeeds;
  group: string;
  tags: Tag[];
}

/**
 * Resolves the task definition (ACTIVE, compatible with the launch type; a service may keep using
 * a revision deregistered after it was deployed: `allowInactive`) and works out the tasks'
 * definitions, needs, group and tags.
 */
export async function prepareTask(
  tx: StoreTx,
  ctx: RequestContext,
  input: TaskStartInput,
  requestTags: Tag[],
  launchType: "EC2" | "FARGATE" = "EC2",
  opts: { allowInactive?: boolean } = {},
): Promise<PreparedTask> {
  const td = await requireTaskDefinition(tx, ctx, input.taskDefinition);
  // A service keeps scaling on a revision deregistered after it was deployed (ECS API DeregisterTaskDefinition).
  if (td.status !== "ACTIVE" && !opts.allowInactive) throw clientException("TaskDefinition is inactive");
  const tdDoc = td.doc as unknown as TaskDefinitionDoc;
  // Observed as "Task definition does not support launch_type FARGATE." (InvalidParameterException).
  if (tdDoc.compatibilities && !tdDoc.compatibilities.includes(launchType)) throw invalidParameter(`Task definition does not support launch_type ${launchType}.`);
  const networkMode: NetworkMode = tdDoc.networkMode ?? "bridge";
  checkNetworkConfiguration(networkMode, input.networkConfiguration);
  checkOverrides(input.overrides, tdDoc.containerDefinitions);

  const containerDefinitions = applyOverrides(tdDoc.containerDefinitions, input.overrides);
  const level = taskLevel(tdDoc, input.overrides);
  const needs = taskResourceNeeds({
    networkMode,
    ...(level.cpu !== undefined && { cpu: String(level.cpu) }),
    ...(level.memory !== undefined && { memory: String(level.memory) }),
    containerDefinitions: containerDefinitions as TaskDefinitionResources["containerDefinitions"],
  });
  const group = input.group ?? `family:${td.family}`;
  const tags = taskTags(requestTags, input.propagateTags === "TASK_DEFINITION" ? await tx.tags.get(td.arn) : undefined);
  checkTagLimit([], tags);
  return { td: { arn: td.arn, family: td.family }, tdDoc, networkMode, containerDefinitions, level, needs, group, tags };
}

/** The task addresses live tasks hold, for awsvpc tasks (empty otherwise). */
export async function addressesInUse(tx: StoreTx, prepared: PreparedTask): Promise<Set<string>> {
  return prepared.networkMode === "awsvpc" ? new Set(await tx.tasks.addressesInUse()) : new Set<string>();
}

/** A new task record of `prepared` on `instance` (a container instance, or a managed-capacity seat). */
export function preparedTaskRecord(
  ctx: RequestContext,
  cluster: { name: string; arn: string },
  prepared: PreparedTask,
  input: TaskStartInput,
  instance: ContainerInstanceRecord,
  privateIpv4Address: string | undefined,
): TaskRecord {
  return newTaskRecord({
    ctx,
    cluster,
    id: randomBytes(16).toString("hex"),
    uuid: randomUUID,
    instance,
    taskDefinitionArn: prepared.td.arn,
    family: prepared.td.family,
    definitions: prepared.tdDoc.containerDefinitions,
    spec: { containerDefinitions: prepared.containerDefinitions, networkMode: prepared.networkMode, volumes: prepared.tdDoc.volumes ?? [], ...prepared.level },
    reserved: prepared.needs,
    ...(input.overrides !== undefined && { overrides: input.overrides }),
    group: prepared.group,
    ...(input.startedBy !== undefined && { startedBy: input.startedBy }),
    enableExecuteCommand: input.enableExecuteCommand ?? false,
    ...(privateIpv4Address !== undefined && { privateIpv4Address }),
    ...(input.networkConfiguration?.awsvpcConfiguration?.subnets?.[0] !== undefined && { subnetId: input.networkConfiguration.awsvpcConfiguration.subnets[0] }),
  });
}

/**
 * Writes one PENDING task of `prepared` on `instance` and reserves its needs there; `inUse` gets
 * the task's address. Returns the task and the instance as updated (the caller notifies agents).
 */
export async function startTaskOn(
  tx: StoreTx,
  ctx: RequestContext,
  cluster: { name: string; arn: string },
  prepared: PreparedTask,
  input: TaskStartInput,
  instance: ContainerInstanceRecord,
  inUse: Set<string>,
): Promise<{ record: TaskRecord; instance: ContainerInstanceRecord }> {
  let privateIpv4Address: string | undefined;
  if (prepared.networkMode === "awsvpc") {
    privateIpv4Address = allocateAddress(inUse, randomStart());
    if (!privateIpv4Address) throw clientException("berth has no free task address left in 127.77.0.0/16.");
    inUse.add(privateIpv4Address);
  }
  const record = preparedTaskRecord(ctx, cluster, prepared, input, instance, privateIpv4Address);
  const updated = reserve(instance, prepared.needs);
  await tx.containerInstances.put(updated);
  await tx.tasks.put(record);
  if (prepared.tags.length > 0) await tx.tags.put(record.arn, prepared.tags);
  return { record, instance: updated };
}

async function replay(tx: StoreTx, ctx: RequestContext, cluster: string, first: { taskIds: string[]; failures: Failure[] }): Promise<RunTaskResponse> {
  const tasks: Task[] = [];
  for (const id of first.taskIds) {
    const record = await tx.tasks.get(ctx.region, cluster, id);
    if (record) tasks.push(taskView(record, await tx.tags.get(record.arn)));
  }
  return { tasks, failures: first.failures };
}
