import { test } from "node:test";
import assert from "node:assert/strict";
import { ecsService } from "./service.js";

test("every registered ECS handler is an operation of the ECS model", () => {
  const ops = new Set(Object.keys(ecsService.model.operations));
  for (const name of Object.keys(ecsService.handlers)) assert.ok(ops.has(name), `${name} is not in the ECS model`);
});

test("the ECS model is the 2014-11-13 JSON 1.1 model with the ECS target prefix", () => {
  assert.equal(ecsService.model.metadata.targetPrefix, "AmazonEC2ContainerServiceV20141113");
  assert.equal(ecsService.model.metadata.jsonVersion, "1.1");
});
