import { test } from "node:test";
import assert from "node:assert/strict";
import { prepare } from "../template/prepare.js";
import { diffResources } from "./diff.js";
import type { ResourceDoc } from "./types.js";

const TEMPLATE = (cidr: string) => JSON.stringify({
  Resources: {
    Vpc: { Type: "AWS::EC2::VPC", Properties: { CidrBlock: cidr } },
    Subnet: {
      Type: "AWS::EC2::Subnet",
      Properties: { VpcId: { Ref: "Vpc" }, CidrBlock: { "Fn::Select": [0, { "Fn::Cidr": [{ "Fn::GetAtt": ["Vpc", "CidrBlock"] }, 2, 8] }] } },
    },
  },
});

const prepared = (cidr: string) =>
  prepare({ templateBody: TEMPLATE(cidr), parameters: [], stackName: "s", stackId: "arn:aws:cloudformation:us-east-1:000000000000:stack/s/1", region: "us-east-1", accountId: "000000000000", ssm: async () => undefined, exports: new Map() });

const doc = (Type: string, physicalId: string, properties: ResourceDoc["properties"], attributes: ResourceDoc["attributes"]): ResourceDoc =>
  ({ Type, physicalId, properties, attributes, status: "CREATE_COMPLETE", updatedAt: 0, dependsOn: [] });

test("a new stack's change set adds resources whose properties need values known only after apply (Fn::Cidr of a new VPC's CidrBlock)", async () => {
  const changes = diffResources(await prepared("10.0.0.0/16"), new Map(), new Map());
  assert.deepEqual(changes.map((c) => [c.Action, c.LogicalResourceId]), [["Add", "Vpc"], ["Add", "Subnet"]]);
});

test("a replaced VPC makes the subnet's Fn::Cidr unknown: the subnet's replacement is Conditional", async () => {
  const current = new Map([
    ["Vpc", doc("AWS::EC2::VPC", "vpc-1", { CidrBlock: "10.0.0.0/16" }, { CidrBlock: "10.0.0.0/16" })],
    ["Subnet", doc("AWS::EC2::Subnet", "subnet-1", { VpcId: "vpc-1", CidrBlock: "10.0.0.0/24" }, {})],
  ]);
  assert.deepEqual(diffResources(await prepared("10.0.0.0/16"), current, new Map()), []);
  const changes = diffResources(await prepared("10.1.0.0/16"), current, new Map());
  assert.deepEqual(changes.map((c) => [c.LogicalResourceId, c.Replacement]), [["Vpc", "True"], ["Subnet", "Conditional"]]);
  const subnet = changes[1]!;
  assert.deepEqual(subnet.Details.map((d) => [(d.Target as { Name: string }).Name, d.Evaluation]), [["VpcId", "Dynamic"], ["CidrBlock", "Dynamic"]]);
});
