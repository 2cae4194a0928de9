import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { activationOnStop, agentDesiredStatus, agentStatusOf, laterActivation, restatus, shownStatus, type Activation } from "./activation.js";
import { rank, TASK_STATUSES, type TaskStatus } from "./statuses.js";

const activations: Activation[] = [{ kind: "activating" }, { kind: "active" }, { kind: "deactivating" }, { kind: "deactivating", until: 5 }, { kind: "released" }];

test("shownStatus: the agent's RUNNING is ACTIVATING until registered, RUNNING when active, DEACTIVATING once stopped", () => {
  assert.equal(shownStatus("RUNNING", { kind: "activating" }), "ACTIVATING");
  assert.equal(shownStatus("RUNNING", { kind: "active" }), "RUNNING");
  assert.equal(shownStatus("RUNNING", { kind: "deactivating", until: 5 }), "DEACTIVATING");
  assert.equal(shownStatus("RUNNING", { kind: "released" }), "DEACTIVATING", "until the agent says it is stopping");
  assert.equal(shownStatus("STOPPING", { kind: "released" }), "STOPPING");
  assert.equal(shownStatus("PENDING", { kind: "activating" }), "PENDING");
  assert.equal(shownStatus("STOPPED", { kind: "deactivating" }), "STOPPED", "a container that dies mid-drain stops the task");
});

test("shownStatus: a task without activation (RunTask, a service without registrations) shows the agent's status", () => {
  for (const s of TASK_STATUSES) assert.equal(shownStatus(s, undefined), s);
});

test("agentStatusOf undoes shownStatus", () => {
  for (const a of activations) for (const s of TASK_STATUSES.filter((x) => x !== "ACTIVATING" && x !== "DEACTIVATING")) assert.equal(agentStatusOf(shownStatus(s, a)), s);
});

test("restatus: activating then active moves ACTIVATING to RUNNING; nothing moves a status back", () => {
  assert.equal(restatus("ACTIVATING", { kind: "active" }), "RUNNING");
  assert.equal(restatus("RUNNING", { kind: "deactivating" }), "DEACTIVATING");
  assert.equal(restatus("ACTIVATING", { kind: "deactivating" }), "DEACTIVATING");
  assert.equal(restatus("PENDING", { kind: "active" }), "PENDING");
  assert.equal(restatus("STOPPING", { kind: "activating" }), "STOPPING");
  assert.equal(restatus("DEACTIVATING", { kind: "active" }), "DEACTIVATING");
});

test("agentDesiredStatus: a draining task is still RUNNING to its agent; released, it is STOPPED", () => {
  assert.equal(agentDesiredStatus("STOPPED", { kind: "deactivating", until: 9 }), "RUNNING");
  assert.equal(agentDesiredStatus("STOPPED", { kind: "deactivating" }), "RUNNING");
  assert.equal(agentDesiredStatus("STOPPED", { kind: "released" }), "STOPPED");
  assert.equal(agentDesiredStatus("STOPPED", undefined), "STOPPED");
  assert.equal(agentDesiredStatus("RUNNING", { kind: "activating" }), "RUNNING");
});

test("activationOnStop: running containers drain first; a task that never ran is released at once", () => {
  assert.deepEqual(activationOnStop({ kind: "active" }, "RUNNING"), { kind: "deactivating" });
  assert.deepEqual(activationOnStop({ kind: "activating" }, "ACTIVATING"), { kind: "deactivating" });
  assert.deepEqual(activationOnStop({ kind: "activating" }, "PENDING"), { kind: "released" });
  assert.deepEqual(activationOnStop({ kind: "deactivating", until: 7 }, "DEACTIVATING"), { kind: "deactivating", until: 7 });
  assert.deepEqual(activationOnStop({ kind: "released" }, "DEACTIVATING"), { kind: "released" });
  assert.equal(activationOnStop(undefined, "RUNNING"), undefined);
});

test("laterActivation: forward only, and a drain's until once set is kept", () => {
  assert.deepEqual(laterActivation({ kind: "active" }, { kind: "activating" }), { kind: "active" });
  assert.deepEqual(laterActivation({ kind: "deactivating" }, { kind: "deactivating", until: 10 }), { kind: "deactivating", until: 10 });
  assert.deepEqual(laterActivation({ kind: "deactivating", until: 10 }, { kind: "deactivating", until: 99 }), { kind: "deactivating", until: 10 });
  assert.deepEqual(laterActivation({ kind: "released" }, { kind: "deactivating", until: 1 }), { kind: "released" });
  assert.deepEqual(laterActivation(undefined, { kind: "activating" }), { kind: "activating" });
});

test("property: any sequence of activation changes and agent reports shows statuses that never go back", () => {
  const step = fc.oneof(
    fc.constantFrom(...activations).map((a) => ({ kind: "activation" as const, a })),
    fc.constantFrom(...TASK_STATUSES.filter((s) => s !== "ACTIVATING" && s !== "DEACTIVATING")).map((s) => ({ kind: "report" as const, s })),
  );
  fc.assert(
    fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
      let activation: Activation | undefined = { kind: "activating" };
      let shown: TaskStatus = "PENDING";
      for (const x of steps) {
        const before = shown;
        if (x.kind === "activation") {
          activation = laterActivation(activation, x.a);
          shown = restatus(shown, activation);
        } else {
          const next = shownStatus(x.s, activation);
          if (rank(next) > rank(shown)) shown = next;
        }
        assert.ok(rank(shown) >= rank(before));
      }
    }),
  );
});
