/**
 * CloudFormation and SSM Parameter Store through Debian's aws CLI v2: `deploy` (change sets and
 * their waiters), create-stack / wait stack-create-complete / update-stack / wait
 * stack-update-complete / describe-stack-events /
 * delete-stack / wait stack-delete-complete, a failing resource failing the waiter, and a
 * parameter resolved from Parameter Store.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DescribeClustersCommand, DescribeTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { startTestServer, type TestServer } from "./harness.js";
import { runAwsCli, type CliResult } from "../support/aws-cli.js";

let t: TestServer;
let home: string;
before(async () => {
  t = await startTestServer();
  home = mkdtempSync(path.join(os.tmpdir(), "berth-cfn-cli-"));
});
after(async () => {
  await t.stop();
  rmSync(home, { recursive: true, force: true });
});

function aws(...args: string[]): Promise<CliResult> {
  return runAwsCli(home, ["--endpoint-url", t.url, ...args]);
}

/**
 * `aws cloudformation deploy` names its change set after the current epoch second, and a change set
 * that FAILED for holding no changes stays on the stack (as in AWS), so a second deploy within the
 * same second collides with it. Wait until the wall clock enters a new second.
 */
async function nextSecond(): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  while (Math.floor(Date.now() / 1000) === now) await new Promise((r) => setTimeout(r, 20));
}

const file = (name: string, text: string) => {
  const p = path.join(home, name);
  writeFileSync(p, text);
  return p;
};

const TEMPLATE = (image: string) => `
Parameters:
  Image:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /berth/cli/image
Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties: { ClusterName: cli-cluster }
  TaskDef:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: cli-app
      ContainerDefinitions:
        - Name: app
          Image: !Ref Image
          Memory: 64
          Environment: [{ Name: TAG, Value: ${image} }]
Outputs:
  Family:
    Value: !Ref TaskDef
`;

test("ssm put-parameter / get-parameter / get-parameters-by-path / delete-parameter", async () => {
  const put = await aws("ssm", "put-parameter", "--name", "/berth/cli/image", "--type", "String", "--value", "127.0.0.1:9/app:1");
  assert.equal(put.code, 0, put.stderr);
  assert.deepEqual(JSON.parse(put.stdout), { Version: 1, Tier: "Standard" });
  const secret = await aws("ssm", "put-parameter", "--name", "/berth/cli/secret", "--type", "SecureString", "--value", "hunter2");
  assert.equal(secret.code, 0, secret.stderr);
  const got = JSON.parse((await aws("ssm", "get-parameter", "--name", "/berth/cli/image")).stdout);
  assert.equal(got.Parameter.Value, "127.0.0.1:9/app:1");
  assert.equal(got.Parameter.ARN, "arn:aws:ssm:us-east-1:000000000000:parameter/berth/cli/image");
  const hidden = JSON.parse((await aws("ssm", "get-parameter", "--name", "/berth/cli/secret")).stdout);
  assert.notEqual(hidden.Parameter.Value, "hunter2");
  const shown = JSON.parse((await aws("ssm", "get-parameter", "--name", "/berth/cli/secret", "--with-decryption")).stdout);
  assert.equal(shown.Parameter.Value, "hunter2");
  const byPath = JSON.parse((await aws("ssm", "get-parameters-by-path", "--path", "/berth", "--recursive")).stdout);
  assert.deepEqual(byPath.Parameters.map((p: { Name: string }) => p.Name), ["/berth/cli/image", "/berth/cli/secret"]);
  const missing = await aws("ssm", "delete-parameter", "--name", "/nope");
  assert.match(missing.stderr, /ParameterNotFound/);
});

