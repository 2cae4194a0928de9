/**
 * A Fargate task on a real container: `bin/berth server` with its embedded agent, which offers
 * managed capacity by default. The task runs in a cluster with no container instance at all,
 * reaches RUNNING, answers at its own loopback address from the host, and no container instance
 * is shown for it. Every container this file causes is removed in `after` (by family label).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import Docker from "dockerode";
import {
  CreateClusterCommand,
  DescribeClustersCommand,
  DescribeTasksCommand,
  ECSClient,
  ListContainerInstancesCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  type Task,
} from "@aws-sdk/client-ecs";
import { spawnServer, type ServerProcess } from "./spawn-server.js";
import { TEST_CREDENTIALS } from "./harness.js";
import { ensureBusyboxImage } from "../support/busybox-image.js";
import { releaseClusterNetwork } from "../support/cluster-network.js";
import { removeContainers } from "../support/remove-containers.js";

const docker = new Docker();
const dataDir = mkdtempSync(path.join(os.tmpdir(), "berth-fargate-"));
const cluster = "serverless";
const family = `fargate-${randomBytes(4).toString("hex")}`;
let server: ServerProcess;
let ecs: ECSClient;
let image: string;

before(async () => {
  image = await ensureBusyboxImage(docker);
  server = await spawnServer(["--data-dir", dataDir, "--task-cleanup-wait", "1"]);
  ecs = new ECSClient({ endpoint: server.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
});

after(async () => {
  ecs?.destroy();
  if (server && server.child.exitCode === null) server.child.kill("SIGTERM");
  await server?.exited;
  const leftovers = await docker.listContainers({ all: true, filters: { label: [`com.amazonaws.ecs.task-definition-family=${family}`] } });
  await removeContainers(docker, leftovers);
  // The agents were stopped while their tasks' containers stood (or killed): the cluster networks they made go too.
  for (const name of ["serverless"]) await releaseClusterNetwork(`arn:aws:ecs:us-east-1:000000000000:cluster/${name}`);
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitForTask(arn: string, done: (t: Task) => boolean, what: string, timeoutMs = 30_000): Promise<Task> {
  const deadline = Date.now() + timeoutMs;
  let last: Task | undefined;
  while (Date.now() < deadline) {
    const { tasks } = await ecs.send(new DescribeTasksCommand({ cluster, tasks: [arn] }));
    last = tasks?.[0];
    if (last && done(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`task never became ${what}; last seen: ${JSON.stringify(last)}`);
}

test("a FARGATE task runs on managed capacity: RUNNING, reachable at its task address, no container instance shown", async () => {
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      cpu: "256",
      memory: "512",
      containerDefinitions: [{ name: "web", image, command: ["httpd", "-f", "-p", "8080", "-h", "/"], portMappings: [{ containerPort: 8080 }], stopTimeout: 2 }],
    }),
  );
  const run = await ecs.send(
    new RunTaskCommand({ cluster, taskDefinition: family, launchType: "FARGATE", networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-local"] } } }),
  );
  assert.deepEqual(run.failures, [], JSON.stringify(run.failures));
  const arn = run.tasks![0]!.taskArn!;
  const running = await waitForTask(arn, (t) => t.lastStatus === "RUNNING", "RUNNING");
  assert.equal(running.launchType, "FARGATE");
  assert.equal(running.containerInstanceArn, undefined);
  assert.equal(running.platformVersion, "1.4.0");
  const address = running.attachments![0]!.details!.find((d) => d.name === "privateIPv4Address")!.value!;
  assert.match(address, /^127\.77\./);
  const res = await fetch(`http://${address}:8080/`);
  assert.ok(res.status < 500, `status ${res.status}`);
  await res.arrayBuffer();

  // The container carries the task's cluster, though the seat serves every cluster.
  const containers = await docker.listContainers({ filters: { label: [`com.amazonaws.ecs.task-arn=${arn}`] } });
  assert.ok(containers.length >= 1);
  assert.ok(containers.every((c) => c.Labels["com.amazonaws.ecs.cluster"] === cluster));

  assert.deepEqual((await ecs.send(new ListContainerInstancesCommand({ cluster }))).containerInstanceArns, []);
  const c = (await ecs.send(new DescribeClustersCommand({ clusters: [cluster] }))).clusters![0]!;
  assert.equal(c.registeredContainerInstancesCount, 0);
  assert.equal(c.runningTasksCount, 1);
  // The default cluster shows only the embedded agent's own instance.
  assert.equal((await ecs.send(new ListContainerInstancesCommand({ cluster: "default" }))).containerInstanceArns?.length, 1);

  await ecs.send(new StopTaskCommand({ cluster, task: arn, reason: "done" }));
  const stopped = await waitForTask(arn, (t) => t.lastStatus === "STOPPED", "STOPPED");
  assert.equal(stopped.stopCode, "UserInitiated");
  assert.equal(stopped.attachments![0]!.status, "DELETED");
});
