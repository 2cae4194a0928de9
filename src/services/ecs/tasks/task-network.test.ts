import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { advance, rank, taskLastStatus, type ContainerView, type TaskStatus } from "./lifecycle.js";
import { TASK_NETWORK_STATES, attachmentStatusFor, laterAttachment, laterNetwork, type TaskNetworkState } from "./task-network.js";

const view = (name: string, lastStatus: ContainerView["lastStatus"], essential = true): ContainerView => ({
  name,
  image: "img",
  essential,
  dependsOn: [],
  hasHealthCheck: false,
  lastStatus,
  healthStatus: "UNKNOWN",
});

test("awsvpc: PROVISIONING until the network is attached, DEPROVISIONING until it is released", () => {
  assert.equal(taskLastStatus([view("app", "PENDING")], "RUNNING", "ATTACHING"), "PROVISIONING");
  assert.equal(taskLastStatus([view("app", "PENDING")], "RUNNING", "ATTACHED"), "PENDING");
  assert.equal(taskLastStatus([view("app", "RUNNING")], "RUNNING", "ATTACHED"), "RUNNING");
  assert.equal(taskLastStatus([view("app", "RUNNING")], "STOPPED", "ATTACHED"), "STOPPING");
  assert.equal(taskLastStatus([view("app", "STOPPED")], "STOPPED", "ATTACHED"), "DEPROVISIONING");
  assert.equal(taskLastStatus([view("app", "STOPPED")], "STOPPED", "DETACHING"), "DEPROVISIONING");
  assert.equal(taskLastStatus([view("app", "STOPPED")], "STOPPED", "DETACHED"), "STOPPED");
});

test("awsvpc: a network that never attached has nothing to tear down (setup failed, or stopped first)", () => {
  assert.equal(taskLastStatus([view("app", "STOPPED")], "RUNNING", "ATTACHING"), "STOPPED");
  assert.equal(taskLastStatus([view("app", "STOPPED")], "STOPPED", "ATTACHING"), "STOPPED");
});

test("awsvpc: an essential container exiting while the network is up deprovisions before STOPPED", () => {
  assert.equal(taskLastStatus([view("app", "STOPPED"), view("side", "STOPPED", false)], "RUNNING", "ATTACHED"), "DEPROVISIONING");
});

test("without a network (bridge, host, none) the statuses are the containers' alone", () => {
  assert.equal(taskLastStatus([view("app", "PENDING")], "RUNNING"), "PENDING");
  assert.equal(taskLastStatus([view("app", "STOPPED")], "STOPPED"), "STOPPED");
});

test("network states and attachment statuses only move forward", () => {
  assert.equal(laterNetwork("ATTACHED", "ATTACHING"), "ATTACHED");
  assert.equal(laterNetwork("ATTACHED", "DETACHING"), "DETACHING");
  assert.equal(laterAttachment("DETACHING", "ATTACHED"), "DETACHING");
  assert.equal(laterAttachment("PRECREATED", "ATTACHING"), "ATTACHING");
  assert.deepEqual(
    ["PROVISIONING", "PENDING", "RUNNING", "STOPPING", "DEPROVISIONING", "STOPPED"].map(attachmentStatusFor),
    ["ATTACHING", "ATTACHED", "ATTACHED", "ATTACHED", "DETACHING", "DELETED"],
  );
});

test("property: an awsvpc task's status, folded with advance, walks PROVISIONING … STOPPED in order", () => {
  // Events: the network moves on, the container starts or stops, the user stops the task.
  const event = fc.constantFrom("net", "start", "exit", "user-stop");
  fc.assert(
    fc.property(fc.array(event, { maxLength: 20 }), (events) => {
      let network: TaskNetworkState = "ATTACHING";
      let container: ContainerView["lastStatus"] = "PENDING";
      let desired: "RUNNING" | "STOPPED" = "RUNNING";
      let status: TaskStatus = "PROVISIONING";
      const seen: TaskStatus[] = [status];
      for (const e of events) {
        if (e === "net") network = laterNetwork(network, TASK_NETWORK_STATES[Math.min(3, TASK_NETWORK_STATES.indexOf(network) + 1)]!);
        // containers only start once the namespace is there (the agent waits for it)
        else if (e === "start" && container === "PENDING" && network === "ATTACHED" && desired === "RUNNING") container = "RUNNING";
        else if (e === "exit" && container !== "STOPPED" && network !== "ATTACHING") container = "STOPPED";
        else if (e === "user-stop") desired = "STOPPED";
        const next: TaskStatus = advance(status, taskLastStatus([view("app", container)], desired, network)).status;
        assert.ok(rank(next) >= rank(status));
        if (next !== status) seen.push(next);
        status = next;
        // never STOPPED while the network it attached is still up
        if (status === "STOPPED") assert.ok(network !== "ATTACHED" && network !== "DETACHING");
      }
      // DEPROVISIONING is only ever between the containers stopping and STOPPED
      const d = seen.indexOf("DEPROVISIONING");
      if (d >= 0) assert.ok(seen.slice(d + 1).every((s) => s === "STOPPED"));
    }),
  );
});
