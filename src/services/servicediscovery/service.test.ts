import { test } from "node:test";
import assert from "node:assert/strict";
import { serviceDiscoveryService } from "./service.js";

test("every Cloud Map model operation has a handler, and every handler is a model operation", () => {
  const ops = Object.keys(serviceDiscoveryService.model.operations).sort();
  assert.deepEqual(Object.keys(serviceDiscoveryService.handlers).sort(), ops);
});

test("the Cloud Map model is JSON 1.1 with the Route53AutoNaming target prefix", () => {
  assert.equal(serviceDiscoveryService.model.metadata.targetPrefix, "Route53AutoNaming_v20170314");
  assert.equal(serviceDiscoveryService.model.metadata.jsonVersion, "1.1");
});
