/**
 * One service's reconcile, pure: a frozen snapshot (the service, its tasks, the cluster's
 * instances, the clock) in; a plan out (the service's new deployments and status, tasks to stop,
 * tasks to start, events). The applier writes the plan; calling this again on the state the plan
 * leaves yields an empty plan (level-triggered: a lost wake-up only costs latency).
 *
 * Order of a pass: a DRAINING service stops everything and goes INACTIVE; unhealthy tasks are
 * stopped; the circuit breaker judges the primary deployment (and may start a rollback); the
 * throttle may hold launches; the rollout step (rollout.ts, or daemon.ts) decides starts and stops;
 * finished old deployments drop out; a primary with all its tasks healthy and alone is COMPLETED.
 * With load balancers or serviceRegistries, tasks whose containers run get registered and the pass
 * that registers them activates them (ACTIVATING → RUNNING); a stopped task whose containers run is
 * DEACTIVATING: deregistered, it drains for its groups' longest delay before its agent stops it
 * (activation-steps.ts).
 */
import type { ServiceStatus } from "../../../store/store.js";
import { circuitBreakerThreshold, consecutiveFailures, throttleDelayMs } from "./circuit-breaker.js";
import { daemonStep } from "./daemon.js";
import { serviceEvents } from "./events.js";
import { rolloutStep } from "./rollout.js";
import { byGroup, elbHealthCheckFailed, lbEvents, registeredTargets, toRegister, type TargetAction } from "./load-balancers.js";
import { activationAfter, activationSteps, targetKey, type ActivationStep } from "./activation-steps.js";
import { HEALTH_CHECK_FAILED, type TaskFacts, type TaskTarget } from "./task-health.js";
import { launchOf } from "./deployments.js";
import { planDiscovery, type DiscoveryAction, type DiscoveryFacts } from "./service-registries.js";
import { MAX_HISTORY, type DeploymentConfiguration, type DeploymentHistoryEntry, type ServiceDoc, type StoredDeployment } from "./types.js";

export interface InstanceFacts {
  arn: string;
  status: string;
  /** DAEMON: ACTIVE and meeting the service's placement constraints. */
  eligible: boolean;
}

export interface ServiceSnapshot {
  name: string;
  status: ServiceStatus;
  doc: Pick<ServiceDoc, "desiredCount" | "schedulingStrategy" | "deploymentConfiguration" | "deployments" | "events" | "scheduler" | "taskDefinition">;
  /** Every task of the service's current deployments, STOPPED ones included. */
  tasks: readonly TaskFacts[];
  instances: readonly InstanceFacts[];
  now: number;
  /** Each of the service's target groups' deregistration delay (ms); absent without load balancers. */
  deregistrationDelayMs?: Readonly<Record<string, number>>;
  /** The service's serviceRegistries and its instances there; absent without serviceRegistries. */
  discovery?: DiscoveryFacts;
  /** The registries the service names now (what `scheduler.registries` becomes). */
  registryArns?: readonly string[];
}

export interface TaskStopOrder {
  id: string;
  arn: string;
  reason: string;
}

export interface ServicePlan {
  status: ServiceStatus;
  desiredCount: number;
  taskDefinition?: string;
  deployments: StoredDeployment[];
  scheduler: ServiceDoc["scheduler"];
  stop: TaskStopOrder[];
  /** REPLICA: how many tasks of `deploymentId` to place. */
  start: number;
  /** DAEMON: one task of `deploymentId` on each of these instances. */
  startOn: string[];
  deploymentId?: string;
  /** Event messages in the order they happened (the applier stamps and prepends them). */
  events: string[];
  /** When time alone would change the answer (epoch ms). */
  wakeAt?: number;
  /** Targets to register / deregister (before the stops above happen). */
  register: TargetAction[];
  deregister: TargetAction[];
  /** Cloud Map registrations, deregistrations and custom health (before the stops above happen). */
  discovery: DiscoveryAction[];
  /** Tasks activated, drained or released (after the stops above are written). */
  activation: ActivationStep[];
}

export interface ReconcileDeps {
  /** A new deployment id (`ecs-svc/` and 19 digits). */
  newDeploymentId: () => string;
}

export const scalingReason = (deploymentId: string) => `Scaling activity initiated by (deployment ${deploymentId})`;
const STOPPING = ["DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED"];

export function minimumHealthyPercentOf(config: DeploymentConfiguration, strategy: "REPLICA" | "DAEMON"): number {
  return config.minimumHealthyPercent ?? (strategy === "DAEMON" ? 0 : 100);
}
export function maximumPercentOf(config: DeploymentConfiguration, strategy: "REPLICA" | "DAEMON"): number {
  return config.maximumPercent ?? (strategy === "DAEMON" ? 100 : 200);
}

