// The task runner on the real Docker engine with the local busybox image. Tests wait on reports,
// never on fixed sleeps; every container this file makes carries this run's instance label and is
// removed in `after`, pass or fail, which then checks that none is left.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { DockerRuntime } from "../runtime/docker-runtime.js";
import { ensureBusyboxImage } from "../../../test/support/busybox-image.js";
import { agentFilter } from "./labels.js";
import { TaskRunner } from "./task-runner.js";
import { ReportLog, assignedTask, stopped, testIdentity } from "./test-support.js";

describe("TaskRunner on Docker", () => {
  const runtime = new DockerRuntime();
  const identity = testIdentity();
  const log = new ReportLog();
  let runner: TaskRunner;
  let image: string;

  before(async () => {
    image = await ensureBusyboxImage(runtime.docker);
    runner = new TaskRunner({ runtime, identity, onReport: log.onReport, defaultStopTimeoutSeconds: 2 });
    await runner.ready;
  });

  after(async () => {
    await runner?.close();
    for (const c of await runtime.listContainers(agentFilter(identity))) await runtime.removeContainer(c.id);
    assert.deepEqual(await runtime.listContainers(agentFilter(identity)), [], "containers left behind");
  });

  const c = (name: string, extra: Record<string, unknown> = {}) => ({ name, image, memory: 64, ...extra });

  it("an essential container's `exit 3` stops the task: exit code 3, EssentialContainerExited", async () => {
    const task = assignedTask([c("main", { command: ["sh", "-c", "exit 3"] })]);
    runner.apply(task);
    const r = await log.status(task.taskArn, "STOPPED");
    assert.equal(r.stopCode, "EssentialContainerExited");
    assert.equal(r.stoppedReason, "Essential container in task exited");
    const main = r.containers[0]!;
    assert.equal(main.exitCode, 3);
    assert.match(main.runtimeId!, /^[0-9a-f]{64}$/);
    assert.match(main.imageDigest!, /^sha256:/);
    assert.ok(r.executionStoppedAt !== undefined && r.pullStoppedAt !== undefined);
    await runner.remove(task.taskArn);
  });

  it("a bridge task with hostPort 0 is reachable from the host on 127.0.0.1:<reported hostPort>", async () => {
    const task = assignedTask([
      c("web", {
        command: ["sh", "-c", "echo berth-ok > /tmp/index.html && exec httpd -f -p 8080 -h /tmp"],
        portMappings: [{ containerPort: 8080, hostPort: 0, protocol: "tcp" }],
      }),
    ]);
    runner.apply(task);
    const r = await log.status(task.taskArn, "RUNNING");
    const [binding] = r.containers[0]!.networkBindings;
    assert.ok(binding !== undefined, "a network binding");
    assert.equal(binding.bindIP, "127.0.0.1");
    assert.equal(binding.containerPort, 8080);
    assert.ok(binding.hostPort > 0);
    // httpd may take a moment after the start event to listen: retry until a deadline.
    let body: string | undefined;
    const deadline = Date.now() + 10_000;
    while (body === undefined) {
      try {
        const res = await fetch(`http://127.0.0.1:${binding.hostPort}/`);
        body = await res.text();
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((res) => setTimeout(res, 50));
      }
    }
    assert.equal(body.trim(), "berth-ok");
    runner.apply(stopped(task));
    await log.status(task.taskArn, "STOPPED");
    await runner.remove(task.taskArn);
  });

  it("awsvpc: the task's own loopback address reaches the container; the task's containers share localhost", async () => {
    const address = `127.77.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`;
    const task = assignedTask(
      [
        c("web", {
          command: ["sh", "-c", "echo berth-vpc > /tmp/index.html && exec httpd -f -p 8080 -h /tmp"],
          portMappings: [{ containerPort: 8080 }],
        }),
        // Exits 0 once it has read the page over the shared localhost.
        c("probe", { essential: false, command: ["sh", "-c", "until nc 127.0.0.1 8080 </dev/null; do sleep 0.1; done"] }),
      ],
      { networkMode: "awsvpc", privateIpv4Address: address },
    );
    runner.apply(task);
    // The probe's exit and web's start arrive as separate events: wait for the report that has both.
    const r = await log.waitFor(
      task.taskArn,
      (x) => x.containers.find((k) => k.name === "probe")!.exitCode === 0 && x.lastStatus === "RUNNING",
      "probe reached localhost while the task runs",
    );
    assert.equal(r.containers.find((k) => k.name === "web")!.lastStatus, "RUNNING");
    let body: string | undefined;
    const deadline = Date.now() + 10_000;
    while (body === undefined) {
      try {
        body = await (await fetch(`http://${address}:8080/`)).text();
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((res) => setTimeout(res, 50));
      }
    }
    assert.equal(body.trim(), "berth-vpc");
    runner.apply(stopped(task));
    await log.status(task.taskArn, "STOPPED");
    await runner.remove(task.taskArn);
  });

  it("dependsOn SUCCESS: the init container exits 0 before the app starts", async () => {
    const task = assignedTask([
      c("app", {
        command: ["sh", "-c", "trap 'exit 0' TERM; sleep 300 & wait"],
        dependsOn: [{ containerName: "init", condition: "SUCCESS" }],
      }),
      c("init", { essential: false, command: ["sh", "-c", "exit 0"] }),
    ]);
    runner.apply(task);
    const r = await log.status(task.taskArn, "RUNNING");
    const init = r.containers.find((x) => x.name === "init")!;
    const app = r.containers.find((x) => x.name === "app")!;
    assert.equal(init.lastStatus, "STOPPED");
    assert.equal(init.exitCode, 0);
    assert.equal(app.lastStatus, "RUNNING");
    assert.ok(app.startedAt! >= init.finishedAt!, "app started after init finished");
    runner.apply(stopped(task));
    await log.status(task.taskArn, "STOPPED");
    await runner.remove(task.taskArn);
  });

  it("StopTask stops a container that ignores SIGTERM within the 2 s stop timeout and reports STOPPED", async () => {
    const task = assignedTask([c("stubborn", { command: ["sh", "-c", "trap '' TERM; while :; do sleep 1; done"] })]);
    runner.apply(task);
    await log.status(task.taskArn, "RUNNING");
    const asked = Date.now();
    runner.apply(stopped(task, "by test"));
    const r = await log.status(task.taskArn, "STOPPED", 15_000);
    assert.equal(r.stopCode, "UserInitiated");
    assert.equal(r.stoppedReason, "by test");
    assert.equal(r.containers[0]!.exitCode, 137, "SIGKILL after the stop timeout");
    // Not a timing assertion on speed: it bounds the stop by the stop timeout (2 s) plus slack,
    // far below the 30 s default it would take if the configured default were ignored.
    assert.ok(r.executionStoppedAt! - asked < 15_000);
    await runner.remove(task.taskArn);
  });
});
