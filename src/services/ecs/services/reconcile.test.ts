import { test } from "node:test";
import assert from "node:assert/strict";
import { reconcileService, type ServiceSnapshot } from "./reconcile.js";
import { circuitBreakerThreshold, throttleDelayMs } from "./circuit-breaker.js";
import { daemonStep } from "./daemon.js";
import type { TaskFacts } from "./task-health.js";
import type { StoredDeployment } from "./types.js";

const NOW = 1_000_000;
const deployment = (id: string, o: Partial<StoredDeployment> = {}): StoredDeployment => ({
  id,
  status: "PRIMARY",
  taskDefinition: `td:${id}`,
  createdAt: 0,
  updatedAt: 0,
  rolloutState: "IN_PROGRESS",
  rolloutStateReason: `ECS deployment ${id} in progress.`,
  failedTasks: 0,
  ...o,
});
const fact = (id: string, deploymentId: string, o: Partial<TaskFacts> = {}): TaskFacts => ({
  id,
  arn: `arn:task/${id}`,
  deploymentId,
  instanceArn: "i1",
  lastStatus: "RUNNING",
  live: true,
  running: true,
  healthy: true,
  unhealthy: false,
  failed: false,
  failedToStart: false,
  stopped: false,
  checked: true,
  createdAt: 0,
  ...o,
});
const failedTask = (id: string, deploymentId: string, stoppedAt = NOW - 1) =>
  fact(id, deploymentId, { lastStatus: "STOPPED", live: false, running: false, healthy: false, failed: true, failedToStart: true, stopped: true, stoppedAt });

function snapshot(o: { deployments: StoredDeployment[]; tasks: TaskFacts[]; desired?: number; breaker?: { enable: boolean; rollback: boolean }; lastCompleted?: ServiceSnapshot["doc"]["scheduler"]["lastCompleted"] }): ServiceSnapshot {
  return {
    name: "web",
    status: "ACTIVE",
    doc: {
      desiredCount: o.desired ?? 2,
      schedulingStrategy: "REPLICA",
      deploymentConfiguration: o.breaker ? { deploymentCircuitBreaker: o.breaker } : {},
      deployments: o.deployments,
      events: [],
      scheduler: { history: [], ...(o.lastCompleted && { lastCompleted: o.lastCompleted }) },
      taskDefinition: o.deployments[0]?.taskDefinition,
    },
    tasks: o.tasks,
    instances: [{ arn: "i1", status: "ACTIVE", eligible: true }],
    now: NOW,
  };
}
const deps = { newDeploymentId: () => "ecs-svc/9000000000000000001" };

test("circuit breaker thresholds: half the desired count, at least 3, at most 200", () => {
  assert.deepEqual([1, 4, 25, 400].map(circuitBreakerThreshold), [3, 3, 13, 200]);
  assert.deepEqual([2, 3, 4, 5, 20].map(throttleDelayMs), [0, 10_000, 20_000, 40_000, 900_000]);
});

test("a primary alone with desiredCount healthy tasks is COMPLETED, with ECS's events", () => {
  const plan = reconcileService(snapshot({ deployments: [deployment("ecs-svc/1")], tasks: [fact("a", "ecs-svc/1"), fact("b", "ecs-svc/1")] }), deps);
  assert.equal(plan.deployments[0]!.rolloutState, "COMPLETED");
  assert.equal(plan.deployments[0]!.rolloutStateReason, "ECS deployment ecs-svc/1 completed.");
  assert.deepEqual(plan.events, ["(service web) (deployment ecs-svc/1) deployment completed.", "(service web) has reached a steady state."]);
  assert.deepEqual(plan.scheduler.lastCompleted, { id: "ecs-svc/1", taskDefinition: "td:ecs-svc/1" });
});

test("an old deployment with no task left drops out of deployments", () => {
  const plan = reconcileService(
    snapshot({ deployments: [deployment("ecs-svc/2"), deployment("ecs-svc/1", { status: "ACTIVE", rolloutState: "COMPLETED" })], tasks: [fact("a", "ecs-svc/2"), fact("b", "ecs-svc/2")] }),
    deps,
  );
  assert.deepEqual(plan.deployments.map((d) => d.id), ["ecs-svc/2"]);
  assert.equal(plan.deployments[0]!.rolloutState, "COMPLETED");
});

test("at the threshold the circuit breaker fails the deployment and rolls back to the last completed one", () => {
  const plan = reconcileService(
    snapshot({
      deployments: [deployment("ecs-svc/2"), deployment("ecs-svc/1", { status: "ACTIVE", rolloutState: "COMPLETED" })],
      tasks: [fact("a", "ecs-svc/1"), fact("b", "ecs-svc/1"), failedTask("x", "ecs-svc/2"), failedTask("y", "ecs-svc/2"), failedTask("z", "ecs-svc/2")],
      breaker: { enable: true, rollback: true },
      lastCompleted: { id: "ecs-svc/1", taskDefinition: "td:ecs-svc/1" },
    }),
    deps,
  );
  assert.deepEqual(plan.deployments.map((d) => [d.id, d.status, d.rolloutState]), [
    ["ecs-svc/9000000000000000001", "PRIMARY", "IN_PROGRESS"],
    ["ecs-svc/2", "ACTIVE", "FAILED"],
    ["ecs-svc/1", "ACTIVE", "COMPLETED"],
  ]);
  assert.equal(plan.deployments[1]!.rolloutStateReason, "ECS deployment circuit breaker: tasks failed to start.");
  assert.equal(plan.deployments[1]!.failedTasks, 3);
  assert.equal(plan.taskDefinition, "td:ecs-svc/1");
  assert.deepEqual(plan.events, ["(service web) (deployment ecs-svc/2) deployment failed: tasks failed to start.", "(service web) rolling back to deployment ecs-svc/1."]);
});

