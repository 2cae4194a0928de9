import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  containerExitFields,
  nextContainerActions,
  nextDependencyDeadline,
  taskHealth,
  taskLastStatus,
  userStop,
  advance,
  rank,
  type ContainerView,
  type ContainerStatus,
  type LifecycleAction,
  type TaskStatus,
} from "./lifecycle.js";

const NOW = new Date("2024-05-01T12:00:00Z");
const EARLIER = new Date("2024-05-01T11:59:00Z");

function c(name: string, extra: Partial<ContainerView> = {}): ContainerView {
  return {
    name,
    image: `img/${name}`,
    essential: true,
    dependsOn: [],
    hasHealthCheck: false,
    lastStatus: "PENDING",
    healthStatus: "UNKNOWN",
    ...extra,
  };
}
const running = (name: string, extra: Partial<ContainerView> = {}) =>
  c(name, { lastStatus: "RUNNING", startedAt: EARLIER, ...extra });
const exited = (name: string, exitCode: number, extra: Partial<ContainerView> = {}) =>
  c(name, { lastStatus: "STOPPED", startedAt: EARLIER, exitCode, ...extra });
const kinds = (as: LifecycleAction[]) => as.map((a) => `${a.kind}:${"name" in a ? a.name : a.stopCode}`);

test("containers without dependencies all start at once", () => {
  assert.deepEqual(kinds(nextContainerActions({ desiredStatus: "RUNNING" }, [c("a"), c("b")], NOW)), [
    "start-container:a",
    "start-container:b",
  ]);
});

test("START waits for the dependency to run, then starts", () => {
  const app = c("app", { dependsOn: [{ containerName: "db", condition: "START" }] });
  assert.deepEqual(kinds(nextContainerActions({ desiredStatus: "RUNNING" }, [c("db"), app], NOW)), ["start-container:db"]);
  assert.deepEqual(kinds(nextContainerActions({ desiredStatus: "RUNNING" }, [running("db"), app], NOW)), [
    "start-container:app",
  ]);
});

test("COMPLETE starts after any exit, SUCCESS only after exit 0", () => {
  const onComplete = c("app", { dependsOn: [{ containerName: "init", condition: "COMPLETE" }] });
  const init = (code: number) => exited("init", code, { essential: false });
  assert.deepEqual(kinds(nextContainerActions({ desiredStatus: "RUNNING" }, [running("init", { essential: false }), onComplete], NOW)), []);
  assert.deepEqual(kinds(nextContainerActions({ desiredStatus: "RUNNING" }, [init(3), onComplete], NOW)), ["start-container:app"]);
  const onSuccess = c("app", { dependsOn: [{ containerName: "init", condition: "SUCCESS" }] });
  assert.deepEqual(kinds(nextContainerActions({ desiredStatus: "RUNNING" }, [init(0), onSuccess], NOW)), ["start-container:app"]);
});

test("SUCCESS dependency exiting non-zero fails the task to start with the agent's dependency error", () => {
  const app = c("app", { dependsOn: [{ containerName: "init", condition: "SUCCESS" }] });
  const actions = nextContainerActions({ desiredStatus: "RUNNING" }, [exited("init", 1, { essential: false }), app], NOW);
  const reason =
    "CannotStartContainerError: dependency graph: failed to resolve container ordering dependency " +
    "[init(img/init) (STOPPED->RUNNING) - Exit: 1] for target [app(img/app) (NONE->RUNNING)] as dependency did not exit successfully.";
  assert.deepEqual(actions, [
    { kind: "abandon-container", name: "app", stoppedAt: NOW, exitCode: 143, reason },
    { kind: "stop-task", stopCode: "TaskFailedToStart", stoppedReason: reason, stoppingAt: NOW },
  ]);
});

test("a non-essential container with an unresolvable dependency is abandoned and the task goes on", () => {
  const side = c("side", { essential: false, dependsOn: [{ containerName: "init", condition: "SUCCESS" }] });
  const actions = nextContainerActions({ desiredStatus: "RUNNING" }, [exited("init", 2, { essential: false }), side, c("web")], NOW);
  assert.deepEqual(kinds(actions), ["abandon-container:side", "start-container:web"]);
});

