/**
 * The applier: writes one service's plan in the transaction that read its snapshot. Stops are
 * desiredStatus STOPPED with stopCode ServiceSchedulerInitiated; starts go through RunTask's own
 * task preparation, placement and task writing (run-task.ts, placement/), or for a deployment on
 * Fargate (launchType FARGATE or a capacity provider strategy) its managed-capacity path
 * (start-on-managed.ts); events are stamped,
 * de-duplicated against the newest one, and capped at 100. Target (de)registrations go through
 * the ELBv2 target registry before the stops (the caller announces them with notifyElbChange).
 * Then the plan's activation steps are written on the tasks (activate, drain until, release; see
 * activation-steps.ts); a new task of a service with loadBalancers or serviceRegistries is created
 * activating. Returns the instances whose agents must be woken (not for a task that starts to
 * drain: it is still RUNNING to its agent until released), and whether anything was written.
 */
import { randomUUID } from "node:crypto";
import { AwsError } from "../../../errors.js";
import { deregisterTargets, registerTargets } from "../../elbv2/targets/registry.js";
import { applyDiscovery } from "./apply-discovery.js";
import type { RequestContext } from "../../../server/service.js";
import type { ContainerInstanceRecord, ServiceRecord, StoreTx, TaskRecord } from "../../../store/store.js";
import { addressesInUse, prepareTask, startTaskOn } from "../actions/run-task.js";
import { placeTasks } from "../placement/place.js";
import type { CandidateInstance, PlacementFailure, TaskOnInstance } from "../placement/types.js";
import { candidateOf, compileConstraints, compileStrategies, subjectOf, type PlacementConstraintInput, type PlacementStrategyInput } from "../task-records/run.js";
import { taskDoc, type TaskDoc } from "../task-records/doc.js";
import { withActivation } from "../task-records/activation.js";
import { activationOnStop, restatus } from "../tasks/activation.js";
import type { TaskStatus } from "../tasks/statuses.js";
import { CLOSENESS, placementDetail, serviceEvents } from "./events.js";
import type { ServicePlan } from "./reconcile.js";
import { liveTasksByInstance, serviceGroup } from "./snapshot.js";
import { isManaged, launchOfDoc } from "./service-launch.js";
import { startOnManagedCapacity } from "./start-on-managed.js";
import { MAX_EVENTS, serviceDoc, type ServiceDoc, type StoredEvent } from "./types.js";

export interface ApplyScope {
  accountId: string;
  now: Date;
}

/** Prepend `messages` (oldest first) as events; a message equal to the newest event is dropped. */
export function mergeEvents(existing: readonly StoredEvent[], messages: readonly string[], now: number, uuid: () => string): StoredEvent[] {
  let events = [...existing];
  for (const message of messages) {
    if (events[0]?.message === message) continue;
    events = [{ id: uuid(), createdAt: now, message }, ...events];
  }
  return events.slice(0, MAX_EVENTS);
}

/**
 * A stop ordered by the scheduler: what StopTask does, with the scheduler's code and reason (a
 * task with an activation whose containers run is DEACTIVATING: drained before its agent stops it).
 */
export function schedulerStop(record: TaskRecord, reason: string, now: number): TaskRecord {
  const doc = taskDoc(record);
  const version = record.version + 1;
  const activation = activationOnStop(doc.activation, record.lastStatus);
  const lastStatus = restatus(record.lastStatus as TaskStatus, activation);
  const stopped: TaskDoc = {
    ...doc,
    ...(activation !== undefined && { activation }),
    task: { ...doc.task, lastStatus, desiredStatus: "STOPPED", stopCode: "ServiceSchedulerInitiated", stoppedReason: reason, stoppingAt: now, version },
  };
  return { ...record, lastStatus, desiredStatus: "STOPPED", version, doc: stopped as unknown as Record<string, unknown> };
}

function requestContext(record: ServiceRecord, scope: ApplyScope): RequestContext {
  // The scheduler acts as the service's owner; only the fields task creation reads are meaningful.
  return { requestId: "service-scheduler", region: record.region, accountId: scope.accountId, accessKeyId: "", now: scope.now } as unknown as RequestContext;
}

export interface Applied {
  changed: boolean;
  wake: string[];
  /** Targets were registered or deregistered: the caller calls notifyElbChange after commit. */
  targetsChanged?: boolean;
  /** Cloud Map instances changed: the caller calls discoveryChanged after commit. */
  instancesChanged?: boolean;
}