test("without rollback a failed deployment launches nothing more", () => {
  const plan = reconcileService(
    snapshot({ deployments: [deployment("ecs-svc/2")], tasks: [failedTask("x", "ecs-svc/2"), failedTask("y", "ecs-svc/2"), failedTask("z", "ecs-svc/2")], breaker: { enable: true, rollback: false } }),
    deps,
  );
  assert.equal(plan.deployments[0]!.rolloutState, "FAILED");
  assert.equal(plan.start, 0);
});

test("repeated failures without a breaker throttle launches, with ECS's event, until the back-off has passed", () => {
  const tasks = [failedTask("x", "ecs-svc/1", NOW - 3000), failedTask("y", "ecs-svc/1", NOW - 2000), failedTask("z", "ecs-svc/1", NOW - 1000)];
  const plan = reconcileService(snapshot({ deployments: [deployment("ecs-svc/1")], tasks }), deps);
  assert.equal(plan.start, 0);
  assert.deepEqual(plan.events, ["(service web) is unable to consistently start tasks successfully."]);
  assert.equal(plan.wakeAt, NOW - 1000 + 10_000);
  const later = reconcileService({ ...snapshot({ deployments: [deployment("ecs-svc/1")], tasks }), now: NOW + 10_000 }, deps);
  assert.equal(later.start, 2);
});

test("an unhealthy task is stopped with ECS's reason and event, and replaced", () => {
  const plan = reconcileService(snapshot({ deployments: [deployment("ecs-svc/1", { rolloutState: "COMPLETED" })], tasks: [fact("a", "ecs-svc/1"), fact("b", "ecs-svc/1", { healthy: false, unhealthy: true })] }), deps);
  assert.deepEqual(plan.stop, [{ id: "b", arn: "arn:task/b", reason: "Task failed container health checks" }]);
  assert.deepEqual(plan.events, ["(service web) (task b) failed container health checks."]);
  assert.equal(plan.start, 1, "maximumPercent 200 leaves room for the replacement at once");
});

test("a DRAINING service stops its tasks, then becomes INACTIVE once they are all stopping", () => {
  const draining = { ...snapshot({ deployments: [deployment("ecs-svc/1")], tasks: [fact("a", "ecs-svc/1")] }), status: "DRAINING" as const };
  const plan = reconcileService(draining, deps);
  assert.deepEqual(plan.stop.map((s) => s.reason), ["Scaling activity initiated by (deployment ecs-svc/1)"]);
  assert.equal(plan.status, "DRAINING");
  const after = reconcileService({ ...draining, tasks: [fact("a", "ecs-svc/1", { live: false, lastStatus: "STOPPING" })] }, deps);
  assert.equal(after.status, "INACTIVE");
});

test("DAEMON: one task per eligible instance, none on a draining one, old ones replaced in place", () => {
  const step = daemonStep({
    primaryId: "new",
    eligible: ["a", "b"],
    minimumHealthyPercent: 0,
    canStart: true,
    tasks: [fact("t1", "old", { instanceArn: "a" }), fact("t2", "new", { instanceArn: "c" })],
  });
  assert.deepEqual(step, { stop: ["t2", "t1"], startOn: ["b"] });
});

test("a rollback returns to where the last completed deployment ran, not where the failed one did", () => {
  const ec2 = { launchType: "EC2" };
  const fargate = { capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 1, base: 0 }], platformVersion: "1.4.0", platformFamily: "Linux" };
  const plan = reconcileService(
    snapshot({
      deployments: [deployment("ecs-svc/2", fargate), deployment("ecs-svc/1", { status: "ACTIVE", rolloutState: "COMPLETED", ...ec2 })],
      tasks: [fact("a", "ecs-svc/1"), fact("b", "ecs-svc/1"), failedTask("x", "ecs-svc/2"), failedTask("y", "ecs-svc/2"), failedTask("z", "ecs-svc/2")],
      breaker: { enable: true, rollback: true },
      lastCompleted: { id: "ecs-svc/1", taskDefinition: "td:ecs-svc/1", launch: ec2 },
    }),
    deps,
  );
  const rollback = plan.deployments[0]!;
  assert.equal(rollback.rollbackFrom, "ecs-svc/2");
  assert.equal(rollback.launchType, "EC2");
  assert.equal(rollback.capacityProviderStrategy, undefined);
  assert.equal(rollback.platformVersion, undefined);
});

test("a completed deployment is remembered with where it ran", () => {
  const fargate = { launchType: "FARGATE", platformVersion: "1.4.0", platformFamily: "Linux" };
  const plan = reconcileService(snapshot({ deployments: [deployment("ecs-svc/1", fargate)], tasks: [fact("a", "ecs-svc/1"), fact("b", "ecs-svc/1")] }), deps);
  assert.deepEqual(plan.scheduler.lastCompleted, { id: "ecs-svc/1", taskDefinition: "td:ecs-svc/1", launch: fargate });
});
