/**
 * A template synthesized by AWS CDK in the test (aws-cdk-lib: an environment-agnostic Stack with an
 * `ecs_patterns.ApplicationLoadBalancedFargateService`, CDK metadata on) deployed unchanged with
 * `aws cloudformation deploy --capabilities CAPABILITY_IAM` on `bin/berth server` with its embedded
 * agent: the VPC with public and private subnets, NAT gateways, route tables, security groups, IAM
 * roles and policy, the cluster, log group, ALB, listener, target group, task definition and FARGATE
 * service all deploy, and the service answers through the ALB's listener.
 *
 * CDK reads the bootstrap version from Parameter Store (`/cdk-bootstrap/hnb659fds/version`) and
 * checks it in the template's Rules: the test puts it, as `cdk bootstrap` would have. The only
 * changes to the pattern's defaults are what a user sets for quick tests: the health check interval
 * and thresholds and the deregistration delay (ALB defaults: 30 s × 5 checks, 300 s of draining).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import Docker from "dockerode";
import { App, Duration, Stack } from "aws-cdk-lib";
import * as ecsCdk from "aws-cdk-lib/aws-ecs";
import * as ecsPatterns from "aws-cdk-lib/aws-ecs-patterns";
import { DescribeServicesCommand, ECSClient, ListServicesCommand } from "@aws-sdk/client-ecs";
import { CloudWatchLogsClient, DeleteLogGroupCommand, DescribeLogGroupsCommand, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { spawnServer, type ServerProcess } from "./spawn-server.js";
import { TEST_CREDENTIALS } from "./harness.js";
import { listenerPort, request, waitFor } from "./elbv2-support.js";
import { runAwsCli, type CliResult } from "../support/aws-cli.js";
import { BUSYBOX_IMAGE, ensureBusyboxImage } from "../support/busybox-image.js";
import { releaseClusterNetwork } from "../support/cluster-network.js";
import { removeContainers } from "../support/remove-containers.js";

const docker = new Docker();
const home = mkdtempSync(path.join(os.tmpdir(), "berth-cfn-cdk-"));
const dataDir = path.join(home, "data");
const stackName = `CdkWeb${randomBytes(3).toString("hex")}`;
const port = listenerPort();
let server: ServerProcess;
let ecs: ECSClient;
let logs: CloudWatchLogsClient;
let elb: ElasticLoadBalancingV2Client;
let clusterName: string | undefined;

interface Template {
  Resources: Record<string, { Type: string; Condition?: string }>;
  Parameters: Record<string, { Type: string; Default?: string }>;
  Rules?: Record<string, unknown>;
}

/** Synthesize the CDK app; returns the template file's path. */
function synthesize(outdir: string): string {
  const app = new App({ outdir, analyticsReporting: true });
  const stack = new Stack(app, stackName);
  const web = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, "Web", {
    listenerPort: port,
    desiredCount: 1,
    taskImageOptions: {
      image: ecsCdk.ContainerImage.fromRegistry(BUSYBOX_IMAGE),
      containerPort: 8080,
      command: ["sh", "-c", "mkdir -p /www && echo hello from cdk > /www/index.html && echo serving on 8080 && exec httpd -f -p 8080 -h /www"],
    },
  });
  web.targetGroup.configureHealthCheck({ path: "/", interval: Duration.seconds(5), timeout: Duration.seconds(2), healthyThresholdCount: 2 });
  web.targetGroup.setAttribute("deregistration_delay.timeout_seconds", "0");
  const assembly = app.synth();
  return path.join(assembly.directory, assembly.getStackByName(stackName).templateFile);
}

before(async () => {
  await ensureBusyboxImage(docker);
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
  if (clusterName !== undefined) {
    await removeContainers(docker, await docker.listContainers({ all: true, filters: { label: [`com.amazonaws.ecs.cluster=${clusterName}`] } }));
    await releaseClusterNetwork(`arn:aws:ecs:us-east-1:000000000000:cluster/${clusterName}`);
  }
  rmSync(home, { recursive: true, force: true });
});

function aws(...args: string[]): Promise<CliResult> {
  return runAwsCli(home, ["--endpoint-url", server.url, ...args]);
}

async function json<T>(...args: string[]): Promise<T> {
  const r = await aws(...args);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
}

