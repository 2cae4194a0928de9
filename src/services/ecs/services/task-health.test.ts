import { test } from "node:test";
import assert from "node:assert/strict";
import type { TaskRecord } from "../../../store/store.js";
import { HEALTH_CHECK_FAILED, taskFacts } from "./task-health.js";

function record(o: { lastStatus?: string; desired?: "RUNNING" | "STOPPED"; health?: string; checked?: boolean; startedAt?: number; stopCode?: string; stoppedReason?: string }): TaskRecord {
  return {
    region: "r", cluster: "c", id: "t", arn: "arn", family: "f", group: "service:s", startedBy: "ecs-svc/1",
    desiredStatus: o.desired ?? "RUNNING", lastStatus: o.lastStatus ?? "RUNNING", launchType: "EC2", version: 1, createdAt: 0,
    doc: {
      task: { healthStatus: o.health ?? "UNKNOWN", startedAt: o.startedAt ?? 1000, stopCode: o.stopCode, stoppedReason: o.stoppedReason, containers: [] },
      spec: { containerDefinitions: [{ name: "main", ...(o.checked && { healthCheck: { command: ["CMD", "true"] } }) }] },
    },
  } as unknown as TaskRecord;
}

test("without a health check a RUNNING task counts as healthy once it has run for the settle time", () => {
  const timing = { graceMs: 0, settleMs: 40_000 };
  const early = taskFacts(record({}), { ...timing, now: 30_000 });
  assert.equal(early.healthy, false);
  assert.equal(early.wakeAt, 41_000);
  assert.equal(taskFacts(record({}), { ...timing, now: 41_000 }).healthy, true);
});

test("with a health check a task is healthy only when HEALTHY, and UNHEALTHY counts only after the grace period", () => {
  const timing = { graceMs: 10_000, settleMs: 40_000 };
  assert.equal(taskFacts(record({ checked: true, health: "HEALTHY" }), { ...timing, now: 2000 }).healthy, true);
  assert.equal(taskFacts(record({ checked: true, health: "UNKNOWN" }), { ...timing, now: 99_000 }).healthy, false);
  const inGrace = taskFacts(record({ checked: true, health: "UNHEALTHY" }), { ...timing, now: 5000 });
  assert.deepEqual([inGrace.unhealthy, inGrace.wakeAt], [false, 11_000]);
  assert.equal(taskFacts(record({ checked: true, health: "UNHEALTHY" }), { ...timing, now: 11_000 }).unhealthy, true);
});

test("failed tasks: failed to start, essential container exited, or stopped for failing health checks; not the scheduler's own stops", () => {
  const timing = { now: 0, graceMs: 0, settleMs: 0 };
  const stopped = (o: { stopCode?: string; stoppedReason?: string }) => taskFacts(record({ lastStatus: "STOPPED", desired: "STOPPED", ...o }), timing).failed;
  assert.equal(stopped({ stopCode: "TaskFailedToStart" }), true);
  assert.equal(stopped({ stopCode: "EssentialContainerExited" }), true);
  assert.equal(stopped({ stopCode: "ServiceSchedulerInitiated", stoppedReason: HEALTH_CHECK_FAILED }), true);
  assert.equal(stopped({ stopCode: "ServiceSchedulerInitiated", stoppedReason: "Scaling activity initiated by (deployment ecs-svc/1)" }), false);
  assert.equal(stopped({ stopCode: "UserInitiated" }), false);
});

test("the throttle counts only tasks that never reached RUNNING", () => {
  const timing = { now: 0, graceMs: 0, settleMs: 0 };
  const base = record({ lastStatus: "STOPPED", desired: "STOPPED", stopCode: "EssentialContainerExited" });
  assert.equal(taskFacts(base, timing).failedToStart, false, "it had started");
  const neverStarted = { ...base, doc: { ...base.doc, task: { ...(base.doc as { task: object }).task, startedAt: undefined } } } as TaskRecord;
  assert.equal(taskFacts(neverStarted, timing).failedToStart, true);
  assert.equal(taskFacts(record({ lastStatus: "STOPPED", desired: "STOPPED", stopCode: "TaskFailedToStart" }), timing).failedToStart, true);
});

test("a Fargate task's managed-capacity seat is no container instance: the scheduler never evicts it for one", () => {
  const timing = { now: 0, graceMs: 0, settleMs: 0 };
  const onInstance = { ...record({}), containerInstanceArn: "arn:aws:ecs:r:0:container-instance/c/1" } as TaskRecord;
  assert.equal(taskFacts(onInstance, timing).instanceArn, "arn:aws:ecs:r:0:container-instance/c/1");
  const onSeat = { ...onInstance, launchType: "FARGATE", containerInstanceArn: "arn:aws:ecs:r:0:berth-managed-capacity/1" } as TaskRecord;
  assert.equal(taskFacts(onSeat, timing).instanceArn, undefined);
});
