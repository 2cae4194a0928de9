// The task runner on the in-memory FakeRuntime: ordering, stops, failures, health, OOM. Fast.
// Fake containers play their part by command: ["exit", N] ends with N at once, ["oom"] is killed by
// the OOM killer (["oom-late"]: its oom event comes after its die event); a health check whose test
// is ["CMD", "healthy"|"unhealthy"] reaches that status.
import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { FakeRuntime } from "../runtime/fake-runtime.js";
import type { ContainerEvent, ContainerSpec } from "../runtime/runtime.js";
import { LABEL_ROLE } from "./labels.js";
import { TaskRunner } from "./task-runner.js";
import { ReportLog, assignedTask, stopped, testIdentity } from "./test-support.js";

const IMAGE = "busybox:test";

function setup(opts: { stopTimeout?: number } = {}) {
  const runtime = new FakeRuntime({
    images: [IMAGE],
    behaviour: {
      onStart(spec: ContainerSpec) {
        const cmd = spec.command ?? [];
        if (cmd[0] === "exit") return { exitCode: Number(cmd[1]) };
        if (cmd[0] === "oom") return { exitCode: 137, oom: true };
        if (cmd[0] === "oom-late") return { exitCode: 137, oom: true, oomAfterDie: true };
        return undefined;
      },
      healthAfterStart(spec: ContainerSpec) {
        const t = spec.healthcheck?.test[1];
        return t === "healthy" || t === "unhealthy" ? t : undefined;
      },
    },
  });
  const started: string[] = [];
  const stoppedOrder: string[] = [];
  const stopTimeouts: number[] = [];
  const names = new Map<string, string>();
  const create = runtime.createContainer.bind(runtime);
  runtime.createContainer = async (spec) => {
    const id = await create(spec);
    names.set(id, spec.labels?.["com.amazonaws.ecs.container-name"] ?? "");
    return id;
  };
  const start = runtime.startContainer.bind(runtime);
  runtime.startContainer = async (id) => {
    started.push(names.get(id) ?? id);
    return start(id);
  };
  const stop = runtime.stopContainer.bind(runtime);
  runtime.stopContainer = async (id, t) => {
    stoppedOrder.push(names.get(id) ?? id);
    stopTimeouts.push(t);
    return stop(id, t);
  };
  const log = new ReportLog();
  const identity = testIdentity();
  const runner = new TaskRunner({ runtime, identity, onReport: log.onReport, defaultStopTimeoutSeconds: opts.stopTimeout });
  runners.push(runner);
  return { runtime, runner, log, started, stoppedOrder, stopTimeouts, identity };
}

const runners: TaskRunner[] = [];
afterEach(async () => {
  for (const r of runners.splice(0)) await r.close();
});

const c = (name: string, extra: Record<string, unknown> = {}) => ({ name, image: IMAGE, memory: 64, ...extra });

