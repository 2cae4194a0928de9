/**
 * AWS::ECS::Service through CloudFormation on `bin/berth server` with its embedded agent and the
 * real Docker engine: the stack reaches CREATE_COMPLETE only once the service is stable (its task
 * RUNNING in a container), DesiredCount updates in place and waits for stability again, and
 * delete-stack scales the service down, deletes it and leaves no container behind.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import Docker from "dockerode";
import { CloudFormationClient, CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, UpdateStackCommand, type Stack } from "@aws-sdk/client-cloudformation";
import { DescribeServicesCommand, DescribeTasksCommand, ECSClient, ListClustersCommand, ListServicesCommand, ListTasksCommand } from "@aws-sdk/client-ecs";
import { spawnServer, type ServerProcess } from "./spawn-server.js";
import { TEST_CREDENTIALS } from "./harness.js";
import { settled } from "./cfn-support.js";
import { ensureBusyboxImage } from "../support/busybox-image.js";
import { removeContainers } from "../support/remove-containers.js";

const docker = new Docker();
const dataDir = mkdtempSync(path.join(os.tmpdir(), "berth-cfn-svc-"));
const family = `cfnsvc-${randomBytes(4).toString("hex")}`;
let server: ServerProcess;
let ecs: ECSClient;
let cfn: CloudFormationClient;
let image: string;

const containers = (f = family) => docker.listContainers({ all: true, filters: { label: [`com.amazonaws.ecs.task-definition-family=${f}`] } });

before(async () => {
  image = await ensureBusyboxImage(docker);
  server = await spawnServer(["--data-dir", dataDir, "--task-cleanup-wait", "1"]);
  const client = { endpoint: server.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 };
  ecs = new ECSClient(client);
  cfn = new CloudFormationClient(client);
});

after(async () => {
  ecs?.destroy();
  cfn?.destroy();
  if (server && server.child.exitCode === null) server.child.kill("SIGTERM");
  await server?.exited;
  await removeContainers(docker, [...(await containers()), ...(await containers(`${family}-bad`))]);
  rmSync(dataDir, { recursive: true, force: true });
});

const template = (desired: number, f = family, img = image) => `
Resources:
  # The embedded agent's cluster (berth runs FARGATE tasks, not FARGATE services yet, and EC2
  # services need a container instance): CreateCluster of an existing cluster returns it, and
  # Retain keeps it, with its container instance, when the stack is deleted.
  Cluster:
    Type: AWS::ECS::Cluster
    DeletionPolicy: Retain
    Properties: { ClusterName: default }
  TaskDef:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: ${f}
      ContainerDefinitions:
        - Name: main
          Image: ${img}
          Memory: 16
          Command: [sleep, "3600"]
          StopTimeout: 1
  Service:
    Type: AWS::ECS::Service
    Properties:
      Cluster: !Ref Cluster
      TaskDefinition: !Ref TaskDef
      DesiredCount: ${desired}
      LaunchType: EC2
      DeploymentConfiguration:
        MaximumPercent: 200
        MinimumHealthyPercent: 100
        DeploymentCircuitBreaker: { Enable: true, Rollback: false }
Outputs:
  Arn: { Value: !Ref Service }
  ServiceArn: { Value: !GetAtt Service.ServiceArn }
  Name: { Value: !GetAtt Service.Name }
  Cluster: { Value: !Ref Cluster }
`;

/** The stack's failure reasons, for assertion messages. */
async function why(s: Stack): Promise<string> {
  const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: s.StackId }));
  return (StackEvents ?? []).filter((e) => e.ResourceStatus?.endsWith("FAILED")).map((e) => `${e.LogicalResourceId}: ${e.ResourceStatusReason}`).join("; ") || String(s.StackStatusReason);
}

const outputs = (s: Stack) => Object.fromEntries((s.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]));

async function runningTasks(cluster: string, serviceName: string) {
  const { taskArns } = await ecs.send(new ListTasksCommand({ cluster, serviceName, desiredStatus: "RUNNING" }));
  if (!taskArns?.length) return [];
  return (await ecs.send(new DescribeTasksCommand({ cluster, tasks: taskArns }))).tasks ?? [];
}

