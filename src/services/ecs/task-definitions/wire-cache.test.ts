import { test } from "node:test";
import assert from "node:assert/strict";
import { wireJson } from "./wire-cache.js";
import type { TaskDefinitionRecord } from "../../../store/store.js";

const record = (status: TaskDefinitionRecord["status"], doc: Record<string, unknown>): TaskDefinitionRecord => ({
  region: "us-east-1",
  family: "f",
  revision: 1,
  arn: "arn:aws:ecs:us-east-1:000000000000:task-definition/f:1",
  status,
  doc,
  docJson: JSON.stringify(doc),
});

test("the cached text follows the stored doc and status, never serving a stale one", () => {
  const a = JSON.parse(wireJson(record("ACTIVE", { family: "f", registeredAt: 1000, cpu: "256" })));
  assert.equal(a.status, "ACTIVE");
  assert.equal(a.registeredAt, 1);
  assert.equal(a.cpu, "256");
  const b = JSON.parse(wireJson(record("INACTIVE", { family: "f", registeredAt: 1000, cpu: "256", deregisteredAt: 2000 })));
  assert.equal(b.status, "INACTIVE");
  assert.equal(b.deregisteredAt, 2);
  const c = JSON.parse(wireJson(record("INACTIVE", { family: "f", registeredAt: 1000, cpu: "512", deregisteredAt: 2000 })));
  assert.equal(c.cpu, "512");
});