test("aws cloudformation deploy creates and updates a stack; delete-stack and its waiter remove it", async () => {
  const tpl = file("app.yaml", TEMPLATE("v1"));
  const first = await aws("cloudformation", "deploy", "--stack-name", "cli", "--template-file", tpl);
  assert.equal(first.code, 0, first.stderr + first.stdout);
  assert.match(first.stdout, /Successfully created\/updated stack - cli/);
  const { clusters } = await t.ecs().send(new DescribeClustersCommand({ clusters: ["cli-cluster"] }));
  assert.equal(clusters![0]!.status, "ACTIVE");
  const td = await t.ecs().send(new DescribeTaskDefinitionCommand({ taskDefinition: "cli-app" }));
  assert.equal(td.taskDefinition!.containerDefinitions![0]!.image, "127.0.0.1:9/app:1");

  await nextSecond();
  const same = await aws("cloudformation", "deploy", "--stack-name", "cli", "--template-file", tpl);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stdout + same.stderr, /No changes to deploy/);

  await nextSecond();
  const second = await aws("cloudformation", "deploy", "--stack-name", "cli", "--template-file", file("app2.yaml", TEMPLATE("v2")));
  assert.equal(second.code, 0, second.stderr + second.stdout);
  const described = JSON.parse((await aws("cloudformation", "describe-stacks", "--stack-name", "cli")).stdout);
  assert.equal(described.Stacks[0].StackStatus, "UPDATE_COMPLETE");
  assert.match(described.Stacks[0].Outputs[0].OutputValue, /task-definition\/cli-app:2$/);
  assert.deepEqual(described.Stacks[0].Parameters, [{ ParameterKey: "Image", ParameterValue: "/berth/cli/image", ResolvedValue: "127.0.0.1:9/app:1" }]);

  const events = JSON.parse((await aws("cloudformation", "describe-stack-events", "--stack-name", "cli")).stdout);
  assert.equal(events.StackEvents[0].ResourceStatus, "UPDATE_COMPLETE");
  assert.ok(events.StackEvents.some((e: { LogicalResourceId: string; ResourceStatus: string }) => e.LogicalResourceId === "TaskDef" && e.ResourceStatus === "UPDATE_IN_PROGRESS"));

  assert.equal((await aws("cloudformation", "delete-stack", "--stack-name", "cli")).code, 0);
  const waited = await aws("cloudformation", "wait", "stack-delete-complete", "--stack-name", "cli");
  assert.equal(waited.code, 0, waited.stderr);
  const after = await t.ecs().send(new DescribeClustersCommand({ clusters: ["cli-cluster"] }));
  assert.equal(after.clusters![0]!.status, "INACTIVE");
});

test("create-stack and wait stack-create-complete; a failing resource fails the waiter and rolls back", async () => {
  const good = await aws("cloudformation", "create-stack", "--stack-name", "cli-good", "--template-body", `file://${file("good.yaml", TEMPLATE("v1"))}`);
  assert.equal(good.code, 0, good.stderr);
  assert.match(JSON.parse(good.stdout).StackId, /:stack\/cli-good\//);
  const waited = await aws("cloudformation", "wait", "stack-create-complete", "--stack-name", "cli-good");
  assert.equal(waited.code, 0, waited.stderr);
  const updated = await aws("cloudformation", "update-stack", "--stack-name", "cli-good", "--template-body", `file://${file("good2.yaml", TEMPLATE("v3"))}`);
  assert.equal(updated.code, 0, updated.stderr);
  const waitedUpdate = await aws("cloudformation", "wait", "stack-update-complete", "--stack-name", "cli-good");
  assert.equal(waitedUpdate.code, 0, waitedUpdate.stderr);

  const bad = file("bad.yaml", `
Resources:
  Cluster:
    Type: AWS::ECS::Cluster
  Broken:
    Type: AWS::ECS::TaskDefinition
    DependsOn: Cluster
    Properties:
      ContainerDefinitions: []
`);
  assert.equal((await aws("cloudformation", "create-stack", "--stack-name", "cli-bad", "--template-body", `file://${bad}`)).code, 0);
  const failed = await aws("cloudformation", "wait", "stack-create-complete", "--stack-name", "cli-bad");
  assert.notEqual(failed.code, 0);
  assert.match(failed.stderr, /Waiter StackCreateComplete failed/);
  const described = JSON.parse((await aws("cloudformation", "describe-stacks", "--stack-name", "cli-bad")).stdout);
  assert.equal(described.Stacks[0].StackStatus, "ROLLBACK_COMPLETE");
  const resources = JSON.parse((await aws("cloudformation", "list-stack-resources", "--stack-name", "cli-bad")).stdout);
  assert.deepEqual(resources.StackResourceSummaries.map((r: { ResourceStatus: string }) => r.ResourceStatus), ["DELETE_COMPLETE", "DELETE_COMPLETE"]);

  const unknown = await aws("cloudformation", "create-stack", "--stack-name", "cli-x", "--template-body", '{"Resources":{"Q":{"Type":"AWS::SQS::Queue"}}}');
  assert.match(unknown.stderr, /ValidationError.*Template format error: Unrecognized resource types: \[AWS::SQS::Queue\]/);
  assert.equal((await aws("cloudformation", "delete-stack", "--stack-name", "cli-bad")).code, 0);
  const gone = await aws("cloudformation", "wait", "stack-delete-complete", "--stack-name", "cli-bad");
  assert.equal(gone.code, 0, gone.stderr);
  const missing = await aws("cloudformation", "describe-stacks", "--stack-name", "cli-bad");
  assert.match(missing.stderr, /\(ValidationError\) when calling the DescribeStacks operation: Stack with id cli-bad does not exist/);
});
