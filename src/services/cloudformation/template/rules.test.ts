import { test } from "node:test";
import assert from "node:assert/strict";
import { checkRules } from "./rules.js";
import type { Env } from "./intrinsics.js";

const env = (params: Record<string, string | string[]>): Env => ({
  params: new Map(Object.entries(params)),
  conditions: new Map(),
  mappings: {},
  resources: new Set(),
  ref: () => "",
  getAtt: () => "",
  importValue: () => "",
});

const rules = {
  ProdSize: {
    RuleCondition: { "Fn::Equals": [{ Ref: "Env" }, "prod"] },
    Assertions: [{ Assert: { "Fn::Contains": [["m5.large", "m5.xlarge"], { Ref: "Size" }] }, AssertDescription: "For prod, Size must be m5.large or m5.xlarge" }],
  },
  Subnets: { Assertions: [{ Assert: { "Fn::EachMemberIn": [{ Ref: "Subnets" }, ["subnet-a", "subnet-b"]] }, AssertDescription: "Unknown subnet" }] },
};

test("rules: assertions hold, or the rule's condition does not apply", () => {
  checkRules(rules, env({ Env: "prod", Size: "m5.large", Subnets: ["subnet-a"] }));
  checkRules(rules, env({ Env: "dev", Size: "t3.micro", Subnets: ["subnet-b", "subnet-a"] }));
});

test("rules: a failed assertion is a ValidationError with its AssertDescription", () => {
  assert.throws(() => checkRules(rules, env({ Env: "prod", Size: "t3.micro", Subnets: [] })), { name: "ValidationError", message: "For prod, Size must be m5.large or m5.xlarge" });
  assert.throws(() => checkRules(rules, env({ Env: "dev", Size: "x", Subnets: ["subnet-z"] })), { name: "ValidationError", message: "Unknown subnet" });
});
