/**
 * Smoke test through Debian's aws CLI v2 (/usr/bin/aws, installed by scripts/setup.sh
 * --with-test-tools; BERTH_AWS_CLI overrides the path), always with --endpoint-url.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startTestServer, type TestServer } from "./harness.js";
import { AWS_CLI, runAwsCli, type CliResult } from "../support/aws-cli.js";

let t: TestServer;
let home: string;
before(async () => {
  t = await startTestServer();
  home = mkdtempSync(path.join(os.tmpdir(), "berth-awscli-"));
});
after(async () => {
  await t.stop();
  rmSync(home, { recursive: true, force: true });
});

function aws(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runAwsCli(home, args, env);
}

test("Debian's aws CLI v2 is installed", async () => {
  assert.ok(existsSync(AWS_CLI), `${AWS_CLI} is missing: run scripts/setup.sh --with-test-tools`);
  const v = await aws(["--version"]);
  assert.match(v.stdout + v.stderr, /aws-cli\/2\./);
});

test("ecs create-cluster, describe-clusters and list-clusters with --endpoint-url", async () => {
  const created = await aws(["--endpoint-url", t.url, "ecs", "create-cluster", "--cluster-name", "cli"]);
  assert.equal(created.code, 0, created.stderr);
  assert.equal(JSON.parse(created.stdout).cluster.clusterArn, "arn:aws:ecs:us-east-1:000000000000:cluster/cli");
  const described = await aws(["--endpoint-url", t.url, "ecs", "describe-clusters", "--clusters", "cli", "nope"]);
  assert.equal(described.code, 0, described.stderr);
  const body = JSON.parse(described.stdout);
  assert.equal(body.clusters[0].status, "ACTIVE");
  assert.equal(body.failures[0].reason, "MISSING");
  const listed = await aws(["--endpoint-url", t.url, "ecs", "list-clusters"]);
  assert.deepEqual(JSON.parse(listed.stdout).clusterArns, ["arn:aws:ecs:us-east-1:000000000000:cluster/cli"]);
});

// Debian 12's CLI (2.9) predates AWS_ENDPOINT_URL (2.13+) and would ignore it and call AWS itself,
// so the CLI always gets --endpoint-url here; AWS_ENDPOINT_URL is tested with the JS SDK.
test("task definitions through the CLI, with its own pagination", async () => {
  const env = {};
  for (let i = 0; i < 3; i++) {
    const r = await aws(["--endpoint-url", t.url, "ecs", "register-task-definition", "--family", "cli-td", "--container-definitions", '[{"name":"app","image":"busybox","memory":32}]'], env);
    assert.equal(r.code, 0, r.stderr);
  }
  const d = await aws(["--endpoint-url", t.url, "ecs", "describe-task-definition", "--task-definition", "cli-td"], env);
  assert.equal(JSON.parse(d.stdout).taskDefinition.revision, 3);
  // --page-size makes the CLI follow nextToken across pages.
  const l = await aws(["--endpoint-url", t.url, "ecs", "list-task-definitions", "--family-prefix", "cli-td", "--page-size", "1"], env);
  assert.equal(l.code, 0, l.stderr);
  assert.equal(JSON.parse(l.stdout).taskDefinitionArns.length, 3);
});

test("errors reach the CLI with their code and message", async () => {
  const r = await aws(["--endpoint-url", t.url, "ecs", "describe-task-definition", "--task-definition", "ghost"]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /ClientException/);
  assert.match(r.stderr, /Unable to describe task definition/);
  const bad = await aws(["--endpoint-url", t.url, "ecs", "list-clusters"], { AWS_SECRET_ACCESS_KEY: "wrong" });
  assert.match(bad.stderr, /InvalidSignatureException/);
});

test("sts get-caller-identity answers with the account (AWS Query protocol)", async () => {
  const r = await aws(["--endpoint-url", t.url, "sts", "get-caller-identity"]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).Account, "000000000000");
});
