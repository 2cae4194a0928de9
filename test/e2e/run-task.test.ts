/**
 * Tasks as users run them: `bin/berth server` with its embedded agent on the real Docker engine,
 * RunTask/DescribeTasks/StopTask through @aws-sdk/client-ecs, and real containers behind them.
 * The embedded agent joins the `default` cluster, so the tasks run there. Every container this
 * file causes is removed in `after`, found by its task-definition family label.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  DescribeTasksCommand,
  ListTasksCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type Task,
} from "@aws-sdk/client-ecs";
import { useDockerServer } from "./docker-server.js";

const cluster = "default";
const prefix = `run-${randomBytes(4).toString("hex")}`;
const families = [`${prefix}-exit`, `${prefix}-web`];
let ecs: ECSClient;
let image: string;
// Stopped tasks' containers go after 1 s here (default: an hour), so their removal can be seen.
const fx = useDockerServer({
  name: "runtask", args: ["--task-cleanup-wait", "1"], families, clusters: [cluster],
  ready: (f) => {
    ecs = f.ecs();
    image = f.image();
  },
});
const docker = fx.docker;

const waitForTask = (arn: string, done: (t: Task) => boolean, what: string, timeoutMs?: number) => fx.waitForTask(cluster, arn, done, what, timeoutMs);

async function runOne(family: string, containerDefinitions: object[]): Promise<string> {
  await ecs.send(new RegisterTaskDefinitionCommand({ family, containerDefinitions: containerDefinitions as never }));
  const res = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: family, launchType: "EC2" }));
  assert.deepEqual(res.failures, [], JSON.stringify(res.failures));
  return res.tasks![0]!.taskArn!;
}

test("a task whose essential container exits is STOPPED with its exit code and EssentialContainerExited", async () => {
  const arn = await runOne(families[0]!, [{ name: "main", image, memory: 32, command: ["sh", "-c", "exit 3"] }]);
  const task = await waitForTask(arn, (t) => t.lastStatus === "STOPPED", "STOPPED");
  assert.equal(task.stopCode, "EssentialContainerExited");
  assert.equal(task.stoppedReason, "Essential container in task exited");
  assert.equal(task.containers?.[0]?.exitCode, 3);
  assert.match(task.containers?.[0]?.runtimeId ?? "", /^[0-9a-f]{64}$/);
});

test("a stopped task's containers are removed once the cleanup wait has passed; the task stays describable", async () => {
  const family = families[0]!;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const left = await docker.listContainers({ all: true, filters: { label: [`com.amazonaws.ecs.task-definition-family=${family}`] } });
    if (left.length === 0) break;
    if (Date.now() > deadline) throw new Error(`containers still there: ${left.map((c) => c.Names.join()).join(" ")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const { taskArns } = await ecs.send(new ListTasksCommand({ cluster, family, desiredStatus: "STOPPED" }));
  assert.equal(taskArns?.length, 1);
  const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster, tasks: taskArns! }));
  assert.equal(tasks?.[0]?.lastStatus, "STOPPED");
});

test("a bridge task with a dynamic host port is RUNNING and reachable on the reported binding, then StopTask stops it", async () => {
  const arn = await runOne(families[1]!, [
    { name: "web", image, memory: 32, command: ["httpd", "-f", "-p", "8080", "-h", "/"], portMappings: [{ containerPort: 8080, hostPort: 0 }], stopTimeout: 2 },
  ]);
  const running = await waitForTask(arn, (t) => t.lastStatus === "RUNNING", "RUNNING");
  const binding = running.containers?.[0]?.networkBindings?.[0];
  assert.ok(binding?.hostPort, JSON.stringify(running.containers));
  assert.match(binding!.bindIP!, /^127\./);
  const res = await fetch(`http://${binding!.bindIP}:${binding!.hostPort}/`);
  assert.ok(res.status < 500);
  const stopped = await ecs.send(new StopTaskCommand({ cluster, task: arn, reason: "test is done" }));
  assert.equal(stopped.task?.desiredStatus, "STOPPED");
  const final = await waitForTask(arn, (t) => t.lastStatus === "STOPPED", "STOPPED");
  assert.equal(final.stopCode, "UserInitiated");
  assert.equal(final.stoppedReason, "test is done");
});
