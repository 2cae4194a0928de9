/**
 * The seed's two-stack deployment (seed-templates.ts) with `aws cloudformation deploy` on
 * `bin/berth server` with its embedded agent and the real Docker engine: the base stack exports the
 * cluster name, VPC and subnet ids and role ARNs; the application stack imports them, and once it
 * is deployed its FARGATE service's task is RUNNING in the imported subnets, serves through the
 * ALB's listener (at the load balancer's loopback address) and logs into the stack's log group. A
 * new image tag (the same local image tagged a second time through the Docker API) rolls the
 * service to a new task definition revision; deleting both stacks leaves no container, network or
 * volume of the cluster in Docker.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import Docker from "dockerode";
import { DescribeClustersCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand, DescribeTasksCommand, ECSClient, ListTasksCommand, type Task } from "@aws-sdk/client-ecs";
import { CloudWatchLogsClient, DescribeLogGroupsCommand, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { spawnServer, type ServerProcess } from "./spawn-server.js";
import { TEST_CREDENTIALS } from "./harness.js";
import { listenerPort, request, waitFor } from "./elbv2-support.js";
import { APP_TEMPLATE, BASE_TEMPLATE } from "./seed-templates.js";
import { runAwsCli, type CliResult } from "../support/aws-cli.js";
import { BUSYBOX_IMAGE, ensureBusyboxImage } from "../support/busybox-image.js";
import { releaseClusterNetwork } from "../support/cluster-network.js";
import { clusterNetworkName } from "../../src/agent/network/cluster-network.js";
import { removeContainers } from "../support/remove-containers.js";

const docker = new Docker();
const home = mkdtempSync(path.join(os.tmpdir(), "berth-cfn-seed-"));
const dataDir = path.join(home, "data");
const microworld = `mw${randomBytes(3).toString("hex")}`;
const cluster = `${microworld}-dev-cluster`;
const clusterArn = `arn:aws:ecs:us-east-1:000000000000:cluster/${cluster}`;
const app = "greeter";
const service = `${microworld}-dev-${app}`;
const logGroup = `/${microworld}/dev/${app}`;
// The second tag of the image, as a pipeline names a build after its commit.
const commit = randomBytes(4).toString("hex");
const port = listenerPort();
let server: ServerProcess;
let ecs: ECSClient;
let logs: CloudWatchLogsClient;
let elb: ElasticLoadBalancingV2Client;

const clusterFilter = { label: [`com.amazonaws.ecs.cluster=${cluster}`] };

before(async () => {
  await ensureBusyboxImage(docker);
  const [repo] = BUSYBOX_IMAGE.split(":");
  await docker.getImage(BUSYBOX_IMAGE).tag({ repo, tag: commit });
  server = await spawnServer(["--data-dir", dataDir, "--task-cleanup-wait", "1"]);
  const client = { endpoint: server.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  ecs = new ECSClient(client);
  logs = new CloudWatchLogsClient(client);
  elb = new ElasticLoadBalancingV2Client(client);
});

after(async () => {
  ecs?.destroy();
  logs?.destroy();
  elb?.destroy();
  if (server && server.child.exitCode === null) server.child.kill("SIGTERM");
  await server?.exited;
  await removeContainers(docker, await docker.listContainers({ all: true, filters: clusterFilter }));
  await releaseClusterNetwork(clusterArn);
  // Only the second tag goes: the image itself stays for other tests.
  await docker.getImage(`${BUSYBOX_IMAGE.split(":")[0]}:${commit}`).remove().catch(() => undefined);
  rmSync(home, { recursive: true, force: true });
});

function aws(...args: string[]): Promise<CliResult> {
  return runAwsCli(home, ["--endpoint-url", server.url, ...args]);
}

const file = (name: string, text: string) => {
  const p = path.join(home, name);
  writeFileSync(p, text);
  return p;
};

async function json<T>(...args: string[]): Promise<T> {
  const r = await aws(...args);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
}

/** The FAILED events of a stack, for assertion messages. */
async function failures(stack: string): Promise<string> {
  const r = await aws("cloudformation", "describe-stack-events", "--stack-name", stack);
  if (r.code !== 0) return r.stderr;
  const events = (JSON.parse(r.stdout) as { StackEvents: { LogicalResourceId: string; ResourceStatus: string; ResourceStatusReason?: string }[] }).StackEvents;
  return events.filter((e) => e.ResourceStatus.endsWith("FAILED")).map((e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`).join("\n");
}

async function deploy(stack: string, template: string, ...extra: string[]): Promise<void> {
  const r = await aws("cloudformation", "deploy", "--stack-name", stack, "--template-file", template, ...extra);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}\n${await failures(stack)}`);
  assert.match(r.stdout, new RegExp(`Successfully created/updated stack - ${stack}`));
}

async function runningTasks(): Promise<Task[]> {
  const { taskArns } = await ecs.send(new ListTasksCommand({ cluster, serviceName: service, desiredStatus: "RUNNING" }));
  if (!taskArns?.length) return [];
  return (await ecs.send(new DescribeTasksCommand({ cluster, tasks: taskArns }))).tasks ?? [];
}

/** The page the service serves through the load balancer, once it answers 200 with `expected`. */
async function served(address: string, expected: RegExp): Promise<string> {
  return waitFor(`the load balancer to serve ${expected}`, async () => {
    const r = await request(address, port, "/");
    return r.status === 200 && expected.test(r.body) ? r.body : undefined;
  }, 60_000);
}

test("the seed's base and application stacks deploy with aws cloudformation deploy, serve through the ALB, roll a new image tag and delete cleanly", async () => {
  const baseFile = file("base.yaml", BASE_TEMPLATE);
  const appFile = file("app.yaml", APP_TEMPLATE);

  // A template with named IAM roles needs CAPABILITY_NAMED_IAM, as on AWS.
  const refused = await aws("cloudformation", "deploy", "--stack-name", "microworld-base", "--template-file", baseFile, "--parameter-overrides", `MicroworldName=${microworld}`);
  assert.notEqual(refused.code, 0);
  assert.match(refused.stderr, /InsufficientCapabilities.*\[CAPABILITY_NAMED_IAM\]/);

  await deploy("microworld-base", baseFile, "--parameter-overrides", `MicroworldName=${microworld}`, "--capabilities", "CAPABILITY_NAMED_IAM");
  const { Exports } = await json<{ Exports: { Name: string; Value: string }[] }>("cloudformation", "list-exports");
  const exported = Object.fromEntries(Exports.map((e) => [e.Name, e.Value]));
  assert.equal(exported[`${microworld}-dev-cluster-name`], cluster);
  assert.match(exported[`${microworld}-dev-vpc-id`]!, /^vpc-[0-9a-f]{17}$/);
  const subnets = [exported[`${microworld}-dev-subnet1-id`]!, exported[`${microworld}-dev-subnet2-id`]!];
  for (const s of subnets) assert.match(s, /^subnet-[0-9a-f]{17}$/);
  assert.equal(exported[`${microworld}-task-role-arn`], `arn:aws:iam::000000000000:role/${microworld}-task-role`);
  assert.equal(exported[`${microworld}-task-execution-role-arn`], `arn:aws:iam::000000000000:role/${microworld}-task-execution-role`);

  await deploy("microworld-greeter", appFile, "--parameter-overrides", `MicroworldName=${microworld}`, "EcrRepositoryUri=berth-test/busybox", "CodebuildResolvedSourceVersion=1", `ListenerPort=${port}`);
  const imports = await json<{ Imports: string[] }>("cloudformation", "list-imports", "--export-name", `${microworld}-dev-cluster-name`);
  assert.deepEqual(imports.Imports, ["microworld-greeter"]);

  // CREATE_COMPLETE means the service is stable: its task runs now, in the imported subnets.
  const svc = (await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))).services![0]!;
  assert.equal(svc.launchType, "FARGATE");
  assert.equal(svc.runningCount, 1);
  assert.deepEqual(svc.networkConfiguration?.awsvpcConfiguration?.subnets, subnets);
  const [task] = await runningTasks();
  assert.equal(task?.lastStatus, "RUNNING");
  assert.equal(task.launchType, "FARGATE");
  assert.equal(task.containers![0]!.image, "berth-test/busybox:1");
  const td = (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: task.taskDefinitionArn }))).taskDefinition!;
  assert.equal(td.family, app);
  assert.equal(td.taskRoleArn, exported[`${microworld}-task-role-arn`]);
  assert.equal(td.executionRoleArn, exported[`${microworld}-task-execution-role-arn`]);
  assert.deepEqual(td.containerDefinitions![0]!.logConfiguration, { logDriver: "awslogs", options: { "awslogs-group": logGroup, "awslogs-region": "us-east-1", "awslogs-stream-prefix": "task" } });

  // Traffic through the listener, at the address DescribeLoadBalancers gives.
  const lb = (await elb.send(new DescribeLoadBalancersCommand({ Names: [`${microworld}-${app}`] }))).LoadBalancers![0]!;
  const address = lb.AvailabilityZones![0]!.LoadBalancerAddresses![0]!.IpAddress!;
  assert.match(address, /^127\./);
  const { Stacks } = await json<{ Stacks: { Outputs: { OutputKey: string; OutputValue: string }[] }[] }>("cloudformation", "describe-stacks", "--stack-name", "microworld-greeter");
  assert.equal(Stacks[0]!.Outputs.find((o) => o.OutputKey === "LoadBalancerDns")?.OutputValue, lb.DNSName);
  assert.equal(await served(address, /image 1$/m), `${service} image 1\n`);

  // The container's output is in the log group, in the stream awslogs-stream-prefix names.
  const taskId = task.taskArn!.split("/").pop()!;
  const logged = await waitFor("the task's output in the log group", async () => {
    const { events } = await logs.send(new FilterLogEventsCommand({ logGroupName: logGroup }));
    return events?.find((e) => e.message?.startsWith("starting"));
  });
  assert.equal(logged.message, `starting ${service} with image tag 1 on port 8080`);
  assert.equal(logged.logStreamName, `task/${app}-container/${taskId}`);

  // A new build: the image tag changes, the service rolls to a new revision.
  await deploy("microworld-greeter", appFile, "--parameter-overrides", `CodebuildResolvedSourceVersion=${commit}`);
  const rolled = (await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }))).services![0]!;
  assert.match(rolled.taskDefinition!, new RegExp(`task-definition/${app}:${Number(td.revision) + 1}$`));
  assert.equal(rolled.deployments!.length, 1, JSON.stringify(rolled.deployments));
  assert.equal(rolled.deployments![0]!.rolloutState, "COMPLETED");
  const [next] = await runningTasks();
  assert.equal(next?.containers![0]!.image, `berth-test/busybox:${commit}`);
  assert.notEqual(next.taskArn, task.taskArn);
  assert.equal(await served(address, new RegExp(`image ${commit}$`, "m")), `${service} image ${commit}\n`);
  const old = (await ecs.send(new DescribeTasksCommand({ cluster, tasks: [task.taskArn!] }))).tasks![0]!;
  assert.equal(old.desiredStatus, "STOPPED");

  // The application first (it imports the base stack's exports), then the base.
  assert.equal((await aws("cloudformation", "delete-stack", "--stack-name", "microworld-greeter")).code, 0);
  const appGone = await aws("cloudformation", "wait", "stack-delete-complete", "--stack-name", "microworld-greeter");
  assert.equal(appGone.code, 0, appGone.stderr + (await failures("microworld-greeter")));
  assert.equal((await aws("cloudformation", "delete-stack", "--stack-name", "microworld-base")).code, 0);
  const baseGone = await aws("cloudformation", "wait", "stack-delete-complete", "--stack-name", "microworld-base");
  assert.equal(baseGone.code, 0, baseGone.stderr + (await failures("microworld-base")));

  assert.equal((await ecs.send(new DescribeClustersCommand({ clusters: [cluster] }))).clusters![0]!.status, "INACTIVE");
  assert.deepEqual((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroup }))).logGroups, []);
  assert.deepEqual((await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers, []);
  assert.deepEqual((await json<{ Exports: unknown[] }>("cloudformation", "list-exports")).Exports, []);
  // Nothing of the cluster is left in Docker (the agent removes the cluster network after the last container).
  await waitFor("no container, network or volume of the cluster in Docker", async () => {
    const containers = await docker.listContainers({ all: true, filters: clusterFilter });
    const networks = await docker.listNetworks({ filters: { name: [clusterNetworkName(clusterArn)] } });
    const volumes = (await docker.listVolumes({ filters: clusterFilter })).Volumes ?? [];
    return containers.length + networks.length + volumes.length === 0 ? true : undefined;
  });
});
