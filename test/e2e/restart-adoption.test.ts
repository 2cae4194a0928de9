/**
 * Restart survival with real containers: `kill -9` of `bin/berth server` (its embedded agent dies
 * with it), then a restart on the same data directory. Running containers are adopted (same
 * container, never restarted, never duplicated), a container that exited while berth was down is
 * reported STOPPED with its real exit code, and a berth container that no task owns is removed.
 * Every container this file causes carries its family label and is removed in `after`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  CreateClusterCommand,
  DescribeTasksCommand,
  ListContainerInstancesCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type ECSClient,
  type Task,
} from "@aws-sdk/client-ecs";
import { useDockerServer } from "./docker-server.js";
import { waitForValue as waitFor } from "./wait-for.js";

const cluster = "default";
const family = `adopt-${randomBytes(4).toString("hex")}`;
const agentCluster = `${family}-hosts`;
let image: string;
const fx = useDockerServer({
  name: "adopt",
  args: ["--task-cleanup-wait", "3600"],
  families: [family],
  clusters: ["default", agentCluster],
  ready: (f) => (image = f.image()),
});
const docker = fx.docker;

const describe = async (ecs: ECSClient, arn: string): Promise<Task> =>
  (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [arn] }))).tasks![0]!;

const containersOf = (taskArn: string) =>
  docker.listContainers({ all: true, filters: { label: [`com.amazonaws.ecs.task-arn=${taskArn}`] } });

test("after kill -9 and a restart, running containers are adopted, exits while down are reported, orphans are removed", async () => {
  let ecs = fx.ecs();
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      networkMode: "awsvpc",
      containerDefinitions: [
        { name: "web", image, memory: 32, command: ["httpd", "-f", "-p", "8080", "-h", "/"], portMappings: [{ containerPort: 8080 }], stopTimeout: 2 },
        // Exits 7 on SIGUSR1, which the test sends while berth is down.
        { name: "worker", image, memory: 32, essential: false, command: ["sh", "-c", "trap 'exit 7' USR1; while true; do sleep 1; done"] },
      ],
    }),
  );
  const run = await ecs.send(new RunTaskCommand({
      cluster,
      taskDefinition: family,
      launchType: "EC2",
      networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-12345678"] } },
    }));
  assert.deepEqual(run.failures, []);
  const arn = run.tasks![0]!.taskArn!;
  const running = await waitFor("RUNNING", async () => {
    const t = await describe(ecs, arn);
    return t.lastStatus === "RUNNING" && t.containers!.every((c) => c.lastStatus === "RUNNING") ? t : undefined;
  });
  const address = running.attachments![0]!.details!.find((d) => d.name === "privateIPv4Address")!.value!;
  const before = Object.fromEntries(running.containers!.map((c) => [c.name!, c.runtimeId!]));
  const webStartedAt = (await docker.getContainer(before["web"]!).inspect()).State.StartedAt;
  const { containerInstanceArns } = await ecs.send(new ListContainerInstancesCommand({ cluster }));
  const instanceArn = containerInstanceArns![0]!;

  assert.equal(await fx.stop("SIGKILL"), "SIGKILL");

  // While berth is down: the worker exits 7, and a berth-labelled container appears that no task owns.
  await docker.getContainer(before["worker"]!).kill({ signal: "SIGUSR1" });
  await waitFor("the worker to exit", async () => ((await docker.getContainer(before["worker"]!).inspect()).State.Running ? undefined : true));
  const orphanTask = `arn:aws:ecs:us-east-1:000000000000:task/${cluster}/${randomBytes(16).toString("hex")}`;
  const orphan = await docker.createContainer({
    Image: image,
    Cmd: ["sleep", "3600"],
    Labels: {
      "berth.container-instance-arn": instanceArn,
      "berth.role": "container",
      "com.amazonaws.ecs.task-arn": orphanTask,
      "com.amazonaws.ecs.container-name": "stray",
      "com.amazonaws.ecs.task-definition-family": family,
    },
  });
  await orphan.start();

  await fx.start();
  ecs = fx.ecs();
  const after = await waitFor("the worker's exit to be reported", async () => {
    const t = await describe(ecs, arn);
    return t.containers!.find((c) => c.name === "worker")!.lastStatus === "STOPPED" ? t : undefined;
  });
  const worker = after.containers!.find((c) => c.name === "worker")!;
  assert.equal(worker.exitCode, 7);
  assert.equal(worker.runtimeId, before["worker"]);
  // The essential container was adopted: same container, never restarted, still serving.
  assert.equal(after.lastStatus, "RUNNING");
  const web = after.containers!.find((c) => c.name === "web")!;
  assert.equal(web.lastStatus, "RUNNING");
  assert.equal(web.runtimeId, before["web"]);
  assert.equal((await docker.getContainer(before["web"]!).inspect()).State.StartedAt, webStartedAt);
  assert.equal((await containersOf(arn)).filter((c) => c.Labels["berth.role"] === "container").length, 2);
  assert.ok((await fetch(`http://${address}:8080/`)).status < 500);
  await waitFor("the orphan's removal", async () => ((await containersOf(orphanTask)).length === 0 ? true : undefined));

  // The adopted task is still berth's to stop.
  await ecs.send(new StopTaskCommand({ cluster, task: arn, reason: "done" }));
  const stopped = await waitFor("STOPPED", async () => {
    const t = await describe(ecs, arn);
    return t.lastStatus === "STOPPED" ? t : undefined;
  });
  assert.equal(stopped.stopCode, "UserInitiated");
});

test("after kill -9 of a separate agent and its restart under the same name, its running task's container is adopted", async () => {
  // One server per data directory: the one the previous test left running, else a new one.
  const { child } = fx.server();
  if (child.exitCode !== null || child.signalCode !== null) await fx.start();
  const ecs = fx.ecs();
  await ecs.send(new CreateClusterCommand({ clusterName: agentCluster }));
  const agentArgs = ["--cluster", agentCluster, "--name", "adoptee"];
  const first = await fx.agent(agentArgs);
  await ecs.send(new RegisterTaskDefinitionCommand({ family, containerDefinitions: [{ name: "app", image, memory: 16, command: ["sleep", "3600"], stopTimeout: 1 }] }));
  const run = await ecs.send(new RunTaskCommand({ cluster: agentCluster, taskDefinition: family }));
  assert.deepEqual(run.failures, []);
  const arn = run.tasks![0]!.taskArn!;
  const describeHere = async () => (await ecs.send(new DescribeTasksCommand({ cluster: agentCluster, tasks: [arn] }))).tasks![0]!;
  const running = await waitFor("RUNNING", async () => ((await describeHere()).lastStatus === "RUNNING" ? describeHere() : undefined));
  const id = running.containers![0]!.runtimeId!;

  first.run.child.kill("SIGKILL");
  await first.run.exited;
  const second = await fx.agent(agentArgs);
  assert.equal(second.arn, first.arn);
  // Adoption shows as the container's state being confirmed by the new agent; it stays the same container.
  await ecs.send(new StopTaskCommand({ cluster: agentCluster, task: arn }));
  const stopped = await waitFor("STOPPED", async () => {
    const t = await describeHere();
    return t.lastStatus === "STOPPED" ? t : undefined;
  });
  assert.equal(stopped.containers![0]!.runtimeId, id);
  assert.equal(typeof stopped.containers![0]!.exitCode, "number", "the new agent stopped the adopted container and saw it exit");
  assert.equal((await docker.getContainer(id).inspect()).State.Running, false);
  assert.equal((await containersOf(arn)).length, 1);
});
