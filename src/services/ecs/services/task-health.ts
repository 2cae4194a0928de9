/**
 * How the service scheduler sees one task, pure (clock passed in). Sources: ECS API
 * DeploymentConfiguration / HealthCheck; reference/ecs-api.md §4.2, §3.3.
 *
 * - healthy (counts toward minimumHealthyPercent): desired RUNNING, its containers running
 *   (ACTIVATING or RUNNING), and
 *   - with a health check on an essential container: the task's healthStatus is HEALTHY;
 *   - with none: it has been RUNNING for `settleMs` (ECS: 40 s).
 *   Example: started at t, no health check, settle 40 s → healthy from t + 40 s.
 * - unhealthy (stopped and replaced): RUNNING with healthStatus UNHEALTHY once the
 *   healthCheckGracePeriodSeconds since it started have passed.
 * - failed-to-start (what the launch throttle counts): STOPPED without ever reaching RUNNING
 *   (DG service-throttle-logic: tasks that go PENDING → STOPPED).
 * - failed (what the circuit breaker counts): STOPPED on its own before or
 *   soon after starting (TaskFailedToStart, EssentialContainerExited), or stopped by the
 *   scheduler for failing its health checks.
 */
import type { TaskRecord } from "../../../store/store.js";
import { taskDoc } from "../task-records/doc.js";
import type { Activation } from "../tasks/activation.js";

/** ECS's stoppedReason for a service task stopped for failing container health checks (observed). */
export const HEALTH_CHECK_FAILED = "Task failed container health checks";
/** ECS counts a task without health checks healthy this long after it reaches RUNNING (ECS API DeploymentConfiguration). */
export const DEFAULT_SETTLE_MS = 40_000;

export interface TaskFacts {
  id: string;
  arn: string;
  deploymentId?: string;
  instanceArn?: string;
  lastStatus: string;
  live: boolean;
  /** Its containers run and it is not being stopped: lastStatus ACTIVATING or RUNNING. */
  running: boolean;
  healthy: boolean;
  unhealthy: boolean;
  failed: boolean;
  /** STOPPED without ever reaching RUNNING (PENDING → STOPPED): what the launch throttle counts. */
  failedToStart: boolean;
  stopped: boolean;
  /** An essential container has a health check: healthy means HEALTHY, not just settled. */
  checked: boolean;
  createdAt: number;
  stoppedAt?: number;
  /** When the passing of time alone would change this task's facts (epoch ms), if ever. */
  wakeAt?: number;
  /** The service has load balancers: one target per entry once the task's address is known (health absent: not registered). */
  targets?: TaskTarget[];
  /** The target found unhealthy after the grace period (why `unhealthy`). */
  unhealthyTarget?: TaskTarget;
  /** A service task with load balancers or serviceRegistries: its registrations (../tasks/activation.ts). */
  activation?: Activation;
}

/** One of a task's load-balancer targets and its health in the target group, if registered. */
export interface TaskTarget {
  targetGroupArn: string;
  id: string;
  port: number;
  health?: { state: string; reason?: string; description?: string };
}

export interface HealthTiming {
  now: number;
  graceMs: number;
  settleMs: number;
}

export function hasHealthCheck(record: TaskRecord): boolean {
  const defs = taskDoc(record).spec?.containerDefinitions ?? [];
  return defs.some((d) => d.essential !== false && d.healthCheck !== undefined && d.healthCheck !== null);
}

/**
 * `targets`: given when the service has load balancers. Then the task is healthy only when all its
 * targets are registered and healthy (and its container health check, if any, is HEALTHY; the
 * settle time does not apply), and a target found unhealthy after the grace period makes it
 * unhealthy. Example: grace 30 s, started at t, target unhealthy at t + 10 s → replaced at t + 30 s.
 */
export function taskFacts(record: TaskRecord, timing: HealthTiming, targets?: TaskTarget[]): TaskFacts {
  const { task, activation } = taskDoc(record);
  const live = record.desiredStatus === "RUNNING";
  const running = record.lastStatus === "RUNNING" || record.lastStatus === "ACTIVATING";
  const startedAt = task.startedAt ?? task.connectivityAt ?? record.createdAt;
  const checked = hasHealthCheck(record);
  let healthy = false;
  let unhealthy = false;
  let wakeAt: number | undefined;
  let unhealthyTarget: TaskTarget | undefined;
  if (live && running && targets) {
    healthy = (!checked || task.healthStatus === "HEALTHY") && targets.length > 0 && targets.every((t) => t.health?.state === "healthy");
    const graceEnds = startedAt + timing.graceMs;
    const bad = targets.find((t) => t.health?.state === "unhealthy");
    if (checked && task.healthStatus === "UNHEALTHY" && timing.now >= graceEnds) unhealthy = true;
    else if (bad && timing.now >= graceEnds) {
      unhealthy = true;
      unhealthyTarget = bad;
    } else if ((bad || (checked && task.healthStatus === "UNHEALTHY")) && timing.now < graceEnds) wakeAt = graceEnds;
  } else if (live && running) {
    if (checked) {
      healthy = task.healthStatus === "HEALTHY";
      if (task.healthStatus === "UNHEALTHY") {
        const graceEnds = startedAt + timing.graceMs;
        if (timing.now >= graceEnds) unhealthy = true;
        else wakeAt = graceEnds;
      }
    } else {
      const settles = startedAt + timing.settleMs;
      if (timing.now >= settles) healthy = true;
      else wakeAt = settles;
    }
  }
  const stopped = record.lastStatus === "STOPPED";
  const failed =
    stopped && (task.stopCode === "TaskFailedToStart" || task.stopCode === "EssentialContainerExited" || task.stoppedReason === HEALTH_CHECK_FAILED || (task.stoppedReason ?? "").startsWith("Task failed ELB health checks"));
  const failedToStart = stopped && (task.stopCode === "TaskFailedToStart" || (task.startedAt === undefined && task.stopCode !== "UserInitiated" && task.stopCode !== "ServiceSchedulerInitiated"));
  return {
    id: record.id,
    arn: record.arn,
    ...(record.startedBy !== undefined && { deploymentId: record.startedBy }),
    // A Fargate task's record keeps its managed-capacity seat, which is no container instance.
    ...(record.containerInstanceArn !== undefined && record.launchType !== "FARGATE" && { instanceArn: record.containerInstanceArn }),
    lastStatus: record.lastStatus,
    live,
    running,
    healthy,
    unhealthy,
    failed,
    failedToStart,
    stopped,
    checked,
    createdAt: record.createdAt,
    ...(record.stoppedAt !== undefined && { stoppedAt: record.stoppedAt }),
    ...(wakeAt !== undefined && { wakeAt }),
    ...(targets !== undefined && { targets }),
    ...(unhealthyTarget !== undefined && { unhealthyTarget }),
    ...(activation !== undefined && { activation }),
  };
}
