// The metadata endpoint through the task runner on the FakeRuntime: real HTTP on the fake cluster
// network's gateway (a loopback address), fake containers. Fast; the Docker tests read it from inside
// real containers.
import { afterEach, describe, it } from "node:test";
import assert from "node:assert/strict";
import { FakeRuntime } from "../runtime/fake-runtime.js";
import type { ContainerSpec } from "../runtime/runtime.js";
import { TaskRunner } from "../tasks/task-runner.js";
import { ReportLog, assignedTask, stopped, testIdentity } from "../tasks/test-support.js";
import type { TaskTags } from "./documents.js";
import { ENV_V3, ENV_V4, LABEL_METADATA_ID } from "./paths.js";

const IMAGE = "busybox:test";
const runners: TaskRunner[] = [];
afterEach(async () => {
  for (const r of runners.splice(0)) await r.close();
});

function setup(taskTags?: (arn: string) => Promise<TaskTags>, runtime = new FakeRuntime({ images: [IMAGE] }), identity = testIdentity()) {
  const specs = new Map<string, ContainerSpec>();
  const create = runtime.createContainer.bind(runtime);
  runtime.createContainer = async (spec) => {
    specs.set(spec.labels?.["com.amazonaws.ecs.container-name"] ?? "", spec);
    return create(spec);
  };
  const log = new ReportLog();
  const runner = new TaskRunner({ runtime, identity, onReport: log.onReport, region: "us-east-1", ...(taskTags && { taskTags }) });
  runners.push(runner);
  return { runtime, runner, log, specs, identity };
}

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: any }> {
  const res = await fetch(url, init);
  return { status: res.status, body: await res.json() };
}

describe("metadata endpoint on the fake runtime", () => {
  it("serves each container its own document, the task, tags, stats and task stats at the URIs in its environment", async () => {
    const { runner, log, specs, runtime } = setup(async (arn) => ({ taskTags: [{ key: "arn-tail", value: arn.slice(-4) }], containerInstanceTags: [] }));
    const task = assignedTask([
      { name: "a", image: IMAGE, memory: 32 },
      { name: "b", image: IMAGE, memory: 32 },
    ]);
    runner.apply(task);
    const r = await log.status(task.taskArn, "RUNNING");
    const env = specs.get("a")!.env!;
    const v4 = env[ENV_V4]!;
    const gateway = (await runtime.listNetworks({ "berth.network": "cluster" }))[0]!.gateway!;
    assert.match(v4, new RegExp(`^http://${gateway.replace(/\./g, "\\.")}:\\d+/v4/`));
    assert.equal(env[ENV_V3], v4.replace("/v4/", "/v3/"));
    assert.equal(specs.get("a")!.labels![LABEL_METADATA_ID], v4.slice(v4.lastIndexOf("/") + 1));
    assert.notEqual(specs.get("b")!.env![ENV_V4], v4, "each container has its own path");
    assert.deepEqual(specs.get("a")!.network, { kind: "network", name: specs.get("b")!.network!.kind === "network" ? (specs.get("b")!.network as { name: string }).name : "", aliases: [`a.${task.taskArn.split("/").pop()}`] });

    const self = await getJson(v4);
    assert.equal(self.status, 200);
    assert.equal(self.body.Name, "a");
    assert.equal(self.body.DockerId, r.containers[0]!.runtimeId);
    assert.equal(self.body.KnownStatus, "RUNNING");
    const t = (await getJson(`${v4}/task`)).body;
    assert.equal(t.TaskARN, task.taskArn);
    assert.deepEqual(t.Containers.map((c: { Name: string }) => c.Name), ["a", "b"]);
    assert.deepEqual((await getJson(`${v4}/taskWithTags`)).body.TaskTags, { "arn-tail": task.taskArn.slice(-4) });
    const s1 = (await getJson(`${v4}/stats`)).body;
    assert.ok("cpu_stats" in s1 && "memory_stats" in s1);
    const ts = (await getJson(`${env[ENV_V3]}/task/stats`)).body;
    assert.deepEqual(Object.keys(ts).sort(), r.containers.map((c) => c.runtimeId!).sort());

    assert.equal((await getJson(`${v4.slice(0, v4.lastIndexOf("/"))}/not-an-id`)).status, 404);
    assert.equal((await getJson(`${v4}/nothing`)).status, 404);
    assert.equal((await getJson(v4, { method: "POST" })).status, 405);

    const other = assignedTask([{ name: "c", image: IMAGE, memory: 32 }]);
    runner.apply(other);
    await log.status(other.taskArn, "RUNNING");
    runner.apply(stopped(task));
    await log.status(task.taskArn, "STOPPED");
    assert.equal((await getJson(`${v4}/task`)).body.KnownStatus, "STOPPED");
    await runner.remove(task.taskArn);
    assert.equal((await getJson(v4)).status, 404, "a removed task's containers are no longer served");
    runner.apply(stopped(other));
    await log.status(other.taskArn, "STOPPED");
    await runner.remove(other.taskArn);
    assert.deepEqual(await runtime.listNetworks({ "berth.network": "cluster" }), [], "the cluster network went with the last task");
    await assert.rejects(fetch(v4), "nothing listens on its gateway any more");
  });

  it("answers /taskWithTags with an Errors entry when the tags can't be had", async () => {
    const { runner, log, specs } = setup(async () => {
      throw new Error("control plane unreachable");
    });
    const task = assignedTask([{ name: "a", image: IMAGE, memory: 32 }], { networkMode: "host" });
    runner.apply(task);
    await log.status(task.taskArn, "RUNNING");
    const v4 = specs.get("a")!.env![ENV_V4]!;
    assert.match(v4, /^http:\/\/127\.0\.0\.1:\d+\/v4\//, "host mode: the instance's loopback address");
    const body = (await getJson(`${v4}/taskWithTags`)).body;
    assert.equal(body.TaskARN, task.taskArn);
    assert.equal(body.TaskTags, undefined);
    assert.deepEqual(body.Errors, [{ ErrorField: "TaskTags", ErrorMessage: "control plane unreachable", ResourceARN: task.taskArn }]);
  });

  it("a restarted agent serves its existing containers' metadata URIs on the same address and port again", async () => {
    const first = setup();
    const task = assignedTask([{ name: "a", image: IMAGE, memory: 32 }]);
    first.runner.apply(task);
    await first.log.status(task.taskArn, "RUNNING");
    const v4 = first.specs.get("a")!.env![ENV_V4]!;
    assert.equal((await getJson(v4)).status, 200);
    await first.runner.close(); // as if the agent died: its containers stay
    await assert.rejects(fetch(v4));
    const second = setup(undefined, first.runtime, first.identity);
    await second.runner.ready;
    // The endpoint answers again at the same URI; the task itself is known once adopted.
    const res = await getJson(v4);
    assert.equal(res.status, 404);
    assert.match(res.body, /not known to this agent/);
    for (const c of await first.runtime.listContainers({})) await first.runtime.removeContainer(c.id);
    await second.runner.close();
    assert.deepEqual(await first.runtime.listNetworks({ "berth.network": "cluster" }), []);
  });
});
