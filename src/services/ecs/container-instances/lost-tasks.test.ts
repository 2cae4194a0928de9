import { test } from "node:test";
import assert from "node:assert/strict";
import { DEREGISTERED_REASON, instanceLoss, lostTask } from "./lost-tasks.js";
import type { TaskRecord } from "../../../store/store.js";

test("an instance is lost when deregistered, or when its agent has been silent longer than lostAfter", () => {
  assert.equal(instanceLoss({ status: "INACTIVE", ec2InstanceId: "i-1" }, 0, 1000), DEREGISTERED_REASON);
  assert.equal(instanceLoss({ status: "ACTIVE", ec2InstanceId: "i-1", lastHeartbeatAt: 0 }, 1000, 1000), undefined);
  assert.equal(instanceLoss({ status: "DRAINING", ec2InstanceId: "i-1", lastHeartbeatAt: 0 }, 1001, 1000), "Host EC2 (instance i-1) stopped/terminated");
});

test("a lost task is recorded STOPPED with its containers, the reason, and version + 1", () => {
  const record = {
    region: "r", cluster: "c", id: "t", arn: "arn", family: "f", group: "service:s", desiredStatus: "RUNNING", lastStatus: "RUNNING", launchType: "EC2", version: 3, createdAt: 0,
    doc: { task: { lastStatus: "RUNNING", desiredStatus: "RUNNING", containers: [{ name: "main", lastStatus: "RUNNING" }], attachments: [], version: 3, createdAt: 0 }, spec: {} },
  } as unknown as TaskRecord;
  const out = lostTask(record, DEREGISTERED_REASON, 50);
  assert.equal(out.lastStatus, "STOPPED");
  assert.equal(out.desiredStatus, "STOPPED");
  assert.equal(out.version, 4);
  const task = (out.doc as { task: Record<string, unknown> }).task;
  assert.equal(task.stoppedReason, DEREGISTERED_REASON);
  assert.equal(task.stoppedAt, 50);
  assert.deepEqual(task.containers, [{ name: "main", lastStatus: "STOPPED" }]);
});
