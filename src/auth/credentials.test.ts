import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadCredentials } from "./credentials.js";
import { ConfigError } from "../config.js";

const withDir = (fn: (dir: string) => void) => () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "berth-cred-"));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

test("on loopback the default test/test key is accepted", withDir((dir) => {
  assert.equal(loadCredentials({ host: "127.0.0.1", dataDir: dir, accessKeys: [] }).get("test"), "test");
  assert.equal(loadCredentials({ host: "127.3.4.5", dataDir: dir, accessKeys: [] }).get("test"), "test");
}));

test("off loopback with only the default key, start-up is refused with the reason", withDir((dir) => {
  assert.throws(() => loadCredentials({ host: "0.0.0.0", dataDir: dir, accessKeys: [] }), (e: unknown) => e instanceof ConfigError && /only the default test\/test/.test(e.message));
  assert.throws(() => loadCredentials({ host: "0.0.0.0", dataDir: dir, accessKeys: [{ id: "test", secret: "test" }] }), ConfigError);
}));

test("off loopback, configured keys are used and test/test is not", withDir((dir) => {
  writeFileSync(path.join(dir, "credentials"), "# keys\nAKIAFILE:file-secret\n");
  const keys = loadCredentials({ host: "0.0.0.0", dataDir: dir, accessKeys: [{ id: "AKIAFLAG", secret: "flag-secret" }] });
  assert.equal(keys.get("AKIAFILE"), "file-secret");
  assert.equal(keys.get("AKIAFLAG"), "flag-secret");
  assert.equal(keys.has("test"), false);
}));