async function failures(): Promise<string> {
  const r = await aws("cloudformation", "describe-stack-events", "--stack-name", stackName);
  if (r.code !== 0) return r.stderr;
  const events = (JSON.parse(r.stdout) as { StackEvents: { LogicalResourceId: string; ResourceStatus: string; ResourceStatusReason?: string }[] }).StackEvents;
  return events.filter((e) => e.ResourceStatus.endsWith("FAILED")).map((e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`).join("\n");
}

test("a CDK ApplicationLoadBalancedFargateService template deploys with aws cloudformation deploy and serves through its ALB", async () => {
  const templateFile = synthesize(path.join(home, "cdk.out"));
  const template = JSON.parse(readFileSync(templateFile, "utf8")) as Template;
  // What makes CDK templates hard: the bootstrap version from SSM and its rule, CDK metadata under a
  // region condition, and the many networking and IAM types.
  assert.equal(template.Parameters.BootstrapVersion?.Default, "/cdk-bootstrap/hnb659fds/version");
  assert.ok(template.Rules?.CheckBootstrapVersion);
  const types = new Set(Object.values(template.Resources).map((r) => r.Type));
  for (const t of ["AWS::CDK::Metadata", "AWS::EC2::VPC", "AWS::EC2::NatGateway", "AWS::EC2::SecurityGroupIngress", "AWS::IAM::Policy", "AWS::ECS::Service"]) assert.ok(types.has(t), t);

  // Without the bootstrap parameter the template is refused, as on AWS.
  const unbootstrapped = await aws("cloudformation", "deploy", "--stack-name", stackName, "--template-file", templateFile, "--capabilities", "CAPABILITY_IAM");
  assert.notEqual(unbootstrapped.code, 0);
  assert.match(unbootstrapped.stderr, /Unable to fetch parameters \[\/cdk-bootstrap\/hnb659fds\/version\] from parameter store for this account/);

  const put = await aws("ssm", "put-parameter", "--name", "/cdk-bootstrap/hnb659fds/version", "--type", "String", "--value", "21");
  assert.equal(put.code, 0, put.stderr);
  const deployed = await aws("cloudformation", "deploy", "--stack-name", stackName, "--template-file", templateFile, "--capabilities", "CAPABILITY_IAM");
  assert.equal(deployed.code, 0, `${deployed.stdout}\n${deployed.stderr}\n${await failures()}`);
  assert.match(deployed.stdout, /Successfully created\/updated stack/);

  const { StackResourceSummaries } = await json<{ StackResourceSummaries: { LogicalResourceId: string; ResourceStatus: string; ResourceType: string }[] }>(
    "cloudformation", "list-stack-resources", "--stack-name", stackName);
  assert.equal(StackResourceSummaries.length, Object.keys(template.Resources).length);
  assert.deepEqual(StackResourceSummaries.filter((r) => r.ResourceStatus !== "CREATE_COMPLETE"), []);

  // The service is stable at CREATE_COMPLETE: FARGATE, its task running.
  const cluster = StackResourceSummaries.find((r) => r.ResourceType === "AWS::ECS::Cluster")!;
  const detail = await json<{ StackResourceDetail: { PhysicalResourceId: string } }>("cloudformation", "describe-stack-resource", "--stack-name", stackName, "--logical-resource-id", cluster.LogicalResourceId);
  clusterName = detail.StackResourceDetail.PhysicalResourceId;
  const serviceArns = (await ecs.send(new ListServicesCommand({ cluster: clusterName }))).serviceArns!;
  assert.equal(serviceArns.length, 1);
  const svc = (await ecs.send(new DescribeServicesCommand({ cluster: clusterName, services: serviceArns }))).services![0]!;
  assert.equal(svc.launchType, "FARGATE");
  assert.equal(svc.runningCount, 1);
  assert.equal(svc.loadBalancers![0]!.containerPort, 8080);

  // Traffic through the ALB: its DNS name is the stack's output, its address DescribeLoadBalancers's.
  const { Stacks } = await json<{ Stacks: { Outputs: { OutputKey: string; OutputValue: string }[] }[] }>("cloudformation", "describe-stacks", "--stack-name", stackName);
  const dns = Stacks[0]!.Outputs.find((o) => o.OutputKey.startsWith("WebLoadBalancerDNS"))!.OutputValue;
  const lb = (await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers!.find((l) => l.DNSName === dns)!;
  assert.equal(lb.Scheme, "internet-facing");
  const address = lb.AvailabilityZones![0]!.LoadBalancerAddresses![0]!.IpAddress!;
  const reply = await waitFor("the ALB to serve the task's page", async () => {
    const r = await request(address, port, "/");
    return r.status === 200 ? r : undefined;
  }, 60_000);
  assert.equal(reply.body, "hello from cdk\n");

  // The container logs through awslogs into the log group CDK made.
  const logGroup = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: stackName }))).logGroups![0]!.logGroupName!;
  const logged = await waitFor("the task's output in its log group", async () => {
    const { events } = await logs.send(new FilterLogEventsCommand({ logGroupName: logGroup }));
    return events?.find((e) => e.message === "serving on 8080");
  });
  assert.match(logged.logStreamName!, /^Web\/web\/[0-9a-f]{32}$/);

  assert.equal((await aws("cloudformation", "delete-stack", "--stack-name", stackName)).code, 0);
  const gone = await aws("cloudformation", "wait", "stack-delete-complete", "--stack-name", stackName);
  assert.equal(gone.code, 0, gone.stderr + (await failures()));
  // CDK retains the log group (DeletionPolicy: Retain); the user deletes it.
  assert.deepEqual((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroup }))).logGroups!.map((g) => g.logGroupName), [logGroup]);
  await logs.send(new DeleteLogGroupCommand({ logGroupName: logGroup }));
  const left = { label: [`com.amazonaws.ecs.cluster=${clusterName}`] };
  await waitFor("no container of the stack's cluster left in Docker", async () => ((await docker.listContainers({ all: true, filters: left })).length === 0 ? true : undefined));
});
