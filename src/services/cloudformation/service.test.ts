import { test } from "node:test";
import assert from "node:assert/strict";
import { cloudformationService } from "./service.js";
import { ssmService } from "../ssm/service.js";
import { providers } from "./providers/index.js";

test("every registered CloudFormation and SSM handler is an operation of its model", () => {
  for (const s of [cloudformationService, ssmService]) {
    const ops = new Set(Object.keys(s.model.operations));
    for (const name of Object.keys(s.handlers)) assert.ok(ops.has(name), `${name} is not in the ${s.id} model`);
  }
  assert.equal(cloudformationService.model.metadata.apiVersion, "2010-05-15");
  assert.equal(ssmService.model.metadata.targetPrefix, "AmazonSSM");
});

test("every provider is registered under its own type, once", () => {
  for (const [type, p] of providers) assert.equal(p.type, type);
  assert.ok(providers.has("AWS::ECS::Cluster") && providers.has("AWS::IAM::Role") && providers.has("AWS::CDK::Metadata"));
});
