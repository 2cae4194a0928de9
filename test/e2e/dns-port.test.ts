/** The DNS server's port: when it can't be bound, berth still serves its API, without DNS. */
import { test } from "node:test";
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ListClustersCommand, ECSClient } from "@aws-sdk/client-ecs";
import { startServer } from "../../src/server/app.js";
import { resolveServerConfig } from "../../src/config.js";
import { TEST_CREDENTIALS } from "./harness.js";

test("a DNS port that is taken leaves the server running without DNS", async () => {
  const taken = dgram.createSocket("udp4");
  await new Promise<void>((r) => taken.bind(0, "127.0.0.1", () => r()));
  const dir = mkdtempSync(path.join(os.tmpdir(), "berth-dnsport-"));
  const errors: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void errors.push(args.join(" "));
  try {
    const config = resolveServerConfig(new Map([["--port", ["0"]], ["--data-dir", [dir]], ["--no-agent", []], ["--dns-port", [String(taken.address().port)]]]), {});
    const server = await startServer(config);
    console.error = original;
    try {
      assert.equal(server.dns, undefined);
      assert.match(String(errors.join("\n")), /no DNS server on 127\.0\.0\.1/);
      const ecs = new ECSClient({ endpoint: server.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
      assert.deepEqual((await ecs.send(new ListClustersCommand({}))).clusterArns, []);
      ecs.destroy();
    } finally {
      await server.close();
    }
  } finally {
    console.error = original;
    taken.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