test("an abandon cascades: a container depending on an abandoned one will never start", () => {
  const mid = c("mid", { essential: false, dependsOn: [{ containerName: "init", condition: "SUCCESS" }] });
  const top = c("top", { dependsOn: [{ containerName: "mid", condition: "START" }] });
  const actions = nextContainerActions({ desiredStatus: "RUNNING" }, [exited("init", 1, { essential: false }), mid, top], NOW);
  assert.deepEqual(kinds(actions), ["abandon-container:mid", "abandon-container:top", "stop-task:TaskFailedToStart"]);
  const topReason = actions.find((a) => a.kind === "abandon-container" && a.name === "top");
  assert.match(topReason?.kind === "abandon-container" ? topReason.reason ?? "" : "", /because dependency will never start$/);
});

test("HEALTHY waits for HEALTHY and fails when the dependency turns UNHEALTHY or exits", () => {
  const app = c("app", { dependsOn: [{ containerName: "db", condition: "HEALTHY" }] });
  const db = (extra: Partial<ContainerView>) => running("db", { hasHealthCheck: true, ...extra });
  assert.deepEqual(kinds(nextContainerActions({ desiredStatus: "RUNNING" }, [db({}), app], NOW)), []);
  assert.deepEqual(kinds(nextContainerActions({ desiredStatus: "RUNNING" }, [db({ healthStatus: "HEALTHY" }), app], NOW)), ["start-container:app"]);
  for (const bad of [db({ healthStatus: "UNHEALTHY" }), exited("db", 0, { essential: false, hasHealthCheck: true })]) {
    const actions = nextContainerActions({ desiredStatus: "RUNNING" }, [{ ...bad, essential: false }, app], NOW);
    assert.deepEqual(kinds(actions).slice(0, 2), ["abandon-container:app", "stop-task:TaskFailedToStart"]);
    const stop = actions.find((a) => a.kind === "stop-task");
    assert.match(stop?.kind === "stop-task" ? stop.stoppedReason : "", /as dependency did not become healthy\.$/);
  }
});

test("a dependency's startTimeout running out fails the dependent (measured with the given clock)", () => {
  const app = c("app", { dependsOn: [{ containerName: "db", condition: "HEALTHY" }] });
  const db = running("db", { essential: false, hasHealthCheck: true, startTimeout: 30, startedAt: new Date(NOW.getTime() - 31_000) });
  const actions = nextContainerActions({ desiredStatus: "RUNNING" }, [db, app], NOW);
  const stop = actions.find((a) => a.kind === "stop-task");
  assert.match(stop?.kind === "stop-task" ? stop.stoppedReason : "", /has timed out\.$/);
  const notYet = nextContainerActions({ desiredStatus: "RUNNING" }, [{ ...db, startedAt: new Date(NOW.getTime() - 29_000) }, app], NOW);
  assert.deepEqual(notYet, []);
});

test("the next dependency deadline: the earliest startedAt + startTimeout that a PENDING container waits on (never for START)", () => {
  const db = running("db", { essential: false, hasHealthCheck: true, startTimeout: 30, startedAt: EARLIER });
  const init = running("init", { essential: false, startTimeout: 5, startedAt: EARLIER });
  const app = c("app", { dependsOn: [{ containerName: "db", condition: "HEALTHY" }, { containerName: "init", condition: "SUCCESS" }] });
  assert.deepEqual(nextDependencyDeadline([db, init, app]), new Date(EARLIER.getTime() + 5_000));
  const onStart = c("app", { dependsOn: [{ containerName: "init", condition: "START" }] });
  assert.equal(nextDependencyDeadline([init, onStart]), undefined);
  assert.deepEqual(nextDependencyDeadline([{ ...init, lastStatus: "STOPPED" }, app, db]), new Date(EARLIER.getTime() + 30_000));
  assert.equal(nextDependencyDeadline([init, db, { ...app, lastStatus: "RUNNING" }]), undefined);
});

test("an essential container exiting stops the task with EssentialContainerExited and stops the rest", () => {
  const actions = nextContainerActions({ desiredStatus: "RUNNING" }, [exited("web", 0), running("sidecar", { essential: false })], NOW);
  assert.deepEqual(actions, [
    { kind: "stop-task", stopCode: "EssentialContainerExited", stoppedReason: "Essential container in task exited", stoppingAt: NOW },
    { kind: "stop-container", name: "sidecar" },
  ]);
});

