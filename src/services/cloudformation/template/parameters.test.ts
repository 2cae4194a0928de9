import { test } from "node:test";
import assert from "node:assert/strict";
import { resolveParameters, ssmParameterNames, isKnownType } from "./parameters.js";
import type { Template } from "./types.js";

const template = (Parameters: Template["Parameters"]): Template => ({ Parameters, Mappings: {}, Conditions: {}, Resources: {}, Outputs: {} });

const ok: [string, Template["Parameters"], { ParameterKey: string; ParameterValue: string }[], Record<string, unknown>][] = [
  ["default", { A: { Type: "String", Default: "x" } }, [], { A: "x" }],
  ["given beats default", { A: { Type: "String", Default: "x" } }, [{ ParameterKey: "A", ParameterValue: "y" }], { A: "y" }],
  ["Number", { N: { Type: "Number", MinValue: 1, MaxValue: 5 } }, [{ ParameterKey: "N", ParameterValue: "3" }], { N: "3" }],
  ["CommaDelimitedList", { L: { Type: "CommaDelimitedList" } }, [{ ParameterKey: "L", ParameterValue: "a, b,c" }], { L: ["a", "b", "c"] }],
  ["List<AWS::EC2::Subnet::Id>", { S: { Type: "List<AWS::EC2::Subnet::Id>" } }, [{ ParameterKey: "S", ParameterValue: "subnet-1,subnet-2" }], { S: ["subnet-1", "subnet-2"] }],
  ["List<Number>", { S: { Type: "List<Number>" } }, [{ ParameterKey: "S", ParameterValue: "1,2" }], { S: ["1", "2"] }],
  ["AWS::EC2::VPC::Id", { V: { Type: "AWS::EC2::VPC::Id" } }, [{ ParameterKey: "V", ParameterValue: "vpc-1" }], { V: "vpc-1" }],
  ["AllowedValues", { E: { Type: "String", AllowedValues: ["dev", "prod"] } }, [{ ParameterKey: "E", ParameterValue: "prod" }], { E: "prod" }],
  ["AllowedPattern", { P: { Type: "String", AllowedPattern: "[a-z]+" } }, [{ ParameterKey: "P", ParameterValue: "abc" }], { P: "abc" }],
  ["SSM parameter value", { I: { Type: "AWS::SSM::Parameter::Value<String>", Default: "/img" } }, [], { I: "image:1" }],
];

for (const [name, decls, given, expected] of ok) {
  test(`parameters: ${name}`, () => {
    const r = resolveParameters(template(decls), given, undefined, new Map([["/img", "image:1"]]));
    assert.deepEqual(Object.fromEntries(r.values), expected);
  });
}

const bad: [string, Template["Parameters"], { ParameterKey: string; ParameterValue: string }[], string][] = [
  ["missing value", { A: { Type: "String" }, B: { Type: "String" } }, [], "Parameters: [A, B] must have values"],
  ["unknown parameter", { A: { Type: "String", Default: "x" } }, [{ ParameterKey: "Z", ParameterValue: "1" }], "Parameters: [Z] do not exist in the template"],
  ["not a number", { N: { Type: "Number" } }, [{ ParameterKey: "N", ParameterValue: "x" }], "Parameter 'N' must be a number"],
  ["below MinValue", { N: { Type: "Number", MinValue: 2 } }, [{ ParameterKey: "N", ParameterValue: "1" }], "Parameter 'N' must be a number not less than 2"],
  ["above MaxValue", { N: { Type: "Number", MaxValue: 2 } }, [{ ParameterKey: "N", ParameterValue: "3" }], "Parameter 'N' must be a number not greater than 2"],
  ["not allowed", { E: { Type: "String", AllowedValues: ["dev"] } }, [{ ParameterKey: "E", ParameterValue: "qa" }], "Parameter 'E' must be one of AllowedValues"],
  ["pattern", { P: { Type: "String", AllowedPattern: "[a-z]+" } }, [{ ParameterKey: "P", ParameterValue: "A1" }], "Parameter 'P' must match pattern [a-z]+"],
  ["MinLength", { P: { Type: "String", MinLength: 3 } }, [{ ParameterKey: "P", ParameterValue: "ab" }], "Parameter 'P' must contain at least 3 characters"],
  ["MaxLength", { P: { Type: "String", MaxLength: 1 } }, [{ ParameterKey: "P", ParameterValue: "ab" }], "Parameter 'P' must contain at most 1 characters"],
  ["ConstraintDescription", { P: { Type: "String", MaxLength: 1, ConstraintDescription: "one letter" } }, [{ ParameterKey: "P", ParameterValue: "ab" }], "Parameter 'P' failed to satisfy constraint: one letter"],
  ["SSM parameter missing", { I: { Type: "AWS::SSM::Parameter::Value<String>", Default: "/none" } }, [], "Unable to fetch parameters [/none] from parameter store for this account."],
];

for (const [name, decls, given, message] of bad) {
  test(`parameter error: ${name}`, () => {
    assert.throws(() => resolveParameters(template(decls), given, undefined, new Map()), (e: Error) => e.name === "ValidationError" && e.message === message);
  });
}

test("NoEcho values are masked, UsePreviousValue reads the previous value", () => {
  const t = template({ Secret: { Type: "String", NoEcho: true }, Keep: { Type: "String" } });
  const r = resolveParameters(t, [{ ParameterKey: "Secret", ParameterValue: "s3cr3t" }, { ParameterKey: "Keep", UsePreviousValue: true }], new Map([["Keep", "old"]]), new Map());
  assert.deepEqual(r.stored, [{ ParameterKey: "Secret", ParameterValue: "****" }, { ParameterKey: "Keep", ParameterValue: "old" }]);
  assert.equal(r.values.get("Secret"), "s3cr3t");
});

test("parameter types", () => {
  for (const t of ["String", "Number", "CommaDelimitedList", "List<Number>", "AWS::EC2::Subnet::Id", "List<AWS::EC2::SecurityGroup::Id>", "AWS::SSM::Parameter::Name", "AWS::SSM::Parameter::Value<List<String>>", "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>"]) assert.ok(isKnownType(t), t);
  for (const t of ["string", "Integer", "List<Foo>", "AWS::EC2::Thing::Id"]) assert.ok(!isKnownType(t), t);
  assert.deepEqual(ssmParameterNames(template({ I: { Type: "AWS::SSM::Parameter::Value<String>", Default: "/a" }, J: { Type: "String" } }), [{ ParameterKey: "I", ParameterValue: "/b" }]), ["/b"]);
});
