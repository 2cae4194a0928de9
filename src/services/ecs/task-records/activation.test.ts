import { test } from "node:test";
import assert from "node:assert/strict";
import type { TaskReport } from "../../../agent-protocol/messages.js";
import type { TaskRecord } from "../../../store/store.js";
import { withActivation } from "./activation.js";
import { assignedTask } from "./assignment.js";
import { taskDoc, type TaskDoc } from "./doc.js";
import { applyReport } from "./reports.js";
import { pendingRecord } from "./test-fixtures.js";

const record: TaskRecord = pendingRecord("service:web", { activation: { kind: "activating" } });
const report = (lastStatus: TaskReport["lastStatus"]): TaskReport => ({
  taskArn: "arn:t", version: 1, lastStatus, healthStatus: "UNKNOWN",
  containers: [{ name: "app", lastStatus: lastStatus === "STOPPING" ? "RUNNING" : lastStatus === "STOPPED" ? "STOPPED" : "RUNNING", runtimeId: "abc", healthStatus: "UNKNOWN", networkBindings: [] }],
});
const stop = (r: TaskRecord): TaskRecord => ({ ...r, desiredStatus: "STOPPED", doc: { ...r.doc, task: { ...taskDoc(r).task, desiredStatus: "STOPPED", stopCode: "UserInitiated", stoppedReason: "bye", stoppingAt: 6500 } } });

test("an activating task's RUNNING report shows ACTIVATING (startedAt set), and activation makes it RUNNING", () => {
  const activating = applyReport(record, report("RUNNING"), new Date(5000))!;
  assert.equal(activating.lastStatus, "ACTIVATING");
  assert.equal(taskDoc(activating).task.lastStatus, "ACTIVATING");
  assert.equal(taskDoc(activating).task.startedAt, 5000);
  const active = withActivation(activating, { kind: "active" })!;
  assert.equal(active.lastStatus, "RUNNING");
  assert.equal(taskDoc(active).task.lastStatus, "RUNNING");
  assert.equal(active.version, activating.version + 1);
  assert.equal(withActivation(active, { kind: "active" }), undefined, "nothing changes");
  assert.equal(applyReport(active, report("RUNNING"), new Date(6000)), undefined, "a repeated RUNNING stays RUNNING");
});

test("a draining task is DEACTIVATING and still RUNNING to its agent; released, its agent is told STOPPED with the reason", () => {
  const running = withActivation(applyReport(record, report("RUNNING"), new Date(5000))!, { kind: "active" })!;
  const draining = withActivation(stop(running), { kind: "deactivating", until: 9000 })!;
  assert.equal(draining.lastStatus, "DEACTIVATING");
  assert.equal(draining.desiredStatus, "STOPPED");
  const told = assignedTask(draining);
  assert.equal(told.desiredStatus, "RUNNING");
  assert.equal(told.stopCode, undefined);
  assert.equal(applyReport(draining, report("RUNNING"), new Date(7000)), undefined, "the agent's RUNNING stays DEACTIVATING");
  assert.deepEqual(taskDoc(withActivation(draining, { kind: "deactivating", until: 99_000 }) ?? draining).activation, { kind: "deactivating", until: 9000 }, "the drain's until is kept");
  const released = withActivation(draining, { kind: "released" })!;
  assert.equal(released.lastStatus, "DEACTIVATING");
  const stopTold = assignedTask(released);
  assert.equal(stopTold.desiredStatus, "STOPPED");
  assert.equal(stopTold.stopCode, "UserInitiated");
  assert.ok(stopTold.version > told.version, "a newer assignment");
  assert.equal(released.reassigned, true, "what its agent is told changed: the store bumps the instance's assignment sequence");
  assert.equal(applyReport(released, report("STOPPING"), new Date(9500))!.lastStatus, "STOPPING");
});

test("a container that dies while its task drains makes it STOPPED", () => {
  const running = withActivation(applyReport(record, report("RUNNING"), new Date(5000))!, { kind: "active" })!;
  const draining = withActivation(stop(running), { kind: "deactivating", until: 9000 })!;
  assert.equal(applyReport(draining, report("STOPPED"), new Date(6000))!.lastStatus, "STOPPED");
});
