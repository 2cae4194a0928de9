/**
 * Stacks survive a restart, and a deployment cut short by `kill -9` of the server ends, after
 * the restart, in a clear state: the create is rolled back (ROLLBACK_COMPLETE) and what it had
 * made is deleted; an update is rolled back (UPDATE_ROLLBACK_COMPLETE) to the values before it.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CloudFormationClient, CreateStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, ListStackResourcesCommand, UpdateStackCommand } from "@aws-sdk/client-cloudformation";
import { DescribeClustersCommand, ECSClient } from "@aws-sdk/client-ecs";
import { spawnServer, type ServerProcess } from "./spawn-server.js";
import { TEST_CREDENTIALS } from "./harness.js";
import { settled, ssmValue } from "./cfn-support.js";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "berth-cfn-restart-"));
const running: ServerProcess[] = [];
after(async () => {
  for (const s of running) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill("SIGKILL");
  await Promise.all(running.map((s) => s.exited));
  rmSync(dataDir, { recursive: true, force: true });
});

const clients = (url: string) => ({
  cfn: new CloudFormationClient({ endpoint: url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 }),
  ecs: new ECSClient({ endpoint: url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 }),
});

// A chain of clusters, each waiting for the one before: long enough to be cut in the middle.
const CHAIN = 200;
const chain = JSON.stringify({
  Resources: Object.fromEntries(
    Array.from({ length: CHAIN }, (_, i) => [`C${i}`, { Type: "AWS::ECS::Cluster", ...(i > 0 && { DependsOn: `C${i - 1}` }), Properties: { ClusterName: `chain-${i}` } }]),
  ),
});

test("a completed stack survives kill -9; a create cut short by kill -9 is rolled back after the restart", async () => {
  const first = await spawnServer(["--data-dir", dataDir, "--no-agent"]);
  running.push(first);
  const a = clients(first.url);
  await a.cfn.send(new CreateStackCommand({ StackName: "kept", TemplateBody: JSON.stringify({ Resources: { C: { Type: "AWS::ECS::Cluster", Properties: { ClusterName: "kept" } } }, Outputs: { N: { Value: { Ref: "C" }, Export: { Name: "kept-name" } } } }) }));
  assert.equal((await settled(a.cfn, "kept")).StackStatus, "CREATE_COMPLETE");

  const { StackId } = await a.cfn.send(new CreateStackCommand({ StackName: "chain", TemplateBody: chain }));
  // Wait until a few clusters are made and the stack is still being created, then kill.
  const until = Date.now() + 60_000;
  for (;;) {
    const { StackEvents } = await a.cfn.send(new DescribeStackEventsCommand({ StackName: StackId }));
    const complete = StackEvents!.filter((e) => e.ResourceStatus === "CREATE_COMPLETE" && e.LogicalResourceId !== "chain").length;
    if (complete >= 3) break;
    assert.ok(Date.now() < until, "the chain never got going");
  }
  first.child.kill("SIGKILL");
  assert.equal(await first.exited, "SIGKILL");
  a.cfn.destroy();
  a.ecs.destroy();

  const second = await spawnServer(["--data-dir", dataDir, "--no-agent"]);
  running.push(second);
  const b = clients(second.url);
  const kept = await b.cfn.send(new DescribeStacksCommand({ StackName: "kept" }));
  assert.equal(kept.Stacks![0]!.StackStatus, "CREATE_COMPLETE");
  assert.deepEqual(kept.Stacks![0]!.Outputs, [{ OutputKey: "N", OutputValue: "kept", ExportName: "kept-name" }]);

  const chained = await settled(b.cfn, StackId!);
  assert.equal(chained.StackStatus, "ROLLBACK_COMPLETE");
  assert.equal(chained.StackStatusReason, "berth restarted while the stack was being created. Rollback requested by berth.");
  const { StackResourceSummaries } = await b.cfn.send(new ListStackResourcesCommand({ StackName: StackId }));
  assert.ok(StackResourceSummaries!.length >= 3 && StackResourceSummaries!.length < CHAIN, `${StackResourceSummaries!.length} resources`);
  assert.ok(StackResourceSummaries!.every((r) => r.ResourceStatus === "DELETE_COMPLETE"));
  const made = StackResourceSummaries!.filter((r) => r.PhysicalResourceId).map((r) => r.PhysicalResourceId!);
  const { clusters } = await b.ecs.send(new DescribeClustersCommand({ clusters: made }));
  assert.deepEqual(clusters!.map((c) => c.status), made.map(() => "INACTIVE"));
  b.cfn.destroy();
  b.ecs.destroy();
  second.child.kill("SIGTERM");
  assert.equal(await second.exited, 0);
});

const params = (value: string) => JSON.stringify({
  Resources: Object.fromEntries(
    Array.from({ length: 120 }, (_, i) => [`P${i}`, { Type: "AWS::SSM::Parameter", ...(i > 0 && { DependsOn: `P${i - 1}` }), Properties: { Name: `/chain/${i}`, Type: "String", Value: value } }]),
  ),
});

test("an update cut short by kill -9 is rolled back after the restart", async () => {
  const first = await spawnServer(["--data-dir", dataDir, "--no-agent"]);
  running.push(first);
  const a = clients(first.url);
  await a.cfn.send(new CreateStackCommand({ StackName: "params", TemplateBody: params("before") }));
  assert.equal((await settled(a.cfn, "params")).StackStatus, "CREATE_COMPLETE");
  await a.cfn.send(new UpdateStackCommand({ StackName: "params", TemplateBody: params("after") }));
  const until = Date.now() + 60_000;
  for (;;) {
    const { StackEvents } = await a.cfn.send(new DescribeStackEventsCommand({ StackName: "params" }));
    if (StackEvents!.filter((e) => e.ResourceStatus === "UPDATE_COMPLETE").length >= 3) break;
    assert.ok(Date.now() < until, "the update never got going");
  }
  first.child.kill("SIGKILL");
  assert.equal(await first.exited, "SIGKILL");
  a.cfn.destroy();
  a.ecs.destroy();

  const second = await spawnServer(["--data-dir", dataDir, "--no-agent"]);
  running.push(second);
  const b = clients(second.url);
  const s = await settled(b.cfn, "params");
  assert.equal(s.StackStatus, "UPDATE_ROLLBACK_COMPLETE");
  assert.equal(s.StackStatusReason, "berth restarted while the stack was being updated. Rollback requested by berth.");
  const server = { url: second.url } as Parameters<typeof ssmValue>[0];
  for (const i of [0, 1, 2, 60, 119]) assert.equal(await ssmValue(server, `/chain/${i}`), "before", `/chain/${i}`);
  b.cfn.destroy();
  b.ecs.destroy();
  second.child.kill("SIGTERM");
  assert.equal(await second.exited, 0);
});