export function reconcileService(snap: ServiceSnapshot, deps: ReconcileDeps): ServicePlan {
  const { name, now } = snap;
  const doc = snap.doc;
  const events: string[] = [];
  const stop: TaskStopOrder[] = [];
  let deployments = doc.deployments.map((d) => ({ ...d }));
  const scheduler = { ...doc.scheduler, history: [...doc.scheduler.history] };
  let desiredCount = doc.desiredCount;
  let taskDefinition = doc.taskDefinition;
  const open = snap.tasks.filter((t) => !t.stopped);

  // Tasks stopped in this pass (not stopped twice).
  const stopped = new Set<string>();
  const plan = (extra: Partial<ServicePlan>): ServicePlan => {
    const stopping = new Set(stop.map((s) => s.id));
    const register = snap.status === "DRAINING" ? [] : byGroup(toRegister(open, stopping));
    const discovery = snap.discovery ? planDiscovery(snap.discovery, open, stopping, snap.status === "ACTIVE") : [];
    const activation = activationSteps({
      tasks: open,
      stopping,
      now,
      ...(snap.deregistrationDelayMs !== undefined && { delayMs: snap.deregistrationDelayMs }),
      registries: snap.discovery !== undefined && snap.discovery.registries.some((r) => r.current),
      inRegistries: inRegistries(snap.discovery, discovery),
      active: snap.status === "ACTIVE",
    });
    const deregistering: TaskTarget[] = [...activation.deregister];
    // A task stopped by anything else (StopTask, a crash) leaves no target behind; but its address
    // may already be a live task's (awsvpc addresses are reused), and that task's target stays.
    const owned = new Set(open.filter((t) => t.live && !stopping.has(t.id)).flatMap((t) => (t.targets ?? []).map(targetKey)));
    const deregistered = new Set(deregistering.map(targetKey));
    for (const t of snap.tasks) {
      if (t.live) continue;
      for (const x of registeredTargets(t)) if (!owned.has(targetKey(x)) && !deregistered.has(targetKey(x))) deregistering.push(x);
    }
    const deregister = byGroup(deregistering);
    if (activation.draining > 0) events.push(lbEvents.draining(name, activation.draining));
    for (const a of deregister) events.push(lbEvents.deregistered(name, a.targets.length, a.targetGroupArn));
    for (const a of register) events.push(lbEvents.registered(name, a.targets.length, a.targetGroupArn));
    // Drains now live on the task records (activation); a service doc from before keeps none.
    delete scheduler.draining;
    if (snap.registryArns && snap.registryArns.length > 0) scheduler.registries = [...snap.registryArns];
    else delete scheduler.registries;
    let wake = extra.wakeAt;
    if (activation.wakeAt !== undefined && (wake === undefined || activation.wakeAt < wake)) wake = activation.wakeAt;
    return {
      status: snap.status,
      desiredCount,
      ...(taskDefinition !== undefined && { taskDefinition }),
      deployments,
      scheduler,
      stop,
      start: 0,
      startOn: [],
      events,
      ...extra,
      ...(wake !== undefined && { wakeAt: wake }),
      register,
      deregister,
      discovery,
      activation: activation.steps,
    };
  };

  const primary = deployments[0];
  if (snap.status === "DRAINING" || !primary) {
    const orders = open.filter((t) => t.live).map((t) => ({ id: t.id, arn: t.arn, reason: scalingReason(primary?.id ?? "") }));
    stop.push(...orders);
    if (orders.length > 0) events.push(serviceEvents.stopped(name, orders.map((s) => s.id)));
    // INACTIVE once every task is stopping and none is still draining (the scheduler releases it).
    const draining = open.some((t) => activationAfter(t, new Set(orders.map((o) => o.id)))?.kind === "deactivating");
    const done = stop.length === 0 && !draining && open.every((t) => STOPPING.includes(t.lastStatus));
    return plan({ status: done ? "INACTIVE" : snap.status });
  }

  // Unhealthy tasks are replaced whatever the deployment (they count toward no minimum).
  for (const t of open) {
    if (t.live && t.unhealthy && !stopped.has(t.id)) {
      const target = t.unhealthyTarget;
      stop.push({ id: t.id, arn: t.arn, reason: target ? elbHealthCheckFailed(target.targetGroupArn) : HEALTH_CHECK_FAILED });
      stopped.add(t.id);
      events.push(target ? lbEvents.unhealthy(name, t.id, target) : serviceEvents.unhealthy(name, t.id));
    }
  }

  const config = doc.deploymentConfiguration;
  const breaker = config.deploymentCircuitBreaker;
  const ofPrimary = snap.tasks.filter((t) => t.deploymentId === primary.id);
  const failed = ofPrimary.filter((t) => t.failed).length;
  if (primary.failedTasks !== failed && primary.rolloutState === "IN_PROGRESS") {
    primary.failedTasks = failed;
    primary.updatedAt = now;
  }
  let wakeAt: number | undefined;
  const soonest = (at: number | undefined) => {
    if (at !== undefined && at > now && (wakeAt === undefined || at < wakeAt)) wakeAt = at;
  };
  for (const t of open) soonest(t.wakeAt);

  if (breaker?.enable && primary.rolloutState === "IN_PROGRESS" && failed >= circuitBreakerThreshold(desiredCount)) {
    primary.rolloutState = "FAILED";
    primary.rolloutStateReason = "ECS deployment circuit breaker: tasks failed to start.";
    primary.updatedAt = now;
    primary.finishedAt = now;
    events.push(serviceEvents.deploymentFailed(name, primary.id));
    finishHistory(scheduler.history, primary.id, breaker.rollback && scheduler.lastCompleted ? "ROLLBACK_IN_PROGRESS" : "STOPPED", now, primary.rolloutStateReason);
    const target = scheduler.lastCompleted;
    if (breaker.rollback && target && target.id !== primary.id) {
      const id = deps.newDeploymentId();
      const rollback: StoredDeployment = {
        id,
        status: "PRIMARY",
        taskDefinition: target.taskDefinition,
        createdAt: now,
        updatedAt: now,
        // Back to where the completed deployment ran (a failed switch to Fargate rolls back to EC2).
        ...launchOf(target.launch ?? primary),
        rolloutState: "IN_PROGRESS",
        rolloutStateReason: `ECS deployment ${id} in progress.`,
        failedTasks: 0,
        rollbackFrom: primary.id,
      };
      deployments = [rollback, ...deployments.map((d) => ({ ...d, status: "ACTIVE" as const }))];
      taskDefinition = target.taskDefinition;
      scheduler.throttledUntil = undefined;
      scheduler.history = [historyEntry(rollback, desiredCount, config, deployments.slice(1).map((d) => d.id)), ...scheduler.history].slice(0, MAX_HISTORY);
      events.push(serviceEvents.rollingBack(name, target.id));
      // The rollback is judged from the next pass on, with its own (empty) task list.
      return plan({ wakeAt: now });
    }
  }

  const current = deployments[0]!;
  let canStart = current.rolloutState !== "FAILED";
  // The throttle counts tasks that never reached RUNNING, in a row (DG service-throttle-logic).
  const failures = consecutiveFailures(ofPrimary.filter((t) => t.stopped).map((t) => ({ failed: t.failedToStart, ...(t.stoppedAt !== undefined && { stoppedAt: t.stoppedAt }) })));
  const lastFailure = Math.max(0, ...ofPrimary.filter((t) => t.failedToStart).map((t) => t.stoppedAt ?? 0));
  const throttledUntil = failures > 0 && throttleDelayMs(failures) > 0 ? lastFailure + throttleDelayMs(failures) : undefined;
  if (canStart && throttledUntil !== undefined && throttledUntil > now) {
    canStart = false;
    soonest(throttledUntil);
    if (scheduler.throttledUntil !== throttledUntil) {
      scheduler.throttledUntil = throttledUntil;
      events.push(serviceEvents.unableToStartConsistently(name));
    }
  }

  const instanceStatus = new Map(snap.instances.map((i) => [i.arn, i.status]));
  const minPct = minimumHealthyPercentOf(config, doc.schedulingStrategy);
  const maxPct = maximumPercentOf(config, doc.schedulingStrategy);
  const rolling = open.filter((t) => !stopped.has(t.id)).map((t) => ({ ...t, live: t.live && !stopped.has(t.id) }));
  let start = 0;
  let startOn: string[] = [];
  const stopForRollout: string[] = [];
  if (current.rolloutState !== "FAILED") {
    if (doc.schedulingStrategy === "DAEMON") {
      const eligible = snap.instances.filter((i) => i.eligible).map((i) => i.arn);
      desiredCount = eligible.length;
      const step = daemonStep({ primaryId: current.id, eligible, tasks: rolling, minimumHealthyPercent: minPct, canStart });
      stopForRollout.push(...step.stop);
      startOn = step.startOn;
    } else {
      const step = rolloutStep({
        desired: desiredCount,
        minimumHealthyPercent: minPct,
        maximumPercent: maxPct,
        canStart,
        tasks: open.map((t) => ({
          id: t.id,
          primary: t.deploymentId === current.id,
          live: t.live && !stopped.has(t.id),
          healthy: t.healthy && !stopped.has(t.id),
          evict: t.instanceArn !== undefined && instanceStatus.get(t.instanceArn) !== "ACTIVE",
          createdAt: t.createdAt,
        })),
      });
      stopForRollout.push(...step.stop);
      start = step.start;
      if (step.blocked) events.push(serviceEvents.unableToMove(name));
    }
  }
  const byId = new Map(open.map((t) => [t.id, t]));
  const scaled = stopForRollout.map((id) => ({ id, arn: byId.get(id)!.arn, reason: scalingReason(current.id) }));
  if (scaled.length > 0) {
    stop.push(...scaled);
    events.push(serviceEvents.stopped(name, scaled.map((s) => s.id)));
  }

  // Old deployments with nothing left drop out of `deployments`.
  const stillOpen = new Set(open.filter((t) => !(t.lastStatus === "PENDING" && stop.some((s) => s.id === t.id))).map((t) => t.deploymentId));
  const kept = deployments.filter((d, i) => i === 0 || stillOpen.has(d.id));
  for (const d of deployments.slice(1)) {
    if (!stillOpen.has(d.id)) finishHistory(scheduler.history, d.id, d.rolloutState === "FAILED" ? "ROLLBACK_SUCCESSFUL" : "STOPPED", now);
  }
  deployments = kept;

  // Completion: the primary alone, with desiredCount tasks all healthy, nothing else left.
  const primaryLive = open.filter((t) => t.live && !stopped.has(t.id) && t.deploymentId === current.id);
  const steady =
    deployments.length === 1 &&
    start === 0 &&
    startOn.length === 0 &&
    stop.length === 0 &&
    open.every((t) => t.live && t.deploymentId === current.id) &&
    primaryLive.length === desiredCount &&
    primaryLive.every((t) => t.running && t.activation?.kind !== "activating" && (t.healthy || (!t.checked && !t.targets)));
  if (steady && current.rolloutState === "IN_PROGRESS") {
    current.rolloutState = "COMPLETED";
    current.rolloutStateReason = `ECS deployment ${current.id} completed.`;
    current.updatedAt = now;
    current.finishedAt = now;
    current.failedTasks = 0;
    const launch = launchOf(current);
    scheduler.lastCompleted = { id: current.id, taskDefinition: current.taskDefinition, ...(Object.keys(launch).length > 0 && { launch }) };
    scheduler.throttledUntil = undefined;
    finishHistory(scheduler.history, current.id, current.rollbackFrom ? "ROLLBACK_SUCCESSFUL" : "SUCCESSFUL", now);
    events.push(serviceEvents.deploymentCompleted(name, current.id));
  }
  if (steady && doc.events[0]?.message !== serviceEvents.steadyState(name)) events.push(serviceEvents.steadyState(name));

  return plan({ desiredCount, start, startOn, deploymentId: current.id, ...(wakeAt !== undefined && { wakeAt }) });
}

