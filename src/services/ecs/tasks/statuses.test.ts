import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { CONTAINER_STATUSES, TASK_STATUSES, advance, later, rank, type TaskStatus } from "./statuses.js";

test("task statuses are ranked in ECS's lifecycle order", () => {
  assert.deepEqual(
    [...TASK_STATUSES].sort((a, b) => rank(a) - rank(b)),
    ["PROVISIONING", "PENDING", "ACTIVATING", "RUNNING", "DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED"],
  );
  assert.ok(rank("PENDING") < rank("RUNNING") && rank("RUNNING") < rank("STOPPED"));
});

test("advance moves forward, keeps an equal status and refuses to go back", () => {
  assert.deepEqual(advance("PENDING", "RUNNING"), { kind: "moved", status: "RUNNING", from: "PENDING" });
  assert.deepEqual(advance("RUNNING", "RUNNING"), { kind: "unchanged", status: "RUNNING" });
  assert.deepEqual(advance("STOPPED", "RUNNING"), { kind: "refused", status: "STOPPED", attempted: "RUNNING" });
});

test("property: folding any sequence of task statuses through advance never moves backwards", () => {
  fc.assert(
    fc.property(fc.constantFrom(...TASK_STATUSES), fc.array(fc.constantFrom(...TASK_STATUSES)), (start, events) => {
      let current: TaskStatus = start;
      let highest = rank(start);
      for (const next of events) {
        const before = current;
        current = advance(current, next).status;
        assert.ok(rank(current) >= rank(before));
        highest = Math.max(highest, rank(next));
      }
      // and it ends at the latest status it was ever offered
      assert.equal(rank(current), highest);
    }),
  );
});

test("property: container statuses obey the same rule, and advance agrees with later", () => {
  fc.assert(
    fc.property(fc.constantFrom(...CONTAINER_STATUSES), fc.constantFrom(...CONTAINER_STATUSES), (a, b) => {
      const r = advance(a, b);
      assert.equal(r.status, later(a, b));
      assert.equal(r.kind === "refused", rank(b) < rank(a));
    }),
  );
});
