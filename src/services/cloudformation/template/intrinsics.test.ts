import { test } from "node:test";
import assert from "node:assert/strict";
import { pseudoParameters, resolve, NO_VALUE, type Env } from "./intrinsics.js";
import type { Json } from "./types.js";

const env: Env = {
  params: new Map<string, string | string[]>([
    ...pseudoParameters({ region: "eu-west-1", accountId: "123456789012", stackName: "s", stackId: "arn:aws:cloudformation:eu-west-1:123456789012:stack/s/1" }),
    ["Env", "prod"],
    ["Subnets", ["subnet-a", "subnet-b"]],
  ]),
  conditions: new Map([["IsProd", true], ["IsDev", false]]),
  mappings: { Sizes: { prod: { Cpu: "1024" }, dev: { Cpu: "256" } } },
  resources: new Set(["Cluster"]),
  ref: (id) => `phys-${id}`,
  getAtt: (id, a) => (a === "List" ? ["x", "y"] : `${id}.${a}`),
  importValue: (name) => `imported-${name}`,
};

const cases: [string, Json, unknown][] = [
  ["Ref parameter", { Ref: "Env" }, "prod"],
  ["Ref list parameter", { Ref: "Subnets" }, ["subnet-a", "subnet-b"]],
  ["Ref resource", { Ref: "Cluster" }, "phys-Cluster"],
  ["AWS::Region", { Ref: "AWS::Region" }, "eu-west-1"],
  ["AWS::AccountId", { Ref: "AWS::AccountId" }, "123456789012"],
  ["AWS::StackName", { Ref: "AWS::StackName" }, "s"],
  ["AWS::StackId", { Ref: "AWS::StackId" }, "arn:aws:cloudformation:eu-west-1:123456789012:stack/s/1"],
  ["AWS::Partition", { Ref: "AWS::Partition" }, "aws"],
  ["AWS::URLSuffix", { Ref: "AWS::URLSuffix" }, "amazonaws.com"],
  ["AWS::NoValue removes a member", { a: 1, b: { Ref: "AWS::NoValue" } }, { a: 1 }],
  ["AWS::NoValue removes a list item", [1, { Ref: "AWS::NoValue" }, 2], [1, 2]],
  ["Fn::GetAtt list form", { "Fn::GetAtt": ["Cluster", "Arn"] }, "Cluster.Arn"],
  ["Fn::GetAtt dotted form", { "Fn::GetAtt": "Cluster.Arn" }, "Cluster.Arn"],
  ["Fn::Sub with pseudo, params, resources, attributes", { "Fn::Sub": "${AWS::Region}/${Env}/${Cluster}/${Cluster.Arn}" }, "eu-west-1/prod/phys-Cluster/Cluster.Arn"],
  ["Fn::Sub variables map", { "Fn::Sub": ["${A}-${Env}", { A: { Ref: "Cluster" } }] }, "phys-Cluster-prod"],
  ["Fn::Sub literal ${!x}", { "Fn::Sub": "${!Literal}" }, "${Literal}"],
  ["Fn::Join", { "Fn::Join": [",", ["a", { Ref: "Env" }]] }, "a,prod"],
  ["Fn::Join of a list parameter", { "Fn::Join": ["|", { Ref: "Subnets" }] }, "subnet-a|subnet-b"],
  ["Fn::Select", { "Fn::Select": [1, { Ref: "Subnets" }] }, "subnet-b"],
  ["Fn::Select with a string index", { "Fn::Select": ["0", ["a", "b"]] }, "a"],
  ["Fn::Split", { "Fn::Split": [",", "a,b,c"] }, ["a", "b", "c"]],
  ["Fn::If true", { "Fn::If": ["IsProd", "big", "small"] }, "big"],
  ["Fn::If false with NoValue", { x: { "Fn::If": ["IsDev", "y", { Ref: "AWS::NoValue" }] } }, {}],
  ["Fn::Equals", { "Fn::Equals": [{ Ref: "Env" }, "prod"] }, true],
  ["Fn::Equals number and string", { "Fn::Equals": [1, "1"] }, true],
  ["Fn::And", { "Fn::And": [{ Condition: "IsProd" }, { "Fn::Equals": ["a", "a"] }] }, true],
  ["Fn::Or", { "Fn::Or": [{ Condition: "IsDev" }, { Condition: "IsProd" }] }, true],
  ["Fn::Not", { "Fn::Not": [{ Condition: "IsProd" }] }, false],
  ["Fn::FindInMap", { "Fn::FindInMap": ["Sizes", { Ref: "Env" }, "Cpu"] }, "1024"],
  ["Fn::FindInMap DefaultValue", { "Fn::FindInMap": ["Sizes", "test", "Cpu", { DefaultValue: "128" }] }, "128"],
  ["Fn::Base64", { "Fn::Base64": "hello" }, "aGVsbG8="],
  ["Fn::Cidr", { "Fn::Cidr": ["10.0.0.0/16", 3, 8] }, ["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]],
  ["Fn::Cidr small subnets", { "Fn::Cidr": ["192.168.0.0/24", 2, 5] }, ["192.168.0.0/27", "192.168.0.32/27"]],
  ["Fn::GetAZs of the stack's region", { "Fn::GetAZs": "" }, ["eu-west-1a", "eu-west-1b", "eu-west-1c"]],
  ["Fn::GetAZs of a region", { "Fn::GetAZs": "us-east-1" }, ["us-east-1a", "us-east-1b", "us-east-1c"]],
  ["Fn::ImportValue with Fn::Sub", { "Fn::ImportValue": { "Fn::Sub": "${Env}-vpc" } }, "imported-prod-vpc"],
  ["nested", { "Fn::Join": ["", [{ "Fn::Select": [0, { "Fn::Split": ["/", { "Fn::Sub": "${Env}/x" }] }] }, "!"]] }, "prod!"],
  ["plain object with two keys is not a function", { Ref: "Env", Other: 1 }, { Ref: "Env", Other: 1 }],
];

for (const [name, input, expected] of cases) {
  test(`intrinsic: ${name}`, () => {
    assert.deepEqual(resolve(input, env), expected);
  });
}

test("a top-level AWS::NoValue is the NO_VALUE marker", () => {
  assert.equal(resolve({ Ref: "AWS::NoValue" }, env), NO_VALUE);
});

const errors: [string, Json, RegExp][] = [
  ["Ref to an unknown name", { Ref: "Nope" }, /^Template error: Unresolved resource dependencies \[Nope\]/],
  ["Fn::Select out of range", { "Fn::Select": [5, ["a"]] }, /^Template error: Fn::Select cannot select nonexistent value at index 5$/],
  ["Fn::FindInMap missing key", { "Fn::FindInMap": ["Sizes", "qa", "Cpu"] }, /^Template error: Unable to get mapping for Sizes::qa::Cpu$/],
  ["Fn::GetAtt of an unknown resource", { "Fn::GetAtt": ["Ghost", "Arn"] }, /^Template error: instance of Fn::GetAtt references undefined resource Ghost$/],
  ["Fn::If with an unknown condition", { "Fn::If": ["Nope", 1, 2] }, /^Template error: unresolved condition dependency Nope in Fn::If$/],
  ["Fn::Join without a list", { "Fn::Join": [","] }, /^Template error: Fn::Join requires/],
  ["unknown function", { "Fn::Frobnicate": 1 }, /^Template error: Encountered unsupported function: Fn::Frobnicate$/],
];

for (const [name, input, message] of errors) {
  test(`intrinsic error: ${name}`, () => {
    assert.throws(() => resolve(input, env), (e: Error) => e.name === "ValidationError" && message.test(e.message));
  });
}
