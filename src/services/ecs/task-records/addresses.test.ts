import { test } from "node:test";
import assert from "node:assert/strict";
import { allocateAddress } from "./addresses.js";

test("the lowest free address in 127.77.0.0/16 is allocated, skipping .0 and .255", () => {
  assert.equal(allocateAddress([]), "127.77.0.1");
  assert.equal(allocateAddress(["127.77.0.1", "127.77.0.3"]), "127.77.0.2");
  const full = Array.from({ length: 254 }, (_, i) => `127.77.0.${i + 1}`);
  assert.equal(allocateAddress(full), "127.77.1.1");
});
