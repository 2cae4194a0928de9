import { test } from "node:test";
import assert from "node:assert/strict";
import { clusterOfInstance } from "./task-sync.js";

test("the cluster name is read from a container-instance ARN", () => {
  assert.equal(clusterOfInstance("arn:aws:ecs:us-east-1:000000000000:container-instance/prod/0123456789abcdef0123456789abcdef"), "prod");
  assert.equal(clusterOfInstance("not-an-arn"), "default");
});
