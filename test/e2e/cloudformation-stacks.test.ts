/**
 * CloudFormation through @aws-sdk/client-cloudformation: a stack of a cluster, a task definition,
 * an SSM parameter and recorded IAM/EC2 resources is created in dependency order and the ECS
 * resources are real; updates replace or update in place; a failing resource rolls back; change
 * sets; exports and imports with their protections; template errors before anything is made.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  CreateChangeSetCommand, CreateStackCommand, DeleteStackCommand, DescribeChangeSetCommand, DescribeStackEventsCommand,
  DescribeStackResourceCommand, DescribeStacksCommand, ExecuteChangeSetCommand, GetTemplateCommand, ListExportsCommand,
  ListImportsCommand, ListStackResourcesCommand, ListStacksCommand, UpdateStackCommand, UpdateTerminationProtectionCommand,
  ValidateTemplateCommand, GetTemplateSummaryCommand, ListChangeSetsCommand, DeleteChangeSetCommand,
} from "@aws-sdk/client-cloudformation";
import { DescribeClustersCommand, DescribeTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { rejectsWith, useTestServer } from "./harness.js";
import { cfnClient, settled, ssmCall } from "./cfn-support.js";

const t = useTestServer();

const base = (family: string, extra = "") => `
AWSTemplateFormatVersion: "2010-09-09"
Description: base stack
Parameters:
  Env:
    Type: String
    AllowedValues: [dev, prod]
    Default: dev
  Image:
    Type: String
    Default: "127.0.0.1:9/app:1"
Resources:
  Cluster:
    Type: AWS::ECS::Cluster
    Properties:
      ClusterName: !Sub "\${AWS::StackName}-\${Env}"
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
  Vpc:
    Type: AWS::EC2::VPC
    Properties: { CidrBlock: 10.0.0.0/16 }
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]
  Param:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Value: !Join [",", [!Ref Env, !Ref "AWS::Region"]]
  TaskDef:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: ${family}
      RequiresCompatibilities: [FARGATE]
      NetworkMode: awsvpc
      Cpu: 256
      Memory: 512
      ExecutionRoleArn: !GetAtt Role.Arn
      ContainerDefinitions:
        - Name: app
          Image: !Ref Image
          Essential: true
          PortMappings: [{ ContainerPort: 80 }]
          Environment:
            - Name: CLUSTER
              Value: !Ref Cluster
${extra}
Outputs:
  ClusterName:
    Value: !Ref Cluster
    Export: { Name: !Sub "\${AWS::StackName}-cluster" }
  SubnetId:
    Value: !Ref Subnet
    Export: { Name: !Sub "\${AWS::StackName}-subnet" }
  TaskDefArn:
    Value: !Ref TaskDef
`;

test("a stack creates a cluster and a task definition through ECS, with outputs, events and resources", async () => {
  const cfn = cfnClient(t.server);
  await rejectsWith(cfn.send(new CreateStackCommand({ StackName: "base", TemplateBody: base("web") })), "InsufficientCapabilitiesException", /Requires capabilities : \[CAPABILITY_IAM\]/);
  const { StackId } = await cfn.send(new CreateStackCommand({ StackName: "base", TemplateBody: base("web"), Capabilities: ["CAPABILITY_IAM"] }));
  assert.match(StackId!, /^arn:aws:cloudformation:us-east-1:\d{12}:stack\/base\//);
  await rejectsWith(cfn.send(new CreateStackCommand({ StackName: "base", TemplateBody: base("web"), Capabilities: ["CAPABILITY_IAM"] })), "AlreadyExistsException", /Stack \[base\] already exists/);
  const stack = await settled(cfn, "base");
  assert.equal(stack.StackStatus, "CREATE_COMPLETE", stack.StackStatusReason);
  const outputs = Object.fromEntries(stack.Outputs!.map((o) => [o.OutputKey, o.OutputValue]));
  assert.equal(outputs.ClusterName, "base-dev");
  assert.match(outputs.SubnetId!, /^subnet-[0-9a-f]{17}$/);
  const { clusters } = await t.ecs.send(new DescribeClustersCommand({ clusters: ["base-dev"] }));
  assert.equal(clusters![0]!.status, "ACTIVE");
  const { taskDefinition } = await t.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: outputs.TaskDefArn }));
  assert.equal(taskDefinition!.family, "web");
  assert.deepEqual(taskDefinition!.containerDefinitions![0]!.environment, [{ name: "CLUSTER", value: "base-dev" }]);
  assert.match(taskDefinition!.executionRoleArn!, /^arn:aws:iam::\d{12}:role\/base-Role-/);

  const { StackResourceSummaries } = await cfn.send(new ListStackResourcesCommand({ StackName: "base" }));
  assert.deepEqual(StackResourceSummaries!.map((r) => [r.LogicalResourceId, r.ResourceStatus]).sort(), [
    ["Cluster", "CREATE_COMPLETE"], ["Param", "CREATE_COMPLETE"], ["Role", "CREATE_COMPLETE"], ["Subnet", "CREATE_COMPLETE"], ["TaskDef", "CREATE_COMPLETE"], ["Vpc", "CREATE_COMPLETE"],
  ]);
  const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: StackId }));
  const order = StackEvents!.slice().reverse().map((e) => `${e.LogicalResourceId}:${e.ResourceStatus}`);
  assert.equal(order[0], "base:CREATE_IN_PROGRESS");
  assert.equal(order[order.length - 1], "base:CREATE_COMPLETE");
  // Dependencies come first: the task definition starts only after the cluster and the role are complete.
  assert.ok(order.indexOf("Cluster:CREATE_COMPLETE") < order.indexOf("TaskDef:CREATE_IN_PROGRESS"));
  assert.ok(order.indexOf("Vpc:CREATE_COMPLETE") < order.indexOf("Subnet:CREATE_IN_PROGRESS"));
  const { StackResourceDetail } = await cfn.send(new DescribeStackResourceCommand({ StackName: "base", LogicalResourceId: "Cluster" }));
  assert.equal(StackResourceDetail!.PhysicalResourceId, "base-dev");
  const { TemplateBody } = await cfn.send(new GetTemplateCommand({ StackName: "base" }));
  assert.equal(TemplateBody, base("web"));
  const { Exports } = await cfn.send(new ListExportsCommand({}));
  assert.deepEqual(Exports!.map((e) => e.Name), ["base-cluster", "base-subnet"]);

  // Update: a new image replaces the task definition (new revision); same parameters: no updates.
  await rejectsWith(cfn.send(new UpdateStackCommand({ StackName: "base", UsePreviousTemplate: true, Capabilities: ["CAPABILITY_IAM"] })), "ValidationError", /^No updates are to be performed\.$/);
  await cfn.send(new UpdateStackCommand({ StackName: "base", UsePreviousTemplate: true, Capabilities: ["CAPABILITY_IAM"], Parameters: [{ ParameterKey: "Env", UsePreviousValue: true }, { ParameterKey: "Image", ParameterValue: "127.0.0.1:9/app:2" }] }));
  const updated = await settled(cfn, "base");
  assert.equal(updated.StackStatus, "UPDATE_COMPLETE", updated.StackStatusReason);
  const newArn = updated.Outputs!.find((o) => o.OutputKey === "TaskDefArn")!.OutputValue!;
  assert.match(newArn, /:task-definition\/web:2$/);
  const old = await t.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: "web:1" }));
  assert.equal(old.taskDefinition!.status, "INACTIVE");
  assert.equal(updated.Outputs!.find((o) => o.OutputKey === "ClusterName")!.OutputValue, "base-dev");
});

test("a failing resource rolls the create back and deletes what was made", async () => {
  const cfn = cfnClient(t.server);
  const template = JSON.stringify({
    Resources: {
      Cluster: { Type: "AWS::ECS::Cluster", Properties: { ClusterName: "doomed" } },
      Bad: { Type: "AWS::ECS::TaskDefinition", DependsOn: "Cluster", Properties: { Family: "bad", ContainerDefinitions: [{ Name: "x", Image: "i", Memory: 0 }] } },
    },
  });
  await cfn.send(new CreateStackCommand({ StackName: "doomed", TemplateBody: template }));
  const s = await settled(cfn, "doomed");
  assert.equal(s.StackStatus, "ROLLBACK_COMPLETE");
  assert.match(s.StackStatusReason ?? "", /^The following resource\(s\) failed to create: \[Bad\]\. Rollback requested by user\.$/);
  const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName: "doomed" }));
  const failed = StackEvents!.find((e) => e.LogicalResourceId === "Bad" && e.ResourceStatus === "CREATE_FAILED");
  assert.ok(failed?.ResourceStatusReason);
  const { clusters } = await t.ecs.send(new DescribeClustersCommand({ clusters: ["doomed"] }));
  assert.equal(clusters![0]!.status, "INACTIVE");
  await rejectsWith(cfn.send(new UpdateStackCommand({ StackName: "doomed", TemplateBody: template })), "ValidationError", /is in ROLLBACK_COMPLETE state and can not be updated/);
  await cfn.send(new DeleteStackCommand({ StackName: "doomed" }));
  const deleted = await settled(cfn, s.StackId!);
  assert.equal(deleted.StackStatus, "DELETE_COMPLETE");
  await rejectsWith(cfn.send(new DescribeStacksCommand({ StackName: "doomed" })), "ValidationError", /^Stack with id doomed does not exist$/);
  const { StackSummaries } = await cfn.send(new ListStacksCommand({ StackStatusFilter: ["DELETE_COMPLETE"] }));
  assert.ok(StackSummaries!.some((x) => x.StackId === s.StackId));
});

test("imports pin exports: the importing stack must go first", async () => {
  const cfn = cfnClient(t.server);
  const app = (param: string) => JSON.stringify({
    Resources: { P: { Type: "AWS::SSM::Parameter", Properties: { Name: param, Type: "String", Value: { "Fn::Sub": ["${C}/x", { C: { "Fn::ImportValue": "base-cluster" } }] } } } },
  });
  await rejectsWith(
    cfn.send(new CreateStackCommand({ StackName: "nope", TemplateBody: JSON.stringify({ Resources: { P: { Type: "AWS::SSM::Parameter", Properties: { Type: "String", Value: { "Fn::ImportValue": "missing-export" } } } } }) })),
    "ValidationError",
    /^No export named missing-export found$/,
  );
  const { StackId: appId } = await cfn.send(new CreateStackCommand({ StackName: "app", TemplateBody: app("/app/cluster") }));
  assert.equal((await settled(cfn, "app")).StackStatus, "CREATE_COMPLETE");
  const { Imports } = await cfn.send(new ListImportsCommand({ ExportName: "base-cluster" }));
  assert.deepEqual(Imports, ["app"]);
  await cfn.send(new UpdateTerminationProtectionCommand({ StackName: "app", EnableTerminationProtection: true }));
  await rejectsWith(cfn.send(new DeleteStackCommand({ StackName: "app" })), "ValidationError", /^Stack \[app\] cannot be deleted while TerminationProtection is enabled$/);
  await cfn.send(new UpdateTerminationProtectionCommand({ StackName: "app", EnableTerminationProtection: false }));

  await cfn.send(new DeleteStackCommand({ StackName: "base" }));
  const blocked = await settled(cfn, "base");
  assert.equal(blocked.StackStatus, "DELETE_FAILED");
  assert.equal(blocked.StackStatusReason, "Export base-cluster cannot be deleted as it is in use by app");

  await cfn.send(new DeleteStackCommand({ StackName: "app" }));
  assert.equal((await settled(cfn, appId!)).StackStatus, "DELETE_COMPLETE");
  const baseId = blocked.StackId!;
  await cfn.send(new DeleteStackCommand({ StackName: "base" }));
  assert.equal((await settled(cfn, baseId)).StackStatus, "DELETE_COMPLETE");
  const { clusters } = await t.ecs.send(new DescribeClustersCommand({ clusters: ["base-dev"] }));
  assert.equal(clusters![0]!.status, "INACTIVE");
});

test("change sets: CREATE makes a REVIEW_IN_PROGRESS stack; UPDATE shows replacement flags", async () => {
  const cfn = cfnClient(t.server);
  const tpl = (clusterName: string, setting: string) => JSON.stringify({
    Resources: {
      C: { Type: "AWS::ECS::Cluster", Properties: { ClusterName: clusterName, ClusterSettings: [{ Name: "containerInsights", Value: setting }] } },
      P: { Type: "AWS::SSM::Parameter", Properties: { Type: "String", Value: { Ref: "C" } } },
    },
  });
  const { Id, StackId } = await cfn.send(new CreateChangeSetCommand({ StackName: "cs", ChangeSetName: "first", ChangeSetType: "CREATE", TemplateBody: tpl("cs-a", "disabled") }));
  assert.equal((await cfn.send(new DescribeStacksCommand({ StackName: "cs" }))).Stacks![0]!.StackStatus, "REVIEW_IN_PROGRESS");
  const first = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: Id }));
  assert.equal(first.Status, "CREATE_COMPLETE");
  assert.deepEqual(first.Changes!.map((c) => [c.ResourceChange!.Action, c.ResourceChange!.LogicalResourceId]), [["Add", "C"], ["Add", "P"]]);
  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: "first", StackName: "cs" }));
  assert.equal((await settled(cfn, "cs")).StackStatus, "CREATE_COMPLETE");

  await cfn.send(new CreateChangeSetCommand({ StackName: "cs", ChangeSetName: "inplace", TemplateBody: tpl("cs-a", "enabled") }));
  const inplace = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: "inplace", StackName: "cs" }));
  assert.deepEqual(inplace.Changes!.map((c) => [c.ResourceChange!.LogicalResourceId, c.ResourceChange!.Action, c.ResourceChange!.Replacement]), [["C", "Modify", "False"]]);
  await cfn.send(new CreateChangeSetCommand({ StackName: "cs", ChangeSetName: "rename", TemplateBody: tpl("cs-b", "disabled") }));
  const rename = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: "rename", StackName: "cs" }));
  assert.deepEqual(rename.Changes!.map((c) => [c.ResourceChange!.LogicalResourceId, c.ResourceChange!.Action, c.ResourceChange!.Replacement]), [["C", "Modify", "True"], ["P", "Modify", "False"]]);
  await cfn.send(new CreateChangeSetCommand({ StackName: "cs", ChangeSetName: "same", TemplateBody: tpl("cs-a", "disabled") }));
  const same = await cfn.send(new DescribeChangeSetCommand({ ChangeSetName: "same", StackName: "cs" }));
  assert.equal(same.Status, "FAILED");
  assert.equal(same.StatusReason, "The submitted information didn't contain changes. Submit different information to create a change set.");
  await cfn.send(new DeleteChangeSetCommand({ ChangeSetName: "same", StackName: "cs" }));
  assert.deepEqual((await cfn.send(new ListChangeSetsCommand({ StackName: "cs" }))).Summaries!.map((s) => s.ChangeSetName), ["inplace", "rename"]);

  await cfn.send(new ExecuteChangeSetCommand({ ChangeSetName: "rename", StackName: "cs" }));
  const done = await settled(cfn, "cs");
  assert.equal(done.StackStatus, "UPDATE_COMPLETE", done.StackStatusReason);
  const { clusters } = await t.ecs.send(new DescribeClustersCommand({ clusters: ["cs-a", "cs-b"] }));
  assert.deepEqual(clusters!.map((c) => [c.clusterName, c.status]), [["cs-a", "INACTIVE"], ["cs-b", "ACTIVE"]]);
  await rejectsWith(cfn.send(new DescribeChangeSetCommand({ ChangeSetName: "inplace", StackName: "cs" })), "ChangeSetNotFoundException", /ChangeSet \[inplace\] does not exist/);
  await cfn.send(new DeleteStackCommand({ StackName: StackId }));
  assert.equal((await settled(cfn, StackId!)).StackStatus, "DELETE_COMPLETE");
});

test("template errors are CloudFormation's, and nothing is created", async () => {
  const cfn = cfnClient(t.server);
  const cases: [string, RegExp][] = [
    [JSON.stringify({ Resources: { X: { Type: "AWS::Foo::Bar" } } }), /^Template format error: Unrecognized resource types: \[AWS::Foo::Bar\]$/],
    [JSON.stringify({ Resources: { A: { Type: "AWS::SSM::Parameter", Properties: { Type: "String", Value: { Ref: "Nope" } } } } }), /^Template format error: Unresolved resource dependencies \[Nope\] in the Resources block of the template$/],
    [JSON.stringify({ Resources: { A: { Type: "AWS::SSM::Parameter", Properties: { Type: "String", Value: { Ref: "B" } } }, B: { Type: "AWS::SSM::Parameter", Properties: { Type: "String", Value: { Ref: "A" } } } } }), /^Circular dependency between resources: \[A, B\]$/],
    ["Resources: [", /^Template format error: YAML not well-formed/],
    ["{ \"Resources\": ", /^Template format error: JSON not well-formed/],
    [JSON.stringify({ Parameters: { N: { Type: "Number", MaxValue: 5 } }, Resources: { A: { Type: "AWS::SSM::Parameter", Properties: { Type: "String", Value: { Ref: "N" } } } } }), /^Parameters: \[N\] must have values$/],
    [JSON.stringify({ Foo: 1, Resources: {} }), /^Template format error: Invalid template property or properties \[Foo\]$/],
    [JSON.stringify({ Resources: { A: { Type: "AWS::SSM::Parameter", Properties: { Type: "String", Value: { "Fn::Join": [","] } } } } }), /^Template error: every Fn::Join object requires two parameters/],
  ];
  for (const [body, message] of cases) {
    await rejectsWith(cfn.send(new CreateStackCommand({ StackName: "bad", TemplateBody: body })), "ValidationError", message);
    await rejectsWith(cfn.send(new ValidateTemplateCommand({ TemplateBody: body })).then(() => {
      if (/Parameters:/.test(message.source)) throw Object.assign(new Error("validate passes without values"), { name: "ValidationError", message: "Parameters: [N] must have values" });
    }), "ValidationError", message);
  }
  await rejectsWith(cfn.send(new DescribeStacksCommand({ StackName: "bad" })), "ValidationError", /^Stack with id bad does not exist$/);
  const summary = await cfn.send(new GetTemplateSummaryCommand({ TemplateBody: base("x") }));
  assert.deepEqual(summary.ResourceTypes, ["AWS::ECS::Cluster", "AWS::IAM::Role", "AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::SSM::Parameter", "AWS::ECS::TaskDefinition"]);
  assert.deepEqual(summary.Capabilities, ["CAPABILITY_IAM"]);
  assert.deepEqual(summary.Parameters!.map((p) => [p.ParameterKey, p.DefaultValue]), [["Env", "dev"], ["Image", "127.0.0.1:9/app:1"]]);
});

test("the seed's task definition deploys: imports of another stack's role ARNs, !Sub, string numbers and booleans", async () => {
  const cfn = cfnClient(t.server);
  const baseStack = `
Parameters:
  MicroworldName: { Type: String, Default: world }
Resources:
  TaskRole: { Type: AWS::IAM::Role, Properties: { AssumeRolePolicyDocument: {} } }
  ExecRole: { Type: AWS::IAM::Role, Properties: { RoleName: !Sub "\${MicroworldName}-exec", AssumeRolePolicyDocument: {} } }
  Cluster: { Type: AWS::ECS::Cluster, Properties: { ClusterName: !Sub "\${MicroworldName}-dev-cluster" } }
Outputs:
  TaskRole: { Value: !GetAtt TaskRole.Arn, Export: { Name: !Sub "\${MicroworldName}-task-role-arn" } }
  ExecRole: { Value: !GetAtt ExecRole.Arn, Export: { Name: !Sub "\${MicroworldName}-task-execution-role-arn" } }
  Cluster: { Value: !Ref Cluster, Export: { Name: !Sub "\${MicroworldName}-dev-cluster-name" } }
`;
  await rejectsWith(cfn.send(new CreateStackCommand({ StackName: "world", TemplateBody: baseStack, Capabilities: ["CAPABILITY_IAM"] })), "InsufficientCapabilitiesException", /^Requires capabilities : \[CAPABILITY_NAMED_IAM\]$/);
  const { StackId: baseId } = await cfn.send(new CreateStackCommand({ StackName: "world", TemplateBody: baseStack, Capabilities: ["CAPABILITY_NAMED_IAM"] }));
  assert.equal((await settled(cfn, "world")).StackStatus, "CREATE_COMPLETE");
  const app = `
Parameters:
  MicroworldName: { Type: String, Default: world }
  EnvironmentName: { Type: String, Default: dev }
  ApplicationName: { Type: String, Default: orders }
  ApplicationPort: { Type: Number, Default: 8080 }
  EcrRepositoryUri: { Type: String, Default: "127.0.0.1:9/orders" }
  CodebuildResolvedSourceVersion: { Type: String, Default: abc123 }
Resources:
  TaskDefinition:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: !Ref ApplicationName
      RequiresCompatibilities: [ FARGATE ]
      TaskRoleArn:
        Fn::ImportValue: !Sub \${MicroworldName}-task-role-arn
      ExecutionRoleArn:
        Fn::ImportValue: !Sub \${MicroworldName}-task-execution-role-arn
      NetworkMode: awsvpc
      Cpu: '2048'
      Memory: '4096'
      ContainerDefinitions:
        - Name: !Sub \${ApplicationName}-container
          Cpu: '2048'
          Memory: '4096'
          Essential: 'true'
          Environment:
            - Name: SPRING_PROFILES_ACTIVE
              Value: !Sub \${MicroworldName}-\${EnvironmentName}-\${ApplicationName}
            - Name: SERVER_PORT
              Value: !Ref ApplicationPort
          Image: !Sub \${EcrRepositoryUri}:\${CodebuildResolvedSourceVersion}
          PortMappings:
            - HostPort: !Ref ApplicationPort
              ContainerPort: !Ref ApplicationPort
          LogConfiguration:
            LogDriver: awslogs
            Options:
              awslogs-group: !Sub /\${MicroworldName}/\${EnvironmentName}/\${ApplicationName}
              awslogs-region: !Sub \${AWS::Region}
              awslogs-stream-prefix: task
`;
  const { StackId: appId } = await cfn.send(new CreateStackCommand({ StackName: "orders", TemplateBody: app }));
  const s = await settled(cfn, "orders");
  assert.equal(s.StackStatus, "CREATE_COMPLETE", s.StackStatusReason);
  const { taskDefinition } = await t.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: "orders" }));
  const c = taskDefinition!.containerDefinitions![0]!;
  assert.equal(c.name, "orders-container");
  assert.equal(c.image, "127.0.0.1:9/orders:abc123");
  assert.equal(c.essential, true);
  assert.equal(c.cpu, 2048);
  assert.deepEqual(c.portMappings, [{ containerPort: 8080, hostPort: 8080, protocol: "tcp" }]);
  assert.deepEqual(c.environment, [{ name: "SPRING_PROFILES_ACTIVE", value: "world-dev-orders" }, { name: "SERVER_PORT", value: "8080" }]);
  assert.deepEqual(c.logConfiguration, { logDriver: "awslogs", options: { "awslogs-group": "/world/dev/orders", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "task" } });
  assert.equal(taskDefinition!.executionRoleArn, "arn:aws:iam::000000000000:role/world-exec");
  assert.match(taskDefinition!.taskRoleArn!, /^arn:aws:iam::000000000000:role\/world-TaskRole-[A-Z0-9]{12}$/);
  await cfn.send(new DeleteStackCommand({ StackName: "orders" }));
  assert.equal((await settled(cfn, appId!)).StackStatus, "DELETE_COMPLETE");
  await cfn.send(new DeleteStackCommand({ StackName: "world" }));
  assert.equal((await settled(cfn, baseId!)).StackStatus, "DELETE_COMPLETE");
});

test("CDK's boilerplate: the bootstrap version from Parameter Store, its Rules, CDKMetadata behind a condition", async () => {
  const cfn = cfnClient(t.server);
  const cdk = JSON.stringify({
    Resources: {
      ClusterEB0386A7: { Type: "AWS::ECS::Cluster", Metadata: { "aws:cdk:path": "App/Cluster/Resource" } },
      CDKMetadata: {
        Type: "AWS::CDK::Metadata",
        Properties: { Analytics: "v2:deflate64:H4sIAAAAAAAA/zPSMzfWM1BMLC/WTU7J1s3JTNKrDi5JTM7WcU7LC0otzi8tSk4FsZ3z81IySzLz82p1AnLyUzPNrQFEK3hZMgAAAA==" },
        Metadata: { "aws:cdk:path": "App/CDKMetadata/Default" },
        Condition: "CDKMetadataAvailable",
      },
    },
    Outputs: { ClusterName: { Value: { Ref: "ClusterEB0386A7" } } },
    Conditions: {
      CDKMetadataAvailable: {
        "Fn::Or": [
          { "Fn::Or": [{ "Fn::Equals": [{ Ref: "AWS::Region" }, "af-south-1"] }, { "Fn::Equals": [{ Ref: "AWS::Region" }, "us-east-1"] }] },
          { "Fn::Equals": [{ Ref: "AWS::Region" }, "us-west-2"] },
        ],
      },
    },
    Parameters: {
      BootstrapVersion: {
        Type: "AWS::SSM::Parameter::Value<String>",
        Default: "/cdk-bootstrap/hnb659fds/version",
        Description: "Version of the CDK Bootstrap resources in this environment, automatically retrieved from SSM Parameter Store. [cdk:skip]",
      },
    },
    Rules: {
      CheckBootstrapVersion: {
        Assertions: [
          {
            Assert: { "Fn::Not": [{ "Fn::Contains": [["1", "2", "3", "4", "5"], { Ref: "BootstrapVersion" }] }] },
            AssertDescription: "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI.",
          },
        ],
      },
    },
  });
  await rejectsWith(cfn.send(new CreateStackCommand({ StackName: "cdk", TemplateBody: cdk })), "ValidationError", /^Unable to fetch parameters \[\/cdk-bootstrap\/hnb659fds\/version\] from parameter store for this account\.$/);
  await ssmCall(t.server, "PutParameter", { Name: "/cdk-bootstrap/hnb659fds/version", Type: "String", Value: "5" });
  await rejectsWith(cfn.send(new CreateStackCommand({ StackName: "cdk", TemplateBody: cdk })), "ValidationError", /^CDK bootstrap stack version 6 required\./);
  await ssmCall(t.server, "PutParameter", { Name: "/cdk-bootstrap/hnb659fds/version", Type: "String", Value: "21", Overwrite: true });
  const { StackId } = await cfn.send(new CreateStackCommand({ StackName: "cdk", TemplateBody: cdk }));
  const s = await settled(cfn, "cdk");
  assert.equal(s.StackStatus, "CREATE_COMPLETE", s.StackStatusReason);
  assert.match(s.Outputs![0]!.OutputValue!, /^cdk-ClusterEB0386A7-[A-Z0-9]{12}$/);
  assert.deepEqual(s.Parameters, [{ ParameterKey: "BootstrapVersion", ParameterValue: "/cdk-bootstrap/hnb659fds/version", ResolvedValue: "21" }]);
  const { StackResourceDetail } = await cfn.send(new DescribeStackResourceCommand({ StackName: "cdk", LogicalResourceId: "ClusterEB0386A7" }));
  assert.equal(StackResourceDetail!.Metadata, JSON.stringify({ "aws:cdk:path": "App/Cluster/Resource" }));
  await cfn.send(new DeleteStackCommand({ StackName: "cdk" }));
  assert.equal((await settled(cfn, StackId!)).StackStatus, "DELETE_COMPLETE");
});