test("a non-essential container exiting does not stop the task", () => {
  assert.deepEqual(nextContainerActions({ desiredStatus: "RUNNING" }, [running("web"), exited("job", 1, { essential: false })], NOW), []);
});

test("an OOM kill of an essential container: container reason OutOfMemoryError, task EssentialContainerExited", () => {
  const fields = containerExitFields({ kind: "exited", exitCode: 137, oomKilled: true });
  assert.deepEqual(fields, { exitCode: 137, reason: "OutOfMemoryError: Container killed due to memory usage" });
  const [stop] = nextContainerActions({ desiredStatus: "RUNNING" }, [c("web", { lastStatus: "STOPPED", startedAt: EARLIER, ...fields })], NOW);
  assert.equal(stop?.kind === "stop-task" ? stop.stopCode : undefined, "EssentialContainerExited");
});

test("an image pull failure stops the task with TaskFailedToStart and the CannotPullContainerError reason", () => {
  const fields = containerExitFields({ kind: "pull-failed", message: "pull access denied for nope, repository does not exist" });
  const actions = nextContainerActions({ desiredStatus: "RUNNING" }, [c("web", { lastStatus: "STOPPED", ...fields }), c("side", { essential: false })], NOW);
  assert.deepEqual(actions, [
    {
      kind: "stop-task",
      stopCode: "TaskFailedToStart",
      stoppedReason: "CannotPullContainerError: pull access denied for nope, repository does not exist",
      stoppingAt: NOW,
    },
    { kind: "abandon-container", name: "side", stoppedAt: NOW },
  ]);
});

test("StopTask: UserInitiated with the given reason, or 'Task stopped by user'", () => {
  assert.deepEqual(userStop("deploying", NOW), { stopCode: "UserInitiated", stoppedReason: "deploying", stoppingAt: NOW });
  assert.deepEqual(userStop(undefined, NOW), { stopCode: "UserInitiated", stoppedReason: "Task stopped by user", stoppingAt: NOW });
});

test("stopping goes in reverse dependency order and never starts anything", () => {
  const containers = [
    running("db"),
    running("app", { dependsOn: [{ containerName: "db", condition: "START" }] }),
    c("late", { essential: false, dependsOn: [{ containerName: "app", condition: "START" }] }),
  ];
  assert.deepEqual(kinds(nextContainerActions({ desiredStatus: "STOPPED" }, containers, NOW)), [
    "abandon-container:late",
    "stop-container:app",
  ]);
  const appDown = [containers[0]!, exited("app", 143), { ...containers[2]!, lastStatus: "STOPPED" as const }];
  assert.deepEqual(kinds(nextContainerActions({ desiredStatus: "STOPPED" }, appDown, NOW)), ["stop-container:db"]);
});

test("taskLastStatus follows the agent: minimum of containers, exited non-essential ones don't hold it back", () => {
  assert.equal(taskLastStatus([c("a"), running("b")], "RUNNING"), "PENDING");
  assert.equal(taskLastStatus([running("a"), running("b")], "RUNNING"), "RUNNING");
  assert.equal(taskLastStatus([running("a"), exited("job", 0, { essential: false })], "RUNNING"), "RUNNING");
  assert.equal(taskLastStatus([exited("a", 0), running("b", { essential: false })], "RUNNING"), "PENDING");
  assert.equal(taskLastStatus([running("a"), exited("b", 0)], "STOPPED"), "STOPPING");
  assert.equal(taskLastStatus([exited("a", 0), exited("b", 0)], "STOPPED"), "STOPPED");
  // combined with advance, the "hold" above never takes a RUNNING task back
  assert.equal(advance("RUNNING", taskLastStatus([exited("a", 0), running("b", { essential: false })], "RUNNING")).status, "RUNNING");
});

