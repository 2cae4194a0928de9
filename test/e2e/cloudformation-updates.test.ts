/**
 * CloudFormation updates through the SDK: a failed update rolls back (in-place changes undone,
 * replacements discarded, additions deleted) to UPDATE_ROLLBACK_COMPLETE; DeletionPolicy and
 * UpdateReplacePolicy Retain; an export in use can't change; conditions pick resources;
 * independent resources are created concurrently.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CancelUpdateStackCommand, ContinueUpdateRollbackCommand, CreateStackCommand, DeleteStackCommand, DescribeStackEventsCommand, UpdateStackCommand, ListStackResourcesCommand } from "@aws-sdk/client-cloudformation";
import { DescribeClustersCommand } from "@aws-sdk/client-ecs";
import { rejectsWith, useTestServer } from "./harness.js";
import { cfnClient, settled, ssmValue } from "./cfn-support.js";

const t = useTestServer();

const stack = (o: { insights: string; paramName: string; value: string; extra?: Record<string, unknown> }) =>
  JSON.stringify({
    Resources: {
      Cluster: { Type: "AWS::ECS::Cluster", Properties: { ClusterName: "upd", ClusterSettings: [{ Name: "containerInsights", Value: o.insights }] } },
      Param: { Type: "AWS::SSM::Parameter", Properties: { Name: o.paramName, Type: "String", Value: o.value } },
      ...o.extra,
    },
    Outputs: { P: { Value: { Ref: "Param" } } },
  });

test("a failed update rolls back: in place undone, replacement and additions deleted", async () => {
  const cfn = cfnClient(t.server);
  const { StackId } = await cfn.send(new CreateStackCommand({ StackName: "upd", TemplateBody: stack({ insights: "disabled", paramName: "/upd/a", value: "one" }) }));
  assert.equal((await settled(cfn, "upd")).StackStatus, "CREATE_COMPLETE");
  await cfn.send(new UpdateStackCommand({
    StackName: "upd",
    TemplateBody: stack({
      insights: "enabled",
      paramName: "/upd/b",
      value: "two",
      extra: {
        Added: { Type: "AWS::SSM::Parameter", Properties: { Name: "/upd/added", Type: "String", Value: "x" } },
        Broken: { Type: "AWS::ECS::TaskDefinition", DependsOn: ["Cluster", "Param", "Added"], Properties: { ContainerDefinitions: [] } },
      },
    }),
  }));
  const s = await settled(cfn, "upd");
  assert.equal(s.StackStatus, "UPDATE_ROLLBACK_COMPLETE", s.StackStatusReason);
  assert.equal(s.StackStatusReason, "The following resource(s) failed to create: [Broken].");
  assert.deepEqual(s.Outputs, [{ OutputKey: "P", OutputValue: "/upd/a" }]);
  const { clusters } = await t.ecs.send(new DescribeClustersCommand({ clusters: ["upd"], include: ["SETTINGS"] }));
  assert.deepEqual(clusters![0]!.settings, [{ name: "containerInsights", value: "disabled" }]);
  assert.equal(await ssmValue(t.server, "/upd/a"), "one");
  assert.equal(await ssmValue(t.server, "/upd/b"), undefined);
  assert.equal(await ssmValue(t.server, "/upd/added"), undefined);
  const { StackResourceSummaries } = await cfn.send(new ListStackResourcesCommand({ StackName: "upd" }));
  assert.deepEqual(StackResourceSummaries!.map((r) => [r.LogicalResourceId, r.PhysicalResourceId]), [["Cluster", "upd"], ["Param", "/upd/a"]]);

  // The same update without the broken resource: in place and replacement both happen.
  await cfn.send(new UpdateStackCommand({ StackName: "upd", TemplateBody: stack({ insights: "enabled", paramName: "/upd/b", value: "two" }) }));
  const ok = await settled(cfn, "upd");
  assert.equal(ok.StackStatus, "UPDATE_COMPLETE", ok.StackStatusReason);
  assert.equal(await ssmValue(t.server, "/upd/a"), undefined);
  assert.equal(await ssmValue(t.server, "/upd/b"), "two");
  const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: "upd" }));
  const replaced = StackEvents!.find((e) => e.LogicalResourceId === "Param" && e.ResourceStatus === "UPDATE_IN_PROGRESS" && e.ResourceStatusReason);
  assert.equal(replaced?.ResourceStatusReason, "Requested update requires the creation of a new physical resource; hence creating one.");
  // The old parameter is deleted during the cleanup, after every resource is updated.
  const oldDeleted = StackEvents!.findIndex((e) => e.LogicalResourceId === "Param" && e.ResourceStatus === "DELETE_COMPLETE" && e.PhysicalResourceId === "/upd/a");
  const cleanup = StackEvents!.findIndex((e) => String(e.ResourceStatus) === "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS");
  assert.ok(oldDeleted >= 0 && oldDeleted < cleanup);
  assert.equal(String(StackEvents![0]!.ResourceStatus), "UPDATE_COMPLETE");
  await cfn.send(new DeleteStackCommand({ StackName: "upd" }));
  assert.equal((await settled(cfn, StackId!)).StackStatus, "DELETE_COMPLETE");
});

test("DeletionPolicy and UpdateReplacePolicy Retain keep the physical resources", async () => {
  const cfn = cfnClient(t.server);
  const tpl = (name: string) => JSON.stringify({
    Resources: {
      Kept: { Type: "AWS::SSM::Parameter", DeletionPolicy: "Retain", UpdateReplacePolicy: "Retain", Properties: { Name: name, Type: "String", Value: "v" } },
      Gone: { Type: "AWS::SSM::Parameter", Properties: { Name: "/ret/gone", Type: "String", Value: "v" } },
    },
  });
  const { StackId } = await cfn.send(new CreateStackCommand({ StackName: "ret", TemplateBody: tpl("/ret/one") }));
  assert.equal((await settled(cfn, "ret")).StackStatus, "CREATE_COMPLETE");
  await cfn.send(new UpdateStackCommand({ StackName: "ret", TemplateBody: tpl("/ret/two") }));
  assert.equal((await settled(cfn, "ret")).StackStatus, "UPDATE_COMPLETE");
  assert.equal(await ssmValue(t.server, "/ret/one"), "v");
  await cfn.send(new DeleteStackCommand({ StackName: "ret" }));
  assert.equal((await settled(cfn, StackId!)).StackStatus, "DELETE_COMPLETE");
  assert.equal(await ssmValue(t.server, "/ret/two"), "v");
  assert.equal(await ssmValue(t.server, "/ret/gone"), undefined);
  const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: StackId }));
  assert.ok(StackEvents!.some((e) => e.LogicalResourceId === "Kept" && e.ResourceStatus === "DELETE_SKIPPED"));
});

test("an export in use by another stack can't change: the update rolls back", async () => {
  const cfn = cfnClient(t.server);
  const exporter = (v: string) => JSON.stringify({
    Resources: { P: { Type: "AWS::SSM::Parameter", Properties: { Name: "/exp/p", Type: "String", Value: v } } },
    Outputs: { V: { Value: { "Fn::GetAtt": ["P", "Value"] }, Export: { Name: "exp-value" } } },
  });
  const { StackId: expId } = await cfn.send(new CreateStackCommand({ StackName: "exp", TemplateBody: exporter("a") }));
  assert.equal((await settled(cfn, "exp")).StackStatus, "CREATE_COMPLETE");
  const { StackId: impId } = await cfn.send(new CreateStackCommand({ StackName: "imp", TemplateBody: JSON.stringify({ Resources: { Q: { Type: "AWS::SSM::Parameter", Properties: { Type: "String", Value: { "Fn::ImportValue": "exp-value" } } } } }) }));
  assert.equal((await settled(cfn, "imp")).StackStatus, "CREATE_COMPLETE");
  await cfn.send(new UpdateStackCommand({ StackName: "exp", TemplateBody: exporter("b") }));
  const s = await settled(cfn, "exp");
  assert.equal(s.StackStatus, "UPDATE_ROLLBACK_COMPLETE");
  assert.equal(s.StackStatusReason, "Cannot update export exp-value as it is in use by imp");
  assert.equal(await ssmValue(t.server, "/exp/p"), "a");
  await cfn.send(new DeleteStackCommand({ StackName: "imp" }));
  await settled(cfn, impId!);
  await cfn.send(new DeleteStackCommand({ StackName: "exp" }));
  assert.equal((await settled(cfn, expId!)).StackStatus, "DELETE_COMPLETE");
});

test("conditions choose resources; independent resources are created concurrently", async () => {
  const cfn = cfnClient(t.server);
  const body = `
Parameters:
  Env: { Type: String, AllowedValues: [dev, prod] }
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  A: { Type: AWS::SSM::Parameter, Properties: { Name: /cond/a, Type: String, Value: !If [IsProd, big, small] } }
  B: { Type: AWS::SSM::Parameter, Properties: { Name: /cond/b, Type: String, Value: b } }
  C: { Type: AWS::SSM::Parameter, Properties: { Name: /cond/c, Type: String, Value: c } }
  ProdOnly: { Type: AWS::SSM::Parameter, Condition: IsProd, Properties: { Name: /cond/prod, Type: String, Value: !GetAtt A.Value } }
Outputs:
  Prod:
    Condition: IsProd
    Value: !Ref ProdOnly
  Size:
    Value: !If [IsProd, !GetAtt ProdOnly.Value, !GetAtt A.Value]
`;
  const { StackId } = await cfn.send(new CreateStackCommand({ StackName: "cond", TemplateBody: body, Parameters: [{ ParameterKey: "Env", ParameterValue: "dev" }] }));
  const s = await settled(cfn, "cond");
  assert.equal(s.StackStatus, "CREATE_COMPLETE", s.StackStatusReason);
  assert.deepEqual(s.Outputs, [{ OutputKey: "Size", OutputValue: "small" }]);
  assert.equal(await ssmValue(t.server, "/cond/prod"), undefined);
  const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: "cond" }));
  const order = StackEvents!.slice().reverse().map((e) => `${e.LogicalResourceId}:${e.ResourceStatus}`);
  // A, B and C need nothing: all three start before any of them completes.
  const firstComplete = order.findIndex((e) => e.endsWith(":CREATE_COMPLETE"));
  for (const id of ["A", "B", "C"]) assert.ok(order.indexOf(`${id}:CREATE_IN_PROGRESS`) < firstComplete, order.join(" "));

  await cfn.send(new UpdateStackCommand({ StackName: "cond", TemplateBody: body, Parameters: [{ ParameterKey: "Env", ParameterValue: "prod" }] }));
  const p = await settled(cfn, "cond");
  assert.equal(p.StackStatus, "UPDATE_COMPLETE", p.StackStatusReason);
  assert.deepEqual(p.Outputs!.map((o) => [o.OutputKey, o.OutputValue]), [["Prod", "/cond/prod"], ["Size", "big"]]);
  assert.equal(await ssmValue(t.server, "/cond/prod"), "big");
  await cfn.send(new DeleteStackCommand({ StackName: "cond" }));
  assert.equal((await settled(cfn, StackId!)).StackStatus, "DELETE_COMPLETE");
});

test("CancelUpdateStack stops an update and rolls it back; ContinueUpdateRollback needs UPDATE_ROLLBACK_FAILED", async () => {
  const cfn = cfnClient(t.server);
  const chain = (value: string) => JSON.stringify({
    Resources: Object.fromEntries(
      Array.from({ length: 80 }, (_, i) => [`P${i}`, { Type: "AWS::SSM::Parameter", ...(i > 0 && { DependsOn: `P${i - 1}` }), Properties: { Name: `/cancel/${i}`, Type: "String", Value: value } }]),
    ),
  });
  const { StackId } = await cfn.send(new CreateStackCommand({ StackName: "cancel", TemplateBody: chain("before") }));
  assert.equal((await settled(cfn, "cancel")).StackStatus, "CREATE_COMPLETE");
  await rejectsWith(cfn.send(new CancelUpdateStackCommand({ StackName: "cancel" })), "ValidationError", /^CancelUpdateStack cannot be called from current stack status\.$/);
  await rejectsWith(cfn.send(new ContinueUpdateRollbackCommand({ StackName: "cancel" })), "ValidationError", /is in CREATE_COMPLETE state and can not continue update rollback/);
  await cfn.send(new UpdateStackCommand({ StackName: "cancel", TemplateBody: chain("after") }));
  await cfn.send(new CancelUpdateStackCommand({ StackName: "cancel" }));
  const s = await settled(cfn, "cancel");
  assert.equal(s.StackStatus, "UPDATE_ROLLBACK_COMPLETE");
  assert.equal(s.StackStatusReason, "Stack update cancelled");
  for (const i of [0, 40, 79]) assert.equal(await ssmValue(t.server, `/cancel/${i}`), "before");
  await cfn.send(new DeleteStackCommand({ StackName: "cancel" }));
  assert.equal((await settled(cfn, StackId!)).StackStatus, "DELETE_COMPLETE");
});