test("a service stack is CREATE_COMPLETE only with its task RUNNING; DesiredCount updates in place; delete-stack leaves no container", async () => {
  await cfn.send(new CreateStackCommand({ StackName: "svc-stack", TemplateBody: template(1) }));
  // At the deadline, say what the service was doing.
  const created = await settled(cfn, "svc-stack", 120_000).catch(async (e: Error) => {
    for (const cluster of (await ecs.send(new ListClustersCommand({}))).clusterArns ?? []) {
      const arns = (await ecs.send(new ListServicesCommand({ cluster }))).serviceArns ?? [];
      if (arns.length) e.message += ` ${JSON.stringify((await ecs.send(new DescribeServicesCommand({ cluster, services: arns }))).services?.map((x) => [x.deployments, x.events?.slice(0, 5)]))}`;
    }
    throw e;
  });
  assert.equal(created.StackStatus, "CREATE_COMPLETE", await why(created));
  const o = outputs(created);
  assert.equal(o.Arn, o.ServiceArn);
  assert.match(o.Arn!, new RegExp(`^arn:aws:ecs:us-east-1:\\d{12}:service/${o.Cluster}/${o.Name}$`));
  assert.match(o.Name!, /^svc-stack-Service-[A-Z0-9]+$/);

  // Stable at CREATE_COMPLETE: no waiting here.
  const svc = (await ecs.send(new DescribeServicesCommand({ cluster: o.Cluster, services: [o.Arn!] }))).services![0]!;
  assert.equal(svc.runningCount, 1);
  assert.equal(svc.deployments![0]!.rolloutState, "COMPLETED");
  const tasks = await runningTasks(o.Cluster!, o.Name!);
  assert.equal(tasks.length, 1);
  assert.equal(tasks[0]!.lastStatus, "RUNNING");
  assert.equal((await containers()).filter((c) => c.State === "running").length, 1);

  await cfn.send(new UpdateStackCommand({ StackName: "svc-stack", TemplateBody: template(2) }));
  const updated = await settled(cfn, "svc-stack", 180_000);
  assert.equal(updated.StackStatus, "UPDATE_COMPLETE", await why(updated));
  assert.equal(outputs(updated).Arn, o.Arn, "DesiredCount updates in place");
  const scaled = (await ecs.send(new DescribeServicesCommand({ cluster: o.Cluster, services: [o.Arn!] }))).services![0]!;
  assert.equal(scaled.runningCount, 2);
  assert.equal((await runningTasks(o.Cluster!, o.Name!)).filter((t) => t.lastStatus === "RUNNING").length, 2);

  const stackId = created.StackId!;
  await cfn.send(new DeleteStackCommand({ StackName: "svc-stack" }));
  const deleted = await settled(cfn, stackId, 180_000);
  assert.equal(deleted.StackStatus, "DELETE_COMPLETE", await why(deleted));
  const gone = (await ecs.send(new DescribeServicesCommand({ cluster: o.Cluster, services: [o.Arn!] })));
  assert.ok(gone.services!.length === 0 || gone.services![0]!.status === "INACTIVE");
  const deadline = Date.now() + 60_000;
  while ((await containers()).length > 0) {
    if (Date.now() > deadline) assert.fail(`containers left: ${JSON.stringify((await containers()).map((c) => [c.Id.slice(0, 12), c.State]))}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});

test("a service whose tasks can't start fails the stack with the deployment's reason, and the rollback removes it", async () => {
  await cfn.send(new CreateStackCommand({ StackName: "bad-svc-stack", TemplateBody: template(1, `${family}-bad`, "127.0.0.1:9/nothing:1") }));
  const s = await settled(cfn, "bad-svc-stack", 240_000);
  assert.equal(s.StackStatus, "ROLLBACK_COMPLETE");
  const reason = await why(s);
  assert.match(reason, /Service: Resource handler returned message: "ECS service \S+ did not stabilize: .*circuit breaker/i, reason);
  const { serviceArns } = await ecs.send(new ListServicesCommand({ cluster: "default" }));
  assert.deepEqual(serviceArns, []);
  assert.equal((await containers(`${family}-bad`)).filter((c) => c.State === "running").length, 0);
});