test("taskHealth aggregates essential containers with health checks", () => {
  const hc = (name: string, healthStatus: ContainerView["healthStatus"], essential = true) =>
    running(name, { hasHealthCheck: true, healthStatus, essential });
  assert.equal(taskHealth([running("a")]), "UNKNOWN");
  assert.equal(taskHealth([hc("a", "HEALTHY"), running("b")]), "HEALTHY");
  assert.equal(taskHealth([hc("a", "HEALTHY"), hc("b", "UNKNOWN")]), "UNKNOWN");
  assert.equal(taskHealth([hc("a", "UNKNOWN"), hc("b", "UNHEALTHY")]), "UNHEALTHY");
  assert.equal(taskHealth([hc("a", "HEALTHY"), hc("b", "UNHEALTHY", false)]), "HEALTHY");
});

// Simulate the agent: apply actions, let containers exit at random, and check the safety rules.
test("property: driving a task to the end never moves a status backwards and starts nothing after a stop", () => {
  const conditions = ["START", "COMPLETE", "SUCCESS", "HEALTHY"] as const;
  const arbTask = fc
    .array(
      fc.record({
        essential: fc.boolean(),
        hasHealthCheck: fc.boolean(),
        deps: fc.array(fc.record({ to: fc.nat(), condition: fc.constantFrom(...conditions) }), { maxLength: 2 }),
      }),
      { minLength: 1, maxLength: 5 },
    )
    .map((specs) =>
      specs.map((s, i): ContainerView =>
        c(`c${i}`, {
          essential: i === 0 ? true : s.essential,
          hasHealthCheck: s.hasHealthCheck,
          // only depend on earlier containers: no cycles, as RegisterTaskDefinition guarantees
          dependsOn: i === 0 ? [] : s.deps.map((d) => ({ containerName: `c${d.to % i}`, condition: d.condition })),
        }),
      ),
    );
  const arbEvents = fc.array(
    fc.record({ who: fc.nat(), what: fc.constantFrom("exit0", "exit1", "healthy", "unhealthy", "user-stop", "nothing") }),
    { maxLength: 30 },
  );
  fc.assert(
    fc.property(arbTask, arbEvents, (initial, events) => {
      let containers = initial;
      let desired: "RUNNING" | "STOPPED" = "RUNNING";
      let taskStatus: TaskStatus = "PENDING";
      const set = (name: string, patch: Partial<ContainerView>) => {
        containers = containers.map((x) => {
          if (x.name !== name) return x;
          const next = { ...x, ...patch };
          // container statuses only move forward
          assert.ok(rank(next.lastStatus) >= rank(x.lastStatus), `${name}: ${x.lastStatus} -> ${next.lastStatus}`);
          return next;
        });
      };
      const step = () => {
        for (const a of nextContainerActions({ desiredStatus: desired }, containers, NOW)) {
          if (a.kind === "start-container") {
            assert.equal(desired, "RUNNING", "started a container while stopping");
            set(a.name, { lastStatus: "RUNNING", startedAt: NOW });
          } else if (a.kind === "stop-container") set(a.name, { lastStatus: "STOPPED", exitCode: 143 });
          else if (a.kind === "abandon-container") set(a.name, { lastStatus: "STOPPED", exitCode: a.exitCode, reason: a.reason });
          else desired = "STOPPED";
        }
        const derived = advance(taskStatus, taskLastStatus(containers, desired));
        assert.ok(rank(derived.status) >= rank(taskStatus));
        taskStatus = derived.status;
      };
      step();
      for (const e of events) {
        const target = containers[e.who % containers.length]!;
        if (e.what === "user-stop") desired = "STOPPED";
        else if (target.lastStatus === "RUNNING" && (e.what === "exit0" || e.what === "exit1"))
          set(target.name, { lastStatus: "STOPPED" as ContainerStatus, exitCode: e.what === "exit0" ? 0 : 1 });
        else if (target.lastStatus === "RUNNING" && target.hasHealthCheck && e.what === "healthy") set(target.name, { healthStatus: "HEALTHY" });
        else if (target.lastStatus === "RUNNING" && target.hasHealthCheck && e.what === "unhealthy") set(target.name, { healthStatus: "UNHEALTHY" });
        step();
      }
      // Once stopped, a few passes bring every container down and the task to STOPPED.
      desired = "STOPPED";
      for (let i = 0; i <= containers.length; i++) step();
      assert.ok(containers.every((x) => x.lastStatus === "STOPPED"));
      assert.equal(taskStatus, "STOPPED");
    }),
  );
});