/** A task is in every current registry, or this plan registers it there. */
function inRegistries(facts: DiscoveryFacts | undefined, actions: readonly DiscoveryAction[]): (taskId: string) => boolean {
  const current = (facts?.registries ?? []).filter((r) => r.current);
  const registering = new Set(actions.filter((a) => a.kind === "register").map((a) => `${a.registryArn} ${a.taskId}`));
  return (taskId) => current.every((r) => taskId in r.registered || registering.has(`${r.registryArn} ${taskId}`));
}

export function historyEntry(d: StoredDeployment, desiredCount: number, config: DeploymentConfiguration, sources: string[]): DeploymentHistoryEntry {
  return {
    id: d.id,
    taskDefinition: d.taskDefinition,
    createdAt: d.createdAt,
    startedAt: d.createdAt,
    status: d.rollbackFrom ? "ROLLBACK_IN_PROGRESS" : "IN_PROGRESS",
    desiredCount,
    deploymentConfiguration: config,
    sourceDeploymentIds: [...new Set(sources)],
    ...(d.rollbackFrom !== undefined && { rollbackFrom: d.rollbackFrom }),
  };
}

function finishHistory(history: DeploymentHistoryEntry[], id: string, status: DeploymentHistoryEntry["status"], now: number, reason?: string): void {
  const i = history.findIndex((h) => h.id === id);
  if (i < 0) return;
  const h = history[i]!;
  if (h.finishedAt !== undefined && status !== "ROLLBACK_SUCCESSFUL") return;
  history[i] = { ...h, status, finishedAt: now, ...(reason !== undefined && { statusReason: reason }) };
}