export async function applyPlan(
  tx: StoreTx,
  record: ServiceRecord,
  plan: ServicePlan,
  tasks: readonly TaskRecord[],
  instances: Map<string, ContainerInstanceRecord>,
  scope: ApplyScope,
): Promise<Applied> {
  const now = scope.now.getTime();
  const doc = serviceDoc(record);
  const wake: string[] = [];
  const messages = [...plan.events];
  const byId = new Map(tasks.map((t) => [t.id, t]));
  // Targets ("<group> <id>:<port>") whose registration failed: their tasks are not activated this pass.
  const unregistered = new Set<string>();
  for (const [what, actions] of [["deregister", plan.deregister], ["register", plan.register]] as const) {
    for (const a of actions) {
      try {
        if (what === "register") await registerTargets(tx, record.region, a.targetGroupArn, a.targets, scope.now);
        else await deregisterTargets(tx, record.region, a.targetGroupArn, a.targets, scope.now);
      } catch (err) {
        if (!(err instanceof AwsError)) throw err;
        if (what === "register") for (const t of a.targets) unregistered.add(`${a.targetGroupArn} ${t.id}:${t.port}`);
        messages.push(`(service ${record.name}) was unable to ${what} targets in (target-group ${a.targetGroupArn}). Reason: ${err.message}`);
      }
    }
  }
  const targetsChanged = plan.register.length > 0 || plan.deregister.length > 0;
  // A task whose Cloud Map registration failed is not activated this pass.
  const failedRegistrations = new Set<string>();
  const instancesChanged = await applyDiscovery(tx, record, plan.discovery, scope.now, messages, failedRegistrations);
  for (const s of plan.stop) {
    const t = byId.get(s.id);
    if (!t || t.desiredStatus !== "RUNNING") continue;
    const stopped = schedulerStop(t, s.reason, now);
    await tx.tasks.put(stopped);
    byId.set(s.id, stopped);
    // A draining task is still RUNNING to its agent: it is woken when the task is released.
    if (t.containerInstanceArn && taskDoc(stopped).activation?.kind !== "deactivating") wake.push(t.containerInstanceArn);
  }
  for (const step of plan.activation) {
    const t = byId.get(step.id);
    if (!t) continue;
    if (step.kind === "activate" && (failedRegistrations.has(t.id) || step.targets.some((k) => unregistered.has(k)))) continue;
    const next = withActivation(t, step.kind === "activate" ? { kind: "active" } : step.kind === "drain" ? { kind: "deactivating", until: step.until } : { kind: "released" });
    if (!next) continue;
    await tx.tasks.put(next);
    byId.set(step.id, next);
    if (step.kind === "release" && t.containerInstanceArn) wake.push(t.containerInstanceArn);
  }
  const started: string[] = [];
  const deployment = plan.deployments.find((d) => d.id === plan.deploymentId);
  if (deployment && (plan.start > 0 || plan.startOn.length > 0)) {
    const ctx = requestContext(record, scope);
    try {
      const tags = doc.propagateTags === "SERVICE" ? await tx.tags.get(record.arn) : [];
      const input = {
        taskDefinition: deployment.taskDefinition,
        ...(doc.networkConfiguration !== undefined && { networkConfiguration: doc.networkConfiguration }),
        group: serviceGroup(record.name),
        startedBy: deployment.id,
        propagateTags: doc.propagateTags === "TASK_DEFINITION" ? ("TASK_DEFINITION" as const) : ("NONE" as const),
        enableExecuteCommand: doc.enableExecuteCommand,
      };
      if (isManaged(launchOfDoc(deployment))) {
        const run = await startOnManagedCapacity(tx, ctx, { name: record.cluster, arn: doc.clusterArn }, deployment, input, tags, tasks, plan.start);
        started.push(...run.started.map((t) => t.id));
        for (const t of run.started) await createdActivating(tx, doc, t);
        wake.push(...run.seats);
        if (started.length > 0) messages.push(serviceEvents.started(record.name, started));
        if (run.failure !== undefined) messages.push(serviceEvents.unableToPlaceManaged(record.name, run.failure));
      } else {
        const prepared = await prepareTask(tx, ctx, input, tags, "EC2", { allowInactive: true });
        // Other groups' live tasks (other services, RunTask) as the store has them, for memberOf on
        // task:group; this service's own as the snapshot read them.
        const onInstance = await liveTasksByInstance(tx, record.region, record.cluster, serviceGroup(record.name));
        for (const t of tasks) {
          if (t.desiredStatus !== "RUNNING" || !t.containerInstanceArn) continue;
          const list = onInstance.get(t.containerInstanceArn) ?? [];
          list.push({ group: t.group, family: t.family });
          onInstance.set(t.containerInstanceArn, list);
        }
        const candidates: CandidateInstance[] = [...instances.values()].map((r) => candidateOf(r, scope.now, onInstance.get(r.arn) ?? []));
        const records = new Map(instances);
        const constraints = compileConstraints(
          [...(prepared.tdDoc.placementConstraints ?? []), ...(doc.placementConstraints as PlacementConstraintInput[])],
          (c) => subjectOf(records.get(c.arn)!, scope.now, c),
        );
        const strategyInputs = doc.placementStrategy.length > 0 || doc.schedulingStrategy === "DAEMON" ? (doc.placementStrategy as PlacementStrategyInput[]) : DEFAULT_STRATEGY;
        const strategies = compileStrategies(strategyInputs);
        const inUse = await addressesInUse(tx, prepared);
        const requiresAttributes = (prepared.tdDoc.requiresAttributes ?? []).filter((a) => a.targetType === undefined).map((a) => a.name);
        const rounds = doc.schedulingStrategy === "DAEMON" ? plan.startOn.map((arn) => ({ only: arn, count: 1 })) : [{ only: undefined, count: plan.start }];
        const failures: PlacementFailure[] = [];
        let noInstances = false;
        for (const round of rounds) {
          const pool = round.only === undefined ? candidates : candidates.filter((c) => c.arn === round.only);
          const decision = placeTasks({
            instances: pool,
            needs: prepared.needs,
            count: round.count,
            group: prepared.group,
            family: prepared.td.family,
            requiresAttributes,
            constraints: doc.schedulingStrategy === "DAEMON" ? constraints.filter((c) => c.kind === "memberOf") : constraints,
            strategies,
            random: Math.random,
          });
          if (decision.kind === "no-container-instances") {
            noInstances = true;
            continue;
          }
          for (const p of decision.tasks) {
            if (p.kind !== "placed") continue;
            const { record: task, instance } = await startTaskOn(tx, ctx, { name: record.cluster, arn: doc.clusterArn }, prepared, input, records.get(p.instanceArn)!, inUse);
            records.set(instance.arn, instance);
            const i = candidates.findIndex((c) => c.arn === instance.arn);
            candidates[i] = candidateOf(instance, scope.now, [...candidates[i]!.tasks, { group: task.group, family: task.family }]);
            started.push(task.id);
            await createdActivating(tx, doc, task);
            wake.push(instance.arn);
          }
          failures.push(...decision.failures);
        }
        if (started.length > 0) messages.push(serviceEvents.started(record.name, started));
        const short = plan.start + plan.startOn.length - started.length;
        if (short > 0 && (failures.length > 0 || noInstances)) {
          const closest = [...failures].sort((a, b) => CLOSENESS.indexOf(b.reason) - CLOSENESS.indexOf(a.reason))[0];
          const detail = placementDetail(closest && { instanceId: closest.arn.slice(closest.arn.lastIndexOf("/") + 1), reason: closest.reason });
          messages.push(serviceEvents.unableToPlace(record.name, detail));
        }
      }
    } catch (err) {
      if (!(err instanceof AwsError)) throw err;
      messages.push(`(service ${record.name}) was unable to place a task. Reason: ${err.message}`);
    }
  }

  const next: ServiceDoc = {
    ...doc,
    desiredCount: plan.desiredCount,
    ...(plan.taskDefinition !== undefined && { taskDefinition: plan.taskDefinition }),
    deployments: plan.deployments,
    scheduler: plan.scheduler,
    events: mergeEvents(doc.events, messages, now, randomUUID),
  };
  const changedDoc = JSON.stringify(next) !== JSON.stringify(doc) || plan.status !== record.status;
  if (changedDoc) {
    await tx.services.put({ ...record, status: plan.status, version: record.version + 1, doc: next as unknown as Record<string, unknown> });
  }
  return { changed: changedDoc || wake.length > 0 || started.length > 0 || targetsChanged || instancesChanged, wake, targetsChanged, instancesChanged };
}

/**
 * A new task of a service with loadBalancers or serviceRegistries is created activating: its
 * agent's RUNNING shows ACTIVATING until the pass that registers it (activation-steps.ts).
 */
async function createdActivating(tx: StoreTx, doc: ServiceDoc, record: TaskRecord): Promise<void> {
  if (doc.loadBalancers.length === 0 && doc.serviceRegistries.length === 0) return;
  const task: TaskDoc = { ...taskDoc(record), activation: { kind: "activating" } };
  await tx.tasks.put({ ...record, doc: task as unknown as Record<string, unknown> });
}

/** What a REPLICA service without placementStrategy uses (ECS's service default). */
const DEFAULT_STRATEGY: PlacementStrategyInput[] = [{ type: "spread", field: "attribute:ecs.availability-zone" }];
