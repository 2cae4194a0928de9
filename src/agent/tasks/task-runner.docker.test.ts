// The task runner on the real Docker engine with the local busybox image. Tests wait on reports,
// never on fixed sleeps; every container this file makes carries this run's instance label and is
// removed in `after`, pass or fail, which then checks that none is left.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DockerRuntime } from "../runtime/docker-runtime.js";
import { ensureBusyboxImage } from "../../../test/support/busybox-image.js";
import { agentFilter } from "./labels.js";
import { TaskRunner } from "./task-runner.js";
import { ReportLog, assignedTask, stopped, testIdentity } from "./test-support.js";
import { execIn } from "../../../test/support/docker-exec.js";

/** GET `url` until something answers (a server that has just started may not listen yet), within 10 s. */
async function fetchText(url: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await (await fetch(url)).text();
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await new Promise((res) => setTimeout(res, 50));
    }
  }
}

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
    // A test that failed before its task's cleanup leaves the task's volumes: they go too.
    await runtime.removeVolumes(agentFilter(identity));
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

  it("volumes: a task volume shared by mount points and volumesFrom, a host path bind-mounted read-only; the task's volume goes with its cleanup", async () => {
    const hostDir = mkdtempSync(path.join(os.tmpdir(), "berth-volume-"));
    try {
      writeFileSync(path.join(hostDir, "greeting"), "from-host");
      // Each reader exits 0 only when it sees what the writer (or the host) wrote; the writer's file
      // appears whole (renamed into place), so a reader never sees it empty.
      const waitRead = (file: string, want: string) => ["sh", "-c", `until [ -f ${file} ]; do sleep 0.1; done; [ "$(cat ${file})" = "${want}" ]`];
      const task = assignedTask(
        [
          c("writer", { command: ["sh", "-c", "echo -n shared > /data/f.tmp && mv /data/f.tmp /data/f; exec sleep 3600"], mountPoints: [{ sourceVolume: "data", containerPath: "/data" }] }),
          c("reader", { essential: false, command: waitRead("/mnt/f", "shared"), mountPoints: [{ sourceVolume: "data", containerPath: "/mnt", readOnly: true }] }),
          c("borrower", { essential: false, command: waitRead("/data/f", "shared"), volumesFrom: [{ sourceContainer: "writer", readOnly: true }] }),
          c("host", { essential: false, command: waitRead("/h/greeting", "from-host"), mountPoints: [{ sourceVolume: "hostdir", containerPath: "/h", readOnly: true }] }),
        ],
        { volumes: [{ name: "data" }, { name: "hostdir", host: { sourcePath: hostDir } }] },
      );
      runner.apply(task);
      const done = await log.waitFor(
        task.taskArn,
        (r) => ["reader", "borrower", "host"].every((n) => r.containers.find((k) => k.name === n)?.lastStatus === "STOPPED"),
        "the readers to finish",
      );
      for (const n of ["reader", "borrower", "host"]) assert.equal(done.containers.find((k) => k.name === n)!.exitCode, 0, `${n} read what was written`);
      runner.apply(stopped(task));
      await log.status(task.taskArn, "STOPPED");
      const volumeFilter = { label: [`com.amazonaws.ecs.task-arn=${task.taskArn}`] };
      assert.equal((await runtime.docker.listVolumes({ filters: volumeFilter })).Volumes?.length, 1);
      await runner.remove(task.taskArn);
      assert.equal((await runtime.docker.listVolumes({ filters: volumeFilter })).Volumes?.length ?? 0, 0);
    } finally {
      rmSync(hostDir, { recursive: true, force: true });
    }
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
    assert.equal((await fetchText(`http://${address}:8080/`)).trim(), "berth-vpc");
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

  const finish = async (task: ReturnType<typeof assignedTask>) => {
    runner.apply(stopped(task));
    await log.status(task.taskArn, "STOPPED");
    await runner.remove(task.taskArn);
  };

  it("health checks: a container turns HEALTHY, then UNHEALTHY when its check starts failing; the task's health follows", async () => {
    const task = assignedTask([
      c("web", {
        command: ["sh", "-c", "touch /tmp/ok; while [ ! -f /tmp/break ]; do sleep 0.2; done; rm /tmp/ok; exec sleep 3600"],
        healthCheck: { command: ["CMD-SHELL", "test -f /tmp/ok"], interval: 1, timeout: 1, retries: 1 },
        stopTimeout: 1,
      }),
    ]);
    runner.apply(task);
    const healthy = await log.waitFor(task.taskArn, (r) => r.healthStatus === "HEALTHY", "HEALTHY");
    assert.equal(healthy.containers[0]!.healthStatus, "HEALTHY");
    const id = healthy.containers[0]!.runtimeId!;
    assert.equal(await execIn(runtime.docker, id, ["touch", "/tmp/break"]), 0);
    const unhealthy = await log.waitFor(task.taskArn, (r) => r.healthStatus === "UNHEALTHY", "UNHEALTHY");
    assert.equal(unhealthy.containers[0]!.healthStatus, "UNHEALTHY");
    assert.equal(unhealthy.lastStatus, "RUNNING", "an unhealthy container is not stopped by the agent");
    await finish(task);
  });

  it("OOM: a container over its hard memory limit is killed and reported with ECS's OutOfMemoryError reason", async () => {
    const task = assignedTask([
      c("hog", { memory: 8, command: ["sh", "-c", "x=$(head -c 64000000 /dev/zero | tr '\\0' a); echo ${#x}"] }),
    ]);
    runner.apply(task);
    const r = await log.status(task.taskArn, "STOPPED", 30_000);
    const hog = r.containers[0]!;
    assert.equal(hog.exitCode, 137);
    assert.equal(hog.reason, "OutOfMemoryError: Container killed due to memory usage");
    assert.equal(r.stopCode, "EssentialContainerExited");
    await runner.remove(task.taskArn);
  });

  it("an image that can't be pulled fails the task with TaskFailedToStart and CannotPullContainerError", async () => {
    // A registry on a loopback port where nothing listens: the engine fails at once, nothing leaves the machine.
    const task = assignedTask([c("ghost", { image: "127.0.0.1:9/berth/nothing:1" })]);
    runner.apply(task);
    const r = await log.status(task.taskArn, "STOPPED");
    assert.equal(r.stopCode, "TaskFailedToStart");
    assert.match(r.containers[0]!.reason ?? "", /^CannotPullContainerError: /);
    assert.equal(r.containers[0]!.runtimeId, undefined);
    await runner.remove(task.taskArn);
  });

  it("a non-essential container's exit leaves the task RUNNING, with that container's exit code", async () => {
    const task = assignedTask([
      c("main", { command: ["sleep", "3600"], stopTimeout: 1 }),
      c("helper", { essential: false, command: ["sh", "-c", "exit 5"] }),
    ]);
    runner.apply(task);
    // The helper's exit and main's start are separate events: wait for the report that has both.
    const r = await log.waitFor(
      task.taskArn,
      (x) => x.containers.find((k) => k.name === "helper")!.exitCode === 5 && x.containers.find((k) => k.name === "main")!.lastStatus === "RUNNING",
      "helper exited while main runs",
    );
    assert.equal(r.lastStatus, "RUNNING");
    assert.equal(r.containers.find((k) => k.name === "main")!.lastStatus, "RUNNING");
    await finish(task);
  });

  it("dependsOn COMPLETE starts after a failed exit, HEALTHY after the check passes, START once started", async () => {
    const task = assignedTask([
      c("app", {
        command: ["sleep", "3600"],
        stopTimeout: 1,
        dependsOn: [
          { containerName: "migrate", condition: "COMPLETE" },
          { containerName: "db", condition: "HEALTHY" },
          { containerName: "cache", condition: "START" },
        ],
      }),
      c("migrate", { essential: false, command: ["sh", "-c", "exit 1"] }),
      c("db", { essential: false, command: ["sh", "-c", "sleep 1; touch /tmp/up; exec sleep 3600"], stopTimeout: 1, healthCheck: { command: ["CMD-SHELL", "test -f /tmp/up"], interval: 1, timeout: 1, retries: 1 } }),
      c("cache", { essential: false, command: ["sleep", "3600"], stopTimeout: 1 }),
    ]);
    runner.apply(task);
    const r = await log.waitFor(task.taskArn, (x) => x.containers.find((k) => k.name === "app")!.lastStatus === "RUNNING", "app RUNNING", 30_000);
    const by = Object.fromEntries(r.containers.map((k) => [k.name, k]));
    assert.equal(by["migrate"]!.exitCode, 1);
    assert.equal(by["db"]!.healthStatus, "HEALTHY");
    assert.ok(by["app"]!.startedAt! >= by["migrate"]!.finishedAt!, "app started after migrate completed");
    assert.ok(by["app"]!.startedAt! >= by["cache"]!.startedAt!, "app started after cache started");
    await finish(task);
  });

  it("host network mode: the container's own port is reachable on the host's loopback; none mode runs without any network", async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const host = assignedTask([c("web", { command: ["sh", "-c", `echo berth-host > /tmp/index.html && exec httpd -f -p 127.0.0.1:${port} -h /tmp`], stopTimeout: 1 })], { networkMode: "host" });
    const none = assignedTask([c("solo", { command: ["sh", "-c", "ip link 2>/dev/null | grep -c eth0 || true; exec sleep 3600"], stopTimeout: 1 })], { networkMode: "none" });
    runner.apply(host);
    runner.apply(none);
    const h = await log.status(host.taskArn, "RUNNING");
    assert.deepEqual(h.containers[0]!.networkBindings, []);
    assert.equal((await fetchText(`http://127.0.0.1:${port}/`)).trim(), "berth-host");
    const n = await log.status(none.taskArn, "RUNNING");
    const inspected = await runtime.docker.getContainer(n.containers[0]!.runtimeId!).inspect();
    assert.equal(inspected.HostConfig.NetworkMode, "none");
    await finish(host);
    await finish(none);
  });
});
