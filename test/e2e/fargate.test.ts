/**
 * A Fargate task on a real container: `bin/berth server` with its embedded agent, which offers
 * managed capacity by default. The task runs in a cluster with no container instance at all,
 * reaches RUNNING, answers at its own loopback address from the host, and no container instance
 * is shown for it. Every container this file causes is removed in `after` (by family label).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import {
  CreateClusterCommand,
  DescribeClustersCommand,
  ListContainerInstancesCommand,
  RunTaskCommand,
  StopTaskCommand,
  type ECSClient,
  type Task,
} from "@aws-sdk/client-ecs";
import { useDockerServer } from "./docker-server.js";
import { FARGATE_TASK, registerTaskDefinition } from "./busybox-containers.js";

const cluster = "serverless";
const family = `fargate-${randomBytes(4).toString("hex")}`;
let ecs: ECSClient;
let image: string;
const fx = useDockerServer({
  name: "fargate",
  args: ["--task-cleanup-wait", "1"],
  families: [family],
  clusters: [cluster],
  ready: (f) => {
    ecs = f.ecs();
    image = f.image();
  },
});
const docker = fx.docker;

const waitForTask = (arn: string, done: (t: Task) => boolean, what: string) => fx.waitForTask(cluster, arn, done, what);

test("a FARGATE task runs on managed capacity: RUNNING, reachable at its task address, no container instance shown", async () => {
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  await registerTaskDefinition(ecs, {
    family,
    ...FARGATE_TASK,
    containerDefinitions: [{ name: "web", image, command: ["httpd", "-f", "-p", "8080", "-h", "/"], portMappings: [{ containerPort: 8080 }], stopTimeout: 2 }],
  });
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
