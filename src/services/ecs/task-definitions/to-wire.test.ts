import { test } from "node:test";
import assert from "node:assert/strict";
import { toWire } from "./to-wire.js";

test("stored epoch-ms times become Dates and the record's status wins", () => {
  const wire = toWire({
    region: "us-east-1",
    family: "web",
    revision: 2,
    arn: "arn:aws:ecs:us-east-1:000000000000:task-definition/web:2",
    status: "INACTIVE",
    doc: { family: "web", status: "ACTIVE", registeredAt: 1_700_000_000_123, deregisteredAt: 1_700_000_100_000, containerDefinitions: [] },
  });
  assert.equal(wire.status, "INACTIVE");
  assert.deepEqual(wire.registeredAt, new Date(1_700_000_000_123));
  assert.deepEqual(wire.deregisteredAt, new Date(1_700_000_100_000));
  assert.equal("deleteRequestedAt" in wire, false);
  assert.equal(wire.taskDefinitionArn, "arn:aws:ecs:us-east-1:000000000000:task-definition/web:2");
  assert.equal(wire.revision, 2);
});
