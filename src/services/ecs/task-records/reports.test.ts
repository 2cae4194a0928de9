import { test } from "node:test";
import assert from "node:assert/strict";
import type { TaskReport } from "../../../agent-protocol/messages.js";
import type { TaskRecord } from "../../../store/store.js";
import { taskDoc, type TaskDoc } from "./doc.js";
import { applyReport } from "./reports.js";
import { pendingRecord } from "./test-fixtures.js";

const record: TaskRecord = pendingRecord("family:f");
const doc = taskDoc(record);
const report = (over: Partial<TaskReport>, container: Partial<TaskReport["containers"][number]> = {}): TaskReport => ({
  taskArn: "arn:t", version: 1, lastStatus: "RUNNING", healthStatus: "UNKNOWN", ...over,
  containers: [{ name: "app", lastStatus: "RUNNING", runtimeId: "abc", healthStatus: "UNKNOWN", networkBindings: [], ...container }],
});
const now = new Date(5000);

test("a RUNNING report sets the observed fields and bumps the version; startedAt is when it is applied", () => {
  const next = applyReport(record, report({ startedAt: 4000, pullStartedAt: 3000, pullStoppedAt: 3500 }), now)!;
  assert.equal(next.lastStatus, "RUNNING");
  assert.equal(next.version, 2);
  const t = taskDoc(next).task;
  assert.equal(t.startedAt, 5000);
  assert.equal(t.pullStartedAt, 3000);
  assert.equal(t.pullStoppedAt, 3500);
  assert.equal(t.connectivity, "CONNECTED");
  assert.equal(t.containers[0]!.runtimeId, "abc");
  assert.equal(t.version, 2);
});

test("a repeated report changes nothing, and an older status never goes backwards", () => {
  const running = applyReport(record, report({}), now)!;
  assert.equal(applyReport(running, report({}), now), undefined);
  const late = applyReport(running, report({ lastStatus: "PENDING" }, { lastStatus: "PENDING" }), now);
  assert.equal(late, undefined);
});

test("a task that stops on its own takes the agent's stopCode and reason, and desired STOPPED", () => {
  const stopped = applyReport(
    record,
    report({ lastStatus: "STOPPED", stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited" }, { lastStatus: "STOPPED", exitCode: 1 }),
    now,
  )!;
  const t = taskDoc(stopped).task;
  assert.equal(stopped.desiredStatus, "STOPPED");
  assert.equal(t.stopCode, "EssentialContainerExited");
  assert.equal(t.stoppedReason, "Essential container in task exited");
  assert.equal(t.stoppedAt, 5000);
  assert.equal(t.containers[0]!.exitCode, 1);
});

test("a user's stop code is kept when the agent reports its own", () => {
  const asked: TaskRecord = {
    ...record,
    desiredStatus: "STOPPED",
    doc: { ...doc, task: { ...doc.task, desiredStatus: "STOPPED", stopCode: "UserInitiated", stoppedReason: "bye" } } as unknown as Record<string, unknown>,
  };
  const t = taskDoc(applyReport(asked, report({ lastStatus: "STOPPED", stopCode: "EssentialContainerExited" }), now)!).task;
  assert.equal(t.stopCode, "UserInitiated");
  assert.equal(t.stoppedReason, "bye");
});

test("a task first reported past RUNNING keeps the agent's start time", () => {
  const t = taskDoc(applyReport(record, report({ lastStatus: "STOPPED", startedAt: 4000, executionStoppedAt: 4500 }, { lastStatus: "STOPPED" }), now)!).task;
  assert.equal(t.startedAt, 4000);
  assert.equal(t.executionStoppedAt, 4500);
  assert.equal(t.stoppedAt, 5000);
});

// ---- awsvpc: the ENI attachment follows PROVISIONING … DEPROVISIONING

const awsvpcDoc: TaskDoc = {
  ...doc,
  task: {
    ...doc.task,
    lastStatus: "PROVISIONING",
    attachments: [{ id: "att", type: "ElasticNetworkInterface", status: "PRECREATED", details: [{ name: "privateIPv4Address", value: "127.77.0.9" }] }],
  },
  spec: { ...doc.spec, networkMode: "awsvpc" },
};
const awsvpc: TaskRecord = { ...record, lastStatus: "PROVISIONING", doc: awsvpcDoc as unknown as Record<string, unknown> };

test("awsvpc: PROVISIONING → ATTACHING, PENDING → ATTACHED and CONNECTED, DEPROVISIONING → DETACHING, STOPPED → DELETED", () => {
  const seen: { lastStatus: string; attachment: string | undefined; connectivityAt?: number; stoppedAt?: number; executionStoppedAt?: number }[] = [];
  let r = awsvpc;
  const steps: [TaskReport["lastStatus"], TaskReport["containers"][number]["lastStatus"], number, Partial<TaskReport>][] = [
    ["PROVISIONING", "PENDING", 100, { pullStartedAt: 90 }],
    ["PENDING", "PENDING", 200, { pullStoppedAt: 150 }],
    ["RUNNING", "RUNNING", 300, { startedAt: 290 }],
    ["DEPROVISIONING", "STOPPED", 400, { executionStoppedAt: 390 }],
    ["STOPPED", "STOPPED", 500, {}],
  ];
  for (const [lastStatus, container, at, extra] of steps) {
    r = applyReport(r, report({ lastStatus, ...extra }, { lastStatus: container }), new Date(at))!;
    const t = taskDoc(r).task;
    seen.push({ lastStatus: r.lastStatus, attachment: t.attachments[0]!.status, connectivityAt: t.connectivityAt, stoppedAt: t.stoppedAt, executionStoppedAt: t.executionStoppedAt });
  }
  assert.deepEqual(
    seen.map((s) => [s.lastStatus, s.attachment]),
    [["PROVISIONING", "ATTACHING"], ["PENDING", "ATTACHED"], ["RUNNING", "ATTACHED"], ["DEPROVISIONING", "DETACHING"], ["STOPPED", "DELETED"]],
  );
  assert.equal(seen[0]!.connectivityAt, undefined, "not CONNECTED while its network is being attached");
  assert.equal(seen[1]!.connectivityAt, 200);
  assert.equal(seen[3]!.executionStoppedAt, 390, "execution stopped when the containers did");
  assert.equal(seen[3]!.stoppedAt, undefined, "not STOPPED while deprovisioning");
  assert.equal(seen[4]!.stoppedAt, 500);
  const t = taskDoc(r).task;
  assert.ok(t.createdAt <= t.connectivityAt! && t.connectivityAt! <= t.startedAt! && t.startedAt! <= t.stoppingAt! && t.stoppingAt! <= t.executionStoppedAt! && t.executionStoppedAt! <= t.stoppedAt!);
});

test("awsvpc: a late report never moves the attachment back", () => {
  const deprovisioning = applyReport(awsvpc, report({ lastStatus: "DEPROVISIONING" }, { lastStatus: "STOPPED" }), now)!;
  assert.equal(taskDoc(deprovisioning).task.attachments[0]!.status, "DETACHING");
  assert.equal(applyReport(deprovisioning, report({ lastStatus: "RUNNING" }), now), undefined);
});

test("startedAt is set when the task reaches RUNNING, even if the agent sent no start time", () => {
  const t = taskDoc(applyReport(record, report({}), now)!).task;
  assert.equal(t.startedAt, 5000);
  const pending = taskDoc(applyReport(record, report({ lastStatus: "PENDING", startedAt: 4000 }, { lastStatus: "PENDING" }), now)!).task;
  assert.equal(pending.startedAt, undefined, "a start time with a PENDING report is not a RUNNING task's");
});
