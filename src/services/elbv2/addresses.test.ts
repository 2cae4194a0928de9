import { test } from "node:test";
import assert from "node:assert/strict";
import { freeLoadBalancerAddress } from "./addresses.js";

test("load balancers take the lowest free 127.88.x.y address, skipping .0 and .255", () => {
  assert.equal(freeLoadBalancerAddress([]), "127.88.0.1");
  assert.equal(freeLoadBalancerAddress(["127.88.0.1", "127.88.0.3"]), "127.88.0.2");
  const full = Array.from({ length: 254 }, (_, i) => `127.88.0.${i + 1}`);
  assert.equal(freeLoadBalancerAddress(full), "127.88.1.1");
});
