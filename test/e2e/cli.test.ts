/** The command line as a user meets it: help, start-up message, refusals, clean stop. */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { runBerth, spawnServer } from "./spawn-server.js";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "berth-cli-"));
after(() => rmSync(dataDir, { recursive: true, force: true }));

test("berth --help names the server command", async () => {
  const run = runBerth(["--help"]);
  assert.equal(await run.exited, 0);
  assert.match(run.output(), /berth server/);
});

test("berth server --help explains every flag and its environment variable", async () => {
  const run = runBerth(["server", "--help"]);
  assert.equal(await run.exited, 0);
  for (const flag of ["--host", "--port", "--data-dir", "--account-id", "--region", "--access-key"]) assert.match(run.output(), new RegExp(flag));
  for (const env of ["BERTH_HOST", "BERTH_PORT", "BERTH_DATA_DIR", "BERTH_ACCOUNT_ID", "BERTH_REGION", "BERTH_ACCESS_KEYS"]) assert.match(run.output(), new RegExp(env));
});

test("server prints its endpoint and an aws example, and stops cleanly on SIGTERM and SIGINT", async () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    const s = await spawnServer(["--data-dir", dataDir]);
    assert.match(s.output(), /aws --endpoint-url http:\/\/127\.0\.0\.1:\d+/);
    const health = await fetch(`${s.url}/_berth/health`);
    assert.equal(health.status, 200);
    s.child.kill(signal);
    assert.equal(await s.exited, 0);
  }
});

test("environment variables configure the server", async () => {
  const s = await spawnServer([], { BERTH_DATA_DIR: dataDir, BERTH_ACCOUNT_ID: "123456789012", BERTH_REGION: "eu-west-3" });
  assert.match(s.output(), /--region eu-west-3/);
  assert.match(s.output(), new RegExp(dataDir));
  s.child.kill("SIGTERM");
  assert.equal(await s.exited, 0);
});

test("listening beyond loopback with only the default key is refused, with the reason", async () => {
  const run = runBerth(["server", "--host", "192.0.2.1", "--port", "0", "--data-dir", dataDir]);
  assert.equal(await run.exited, 2);
  assert.match(run.output(), /refusing to listen on 192\.0\.2\.1 with only the default test\/test access key/);
});

test("bad flags are refused with a message", async () => {
  const run = runBerth(["server", "--port", "99999", "--data-dir", dataDir]);
  assert.equal(await run.exited, 2);
  assert.match(run.output(), /--port/);
  const unknown = runBerth(["server", "--frobnicate"]);
  assert.equal(await unknown.exited, 2);
});