describe("TaskRunner on the fake runtime", () => {
  it("starts containers in dependsOn order: an init container exits 0 (SUCCESS) before the app starts", async () => {
    const { runner, log, started } = setup();
    const task = assignedTask([
      c("app", { dependsOn: [{ containerName: "init", condition: "SUCCESS" }] }),
      c("init", { essential: false, command: ["exit", "0"] }),
    ]);
    runner.apply(task);
    const running = await log.status(task.taskArn, "RUNNING");
    assert.deepEqual(started, ["init", "app"]);
    const init = running.containers.find((x) => x.name === "init")!;
    const app = running.containers.find((x) => x.name === "app")!;
    assert.equal(init.lastStatus, "STOPPED");
    assert.equal(init.exitCode, 0);
    assert.equal(app.lastStatus, "RUNNING");
    assert.ok(app.startedAt! >= init.finishedAt!);
    assert.ok(running.startedAt !== undefined && running.pullStartedAt !== undefined && running.pullStoppedAt !== undefined);
    // PENDING came first, and the status never went back.
    const statuses = log.of(task.taskArn).map((r) => r.lastStatus);
    assert.equal(statuses[0], "PENDING");
    assert.ok(!statuses.slice(statuses.indexOf("RUNNING")).includes("PENDING"));
  });

  it("an essential container exiting stops its siblings: EssentialContainerExited", async () => {
    const { runner, log } = setup();
    const task = assignedTask([c("main", { command: ["exit", "3"] }), c("side", { essential: false })]);
    runner.apply(task);
    const r = await log.status(task.taskArn, "STOPPED");
    assert.equal(r.stopCode, "EssentialContainerExited");
    assert.equal(r.stoppedReason, "Essential container in task exited");
    assert.equal(r.containers.find((x) => x.name === "main")!.exitCode, 3);
    const side = r.containers.find((x) => x.name === "side")!;
    assert.equal(side.lastStatus, "STOPPED");
    assert.equal(side.exitCode, 143);
    assert.ok(r.executionStoppedAt !== undefined);
  });

  for (const first of ["the engine's answer", "the start event"] as const) {
    it(`one inspect per container start, whichever comes first: ${first}`, async () => {
      const { runner, log, runtime } = setup();
      const delivered: string[] = [];
      const events = runtime.events.bind(runtime);
      const inspected: string[] = [];
      const inspect = runtime.inspectContainer.bind(runtime);
      runtime.inspectContainer = async (id) => (inspected.push(id), inspect(id));
      const start = runtime.startContainer.bind(runtime);
      runtime.startContainer = async (id) => {
        await start(id);
        // The fake sends its event on the next turn: hold the answer until it has come.
        if (first === "the start event") while (!delivered.includes(id)) await new Promise((r) => setImmediate(r));
      };
      await runner.close(); // setup's runner: this test's watches the start events it is sent
      runtime.events = (f, on) => events(f, (e: ContainerEvent) => (e.kind === "start" && delivered.push(e.id), on(e)));
      const counted = new TaskRunner({ runtime, identity: testIdentity(), onReport: log.onReport });
      runners.push(counted);
      const task = assignedTask([c("main")]);
      counted.apply(task);
      const id = (await log.status(task.taskArn, "RUNNING")).containers[0]!.runtimeId!;
      while (!delivered.includes(id)) await new Promise((r) => setImmediate(r));
      // The event's handling is on the task's chain by now: once the chain is idle, it is done.
      await (counted as unknown as { tasks: Map<string, { chain: Promise<void> }> }).tasks.get(task.taskArn)!.chain;
      assert.deepEqual(inspected.filter((x) => x === id), [id]);
    });
  }

  it("a non-essential container exiting leaves the task RUNNING", async () => {
    const { runner, log, runtime } = setup();
    const task = assignedTask([c("main"), c("side", { essential: false, command: ["exit", "1"] })]);
    runner.apply(task);
    await log.waitFor(task.taskArn, (r) => r.containers.find((x) => x.name === "side")!.lastStatus === "STOPPED", "side stopped");
    const r = log.latest(task.taskArn)!;
    assert.equal(r.lastStatus, "RUNNING");
    assert.equal(r.stopCode, undefined);
    assert.equal(r.containers.find((x) => x.name === "main")!.lastStatus, "RUNNING");
    const main = r.containers.find((x) => x.name === "main")!;
    assert.equal((await runtime.inspectContainer(main.runtimeId!)).running, true);
  });

  it("an image that cannot be pulled fails the task: TaskFailedToStart, CannotPullContainerError", async () => {
    const { runner, log, started } = setup();
    const task = assignedTask([c("main", { image: "nowhere/missing:1" }), c("side", { essential: false })]);
    runner.apply(task);
    const r = await log.status(task.taskArn, "STOPPED");
    assert.equal(r.stopCode, "TaskFailedToStart");
    assert.match(r.stoppedReason!, /^CannotPullContainerError: pull access denied for nowhere\/missing/);
    assert.match(r.containers.find((x) => x.name === "main")!.reason!, /^CannotPullContainerError: /);
    assert.ok(r.pullStartedAt !== undefined && r.pullStoppedAt! >= r.pullStartedAt!);
    assert.deepEqual(started, []);
  });

  it("StopTask stops containers in reverse dependency order with the default stop timeout, keeping the stop code", async () => {
    const { runner, log, stoppedOrder, stopTimeouts } = setup({ stopTimeout: 2 });
    const task = assignedTask([
      c("app", { dependsOn: [{ containerName: "db", condition: "START" }] }),
      c("db", { stopTimeout: 7 }),
    ]);
    runner.apply(task);
    await log.status(task.taskArn, "RUNNING");
    runner.apply(stopped(task, "by test"));
    const r = await log.status(task.taskArn, "STOPPED");
    assert.deepEqual(stoppedOrder, ["app", "db"]);
    assert.deepEqual(stopTimeouts, [2, 7]);
    assert.equal(r.stopCode, "UserInitiated");
    assert.equal(r.stoppedReason, "by test");
    assert.equal(r.version, 2);
    assert.ok(r.executionStoppedAt !== undefined);
  });

  it("a task assigned already STOPPED never starts a container", async () => {
    const { runner, log, started } = setup();
    const task = { ...assignedTask([c("main")]), desiredStatus: "STOPPED" as const, stopCode: "UserInitiated", stoppedReason: "early" };
    runner.apply(task);
    const r = await log.status(task.taskArn, "STOPPED");
    assert.equal(r.stoppedReason, "early");
    assert.deepEqual(started, []);
  });

  it("reports container and task health from the health check", async () => {
    const { runner, log } = setup();
    const task = assignedTask([c("main", { healthCheck: { command: ["CMD", "healthy"] } })]);
    runner.apply(task);
    const r = await log.waitFor(task.taskArn, (x) => x.healthStatus === "HEALTHY", "HEALTHY");
    assert.equal(r.containers[0]!.healthStatus, "HEALTHY");
    const bad = assignedTask([c("main", { healthCheck: { command: ["CMD", "unhealthy"] } })]);
    runner.apply(bad);
    await log.waitFor(bad.taskArn, (x) => x.healthStatus === "UNHEALTHY", "UNHEALTHY");
  });

  it("an OOM-killed container reports exit 137 with the OutOfMemoryError reason", async () => {
    const { runner, log } = setup();
    const task = assignedTask([c("main", { command: ["oom"] })]);
    runner.apply(task);
    const r = await log.status(task.taskArn, "STOPPED");
    assert.equal(r.containers[0]!.exitCode, 137);
    assert.equal(r.containers[0]!.reason, "OutOfMemoryError: Container killed due to memory usage");
    assert.equal(r.stopCode, "EssentialContainerExited");
  });

  it("an OOM kill whose oom event comes after its die event still gets the OutOfMemoryError reason", async () => {
    const { runner, log } = setup();
    const task = assignedTask([c("main", { command: ["oom-late"] })]);
    runner.apply(task);
    const r = await log.waitFor(task.taskArn, (x) => x.lastStatus === "STOPPED" && x.containers[0]!.reason !== undefined, "STOPPED with a reason");
    assert.equal(r.containers[0]!.exitCode, 137);
    assert.equal(r.containers[0]!.reason, "OutOfMemoryError: Container killed due to memory usage");
  });

  it("bridge ports are reported from inspect; apply is idempotent and older versions are ignored", async () => {
    const { runner, log, runtime, identity } = setup();
    const task = assignedTask([c("web", { portMappings: [{ containerPort: 8080 }, { containerPort: 53, hostPort: 5353, protocol: "udp" }] })]);
    runner.apply(task);
    runner.apply(task);
    const r = await log.status(task.taskArn, "RUNNING");
    const b = r.containers[0]!.networkBindings;
    assert.equal(b.length, 2);
    assert.deepEqual(b[1], { bindIP: "127.0.0.1", containerPort: 53, hostPort: 5353, protocol: "udp" });
    assert.ok(b[0]!.hostPort > 0 && b[0]!.bindIP === "127.0.0.1");
    runner.apply({ ...task, version: 0, desiredStatus: "STOPPED" });
    runner.apply(task);
    await runner.remove(task.taskArn).then(
      () => assert.fail("remove of a running task"),
      (e: Error) => assert.match(e.message, /not STOPPED/),
    );
    assert.equal(log.latest(task.taskArn)!.lastStatus, "RUNNING");
    assert.equal((await runtime.listContainers({ "berth.container-instance-arn": identity.containerInstanceArn })).length, 1);
  });

  it("awsvpc: a pause container publishes the ports on the task address and the containers join it", async () => {
    const { runner, log, runtime, identity } = setup();
    const task = assignedTask([c("web", { portMappings: [{ containerPort: 80 }] }), c("side")], {
      networkMode: "awsvpc",
      privateIpv4Address: "127.1.2.3",
    });
    runner.apply(task);
    const r = await log.status(task.taskArn, "RUNNING");
    const all = await runtime.listContainers({ "berth.container-instance-arn": identity.containerInstanceArn });
    const pause = all.find((x) => x.labels[LABEL_ROLE] === "pause")!;
    const ps = await runtime.inspectContainer(pause.id);
    assert.deepEqual(ps.ports, [{ containerPort: 80, protocol: "tcp", hostIp: "127.1.2.3", hostPort: 80 }]);
    assert.deepEqual(r.containers[0]!.networkBindings, []);
    runner.apply(stopped(task));
    await log.status(task.taskArn, "STOPPED");
    await runner.remove(task.taskArn);
    assert.deepEqual(await runtime.listContainers({ "berth.container-instance-arn": identity.containerInstanceArn }), []);
  });

  it("awsvpc: reports PROVISIONING until the pause container runs, DEPROVISIONING until it has stopped", async () => {
    const { runner, log, runtime, identity } = setup();
    const task = assignedTask([c("web"), c("side", { essential: false })], { networkMode: "awsvpc", privateIpv4Address: "127.1.2.4" });
    runner.apply(task);
    await log.status(task.taskArn, "RUNNING");
    runner.apply(stopped(task));
    const done = await log.status(task.taskArn, "STOPPED");
    const statuses = log.of(task.taskArn).map((r) => r.lastStatus).filter((s, i, all) => s !== all[i - 1]);
    assert.deepEqual(statuses, ["PROVISIONING", "PENDING", "RUNNING", "STOPPING", "DEPROVISIONING", "STOPPED"]);
    // PROVISIONING reports come before any app container exists; DEPROVISIONING ones after all stopped
    for (const r of log.of(task.taskArn)) {
      if (r.lastStatus === "PROVISIONING") assert.ok(r.containers.every((k) => k.runtimeId === undefined));
      if (r.lastStatus === "DEPROVISIONING") assert.ok(r.containers.every((k) => k.lastStatus === "STOPPED") && r.executionStoppedAt !== undefined);
    }
    const pause = (await runtime.listContainers({ "berth.container-instance-arn": identity.containerInstanceArn })).find((x) => x.labels[LABEL_ROLE] === "pause")!;
    assert.equal((await runtime.inspectContainer(pause.id)).running, false, "STOPPED only once the pause container has stopped");
    assert.ok(done.executionStoppedAt !== undefined);
  });

  it("awsvpc: a task whose network can't be set up goes from PROVISIONING to STOPPED (nothing to deprovision)", async () => {
    const { runner, log, runtime } = setup();
    const create = runtime.createContainer.bind(runtime);
    runtime.createContainer = async (spec) => {
      if (spec.labels?.[LABEL_ROLE] === "pause") throw new Error("no namespace for you");
      return create(spec);
    };
    const task = assignedTask([c("web"), c("side")], { networkMode: "awsvpc", privateIpv4Address: "127.1.2.5" });
    runner.apply(task);
    const done = await log.status(task.taskArn, "STOPPED");
    assert.equal(done.stopCode, "TaskFailedToStart");
    assert.deepEqual(log.of(task.taskArn).map((r) => r.lastStatus).filter((s, i, all) => s !== all[i - 1]), ["PROVISIONING", "STOPPED"]);
  });

  it("awsvpc with one container: no pause container; it publishes its ports on the task address itself", async () => {
    const { runner, log, runtime, identity } = setup();
    const task = assignedTask([c("web", { portMappings: [{ containerPort: 80 }] })], { networkMode: "awsvpc", privateIpv4Address: "127.1.2.6" });
    runner.apply(task);
    const r = await log.status(task.taskArn, "RUNNING");
    const all = await runtime.listContainers({ "berth.container-instance-arn": identity.containerInstanceArn });
    assert.deepEqual(all.map((x) => x.labels[LABEL_ROLE]), ["container"]);
    assert.deepEqual((await runtime.inspectContainer(all[0]!.id)).ports, [{ containerPort: 80, protocol: "tcp", hostIp: "127.1.2.6", hostPort: 80 }]);
    assert.deepEqual(r.containers[0]!.networkBindings, []);
    runner.apply(stopped(task));
    await log.status(task.taskArn, "STOPPED");
    // Its namespace ends with the container: nothing is left to deprovision.
    assert.deepEqual(log.of(task.taskArn).map((x) => x.lastStatus).filter((s, i, xs) => s !== xs[i - 1]), ["PROVISIONING", "PENDING", "RUNNING", "STOPPING", "STOPPED"]);
  });

  it("remove() deletes a stopped task's containers", async () => {
    const { runner, log, runtime, identity } = setup();
    const task = assignedTask([c("main", { command: ["exit", "0"] })]);
    runner.apply(task);
    await log.status(task.taskArn, "STOPPED");
    await runner.remove(task.taskArn);
    assert.deepEqual(await runtime.listContainers({ "berth.container-instance-arn": identity.containerInstanceArn }), []);
  });
});

