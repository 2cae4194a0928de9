/**
 * End-to-end harness: a real berth server on 127.0.0.1 (port chosen by the OS) with its own
 * temporary data directory, and real AWS clients pointed at it. `stop()` removes everything.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import assert from "node:assert/strict";
import { after, before } from "node:test";
import { ECSClient } from "@aws-sdk/client-ecs";
import { startServer, type RunningServer } from "../../src/server/app.js";
import { resolveServerConfig } from "../../src/config.js";

export const TEST_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };

export interface TestServer {
  server: RunningServer;
  url: string;
  dataDir: string;
  ecs(region?: string): ECSClient;
  stop(): Promise<void>;
}

export async function startTestServer(opts: { dataDir?: string } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "berth-test-"));
  const config = resolveServerConfig(new Map([["--port", ["0"]], ["--data-dir", [dataDir]], ["--no-agent", []], ["--dns-port", ["0"]]]), {});
  const server = await startServer(config);
  const clients: ECSClient[] = [];
  return {
    server,
    url: server.url,
    dataDir,
    ecs(region = "us-east-1") {
      const c = new ECSClient({ endpoint: server.url, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.destroy();
      await server.close();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Assert that an SDK call fails with the named AWS error (and, if given, a message matching). */
export const rejectsWith = (p: Promise<unknown>, name: string, message?: RegExp) =>
  assert.rejects(p, (e: Error) => {
    assert.equal(e.name, name, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });

/**
 * One server for the calling test file: started in `before`, stopped in `after`. Read
 * `.server` and `.ecs` (an ECS client for us-east-1) inside tests.
 */
export function useTestServer(): { readonly server: TestServer; readonly ecs: ECSClient } {
  let server: TestServer | undefined;
  let ecs: ECSClient | undefined;
  before(async () => {
    server = await startTestServer();
    ecs = server.ecs();
  });
  after(async () => server?.stop());
  const started = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error("the test server is not started yet (use it inside tests)");
    return v;
  };
  return {
    get server() {
      return started(server);
    },
    get ecs() {
      return started(ecs);
    },
  };
}
