/**
 * A berth of the bench's own, for the service benches: `berth server --no-agent` and one `berth
 * agent` on the local Docker engine, as two child processes (so a failure prints each one's tail).
 *
 * It shares the engine with whatever else runs there (other berth servers, tests, benches) without
 * touching their work, and they don't touch its:
 *  - its own 12-digit account id, so its cluster ARN, container instance ARN and cluster network
 *    (named from the cluster ARN) are its own: an agent adopts or disposes of only the containers
 *    labelled with its container instance ARN, and another server's agent has another one;
 *  - its own DNS port (`--dns-port 0`, picked by the server; the agent's relay is pointed at it),
 *    where the default 4553 is taken by the first berth on the machine;
 *  - cleanup by label: every container and network labelled with its cluster ARN (task containers
 *    carry the cluster's name, networks the cluster ARN) or its instance ARN is removed when the
 *    bench ends, fails or is interrupted (children.ts `registerDockerLabel`).
 */
import { mkdtempSync } from "node:fs";
import { randomInt } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { ECSClient } from "@aws-sdk/client-ecs";
import { registerDockerLabel, registerTempDir, spawnChild, waitUntil, type Child } from "./children.js";

export interface BenchBerth {
  url: string;
  accountId: string;
  server: Child;
  agent: Child;
  containerInstanceArn: string;
  /** An SDK client for the endpoint (test/test keys, us-east-1). */
  ecs: ECSClient;
  /** A label (`key=value`) on every task container this berth's agent makes. */
  containerLabel: string;
}

const cli = () => path.resolve(path.dirname(new URL(import.meta.url).pathname), "../src/cli/main.js");

/**
 * Starts the server and the agent and waits until the agent has registered. `nodeArgs` go to the
 * server's node (e.g. `--cpu-prof`). The temporary data directory is removed at cleanup.
 */
export async function startBerthWithAgent(opts: { name: string; nodeArgs?: string[]; taskCleanupWait?: number }): Promise<BenchBerth> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `berth-bench-${opts.name}-`));
  registerTempDir(dir);
  // A 12-digit id no default configuration uses (000000000000 is berth's default).
  const accountId = `9${String(randomInt(0, 1e9)).padStart(9, "0")}${String(process.pid % 100).padStart(2, "0")}`;
  const env = { ...process.env, BERTH_DNS_FALLBACK: "0" };
  const cleanupWait = String(opts.taskCleanupWait ?? 1);
  const server = spawnChild(
    "berth server",
    process.execPath,
    [...(opts.nodeArgs ?? []), cli(), "server", "--no-agent", "--port", "0", "--dns-port", "0", "--account-id", accountId, "--data-dir", dir, "--task-cleanup-wait", cleanupWait],
    { env },
  );
  const url = await waitUntil("berth listening", async () => /listening on (http:\/\/\S+)/.exec(server.output())?.[1], { timeoutMs: 30_000, child: server });
  const dns = await waitUntil("berth's DNS server", async () => /DNS for Cloud Map names on (\S+) port (\d+)/.exec(server.output()) ?? undefined, { timeoutMs: 5_000, child: server });
  // Registered before the agent exists: a bench killed while the agent starts still leaves nothing.
  const clusterArn = `arn:aws:ecs:us-east-1:${accountId}:cluster/default`;
  registerDockerLabel(`berth.cluster-arn=${clusterArn}`);
  const agent = spawnChild(
    "berth agent",
    process.execPath,
    [cli(), "agent", "--endpoint", url, "--name", `bench-${opts.name}-${process.pid}`, "--dns-server", `${dns[1]}:${dns[2]}`, "--task-cleanup-wait", cleanupWait],
    { env },
  );
  const containerInstanceArn = await waitUntil("the agent registered", async () => /registered as (\S+)/.exec(agent.output())?.[1], { timeoutMs: 30_000, child: agent });
  const containerLabel = `berth.container-instance-arn=${containerInstanceArn}`;
  registerDockerLabel(containerLabel);
  const ecs = new ECSClient({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 3 });
  return { url, accountId, server, agent, containerInstanceArn, ecs, containerLabel };
}