describe("TaskRunner after a restart (adoption)", () => {
  it("adopts running containers without creating or starting any, and reports the ones that exited meanwhile", async () => {
    const first = setup();
    const task = assignedTask([c("web"), c("side", { essential: false })], { networkMode: "awsvpc", privateIpv4Address: "127.77.0.9" });
    first.runner.apply(task);
    const running = await first.log.status(task.taskArn, "RUNNING");
    first.runner.close(); // the agent dies; its containers go on
    const ids = Object.fromEntries(running.containers.map((k) => [k.name, k.runtimeId!]));
    first.runtime.exit(ids["side"]!, 3); // exits while no agent watches

    const log = new ReportLog();
    const created: string[] = [];
    const create = first.runtime.createContainer.bind(first.runtime);
    first.runtime.createContainer = async (spec) => (created.push(spec.name ?? ""), create(spec));
    const again = new TaskRunner({ runtime: first.runtime, identity: first.identity, onReport: log.onReport });
    runners.push(again);
    await again.ready;
    await again.takeStock();
    again.apply(task);
    const adopted = await log.waitFor(task.taskArn, (r) => r.containers.every((k) => k.runtimeId !== undefined && k.lastStatus !== "PENDING"), "adopted");
    assert.equal(adopted.lastStatus, "RUNNING");
    assert.deepEqual(Object.fromEntries(adopted.containers.map((k) => [k.name, k.runtimeId])), ids);
    const side = adopted.containers.find((k) => k.name === "side")!;
    assert.equal(side.lastStatus, "STOPPED");
    assert.equal(side.exitCode, 3);
    assert.deepEqual(created, []);
    assert.deepEqual(again.unclaimed(), []);

    // The adopted task is still managed: StopTask stops its containers.
    again.apply(stopped(task));
    await log.status(task.taskArn, "STOPPED");
  });

  it("adopts an awsvpc task of one container (no pause container): RUNNING, then STOPPED without deprovisioning", async () => {
    const first = setup();
    const task = assignedTask([c("web")], { networkMode: "awsvpc", privateIpv4Address: "127.77.0.10" });
    first.runner.apply(task);
    const running = await first.log.status(task.taskArn, "RUNNING");
    first.runner.close();
    const log = new ReportLog();
    const again = new TaskRunner({ runtime: first.runtime, identity: first.identity, onReport: log.onReport });
    runners.push(again);
    await again.ready;
    await again.takeStock();
    again.apply(task);
    const adopted = await log.status(task.taskArn, "RUNNING");
    assert.equal(adopted.containers[0]!.runtimeId, running.containers[0]!.runtimeId);
    again.apply(stopped(task));
    await log.status(task.taskArn, "STOPPED");
    assert.ok(!log.of(task.taskArn).some((r) => r.lastStatus === "PROVISIONING" || r.lastStatus === "DEPROVISIONING"));
  });

  it("an adopted task whose essential container exited meanwhile stops with EssentialContainerExited", async () => {
    const first = setup();
    const task = assignedTask([c("app"), c("helper")]);
    first.runner.apply(task);
    const running = await first.log.status(task.taskArn, "RUNNING");
    first.runner.close();
    first.runtime.exit(running.containers.find((k) => k.name === "app")!.runtimeId!, 2);

    const log = new ReportLog();
    const again = new TaskRunner({ runtime: first.runtime, identity: first.identity, onReport: log.onReport });
    runners.push(again);
    await again.ready;
    await again.takeStock();
    again.apply(task);
    const done = await log.status(task.taskArn, "STOPPED");
    assert.equal(done.stopCode, "EssentialContainerExited");
    assert.equal(done.containers.find((k) => k.name === "app")!.exitCode, 2);
  });

  it("containers of tasks no assignment claims are handed over as unclaimed, running or not", async () => {
    const first = setup();
    const live = assignedTask([c("a")]);
    const done = assignedTask([c("b", { command: ["exit", "0"] })]);
    first.runner.apply(live);
    first.runner.apply(done);
    await first.log.status(live.taskArn, "RUNNING");
    await first.log.status(done.taskArn, "STOPPED");
    first.runner.close();

    const again = new TaskRunner({ runtime: first.runtime, identity: first.identity, onReport: () => {} });
    runners.push(again);
    await again.ready;
    await again.takeStock();
    const rest = again.unclaimed().map((t) => [t.taskArn, t.running]).sort();
    assert.deepEqual(rest, [[live.taskArn, true], [done.taskArn, false]].sort());
    await again.remove(live.taskArn);
    assert.deepEqual(await first.runtime.listContainers({ "com.amazonaws.ecs.task-arn": live.taskArn }), []);
  });
});

describe("TaskRunner and privileged containers", () => {
  it("a privileged container fails to be created unless the agent allows it", async () => {
    const { runner, log } = setup();
    const task = assignedTask([c("root", { privileged: true })]);
    runner.apply(task);
    const r = await log.status(task.taskArn, "STOPPED");
    assert.match(r.containers[0]!.reason ?? "", /privileged containers are not allowed/);
    assert.equal(r.stopCode, "TaskFailedToStart");
  });
});

describe("TaskRunner and startTimeout", () => {
  it("a dependency that neither succeeds nor exits within its startTimeout stops the task, with no other event to wake it", async () => {
    const { runner, log, started } = setup();
    const task = assignedTask([
      c("app", { dependsOn: [{ containerName: "init", condition: "SUCCESS" }] }),
      c("init", { essential: false, startTimeout: 1 }),
    ]);
    runner.apply(task);
    const r = await log.status(task.taskArn, "STOPPED");
    assert.match(r.stoppedReason ?? "", /container ordering dependency \[init.*has timed out\.$/);
    assert.deepEqual(started, ["init"]);
  });
});
