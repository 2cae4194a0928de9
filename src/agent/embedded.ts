/**
 * The agent the server runs for its own host. It talks to the server through the agent
 * protocol like any other agent, and offers managed capacity (FARGATE tasks run on this host). Without a Docker engine the server still serves the API, and
 * says why no agent runs.
 */
import { startAgent, type RunningAgent } from "./agent.js";
import { DockerRuntime } from "./runtime/docker-runtime.js";
import type { AgentCredentials } from "../agent-protocol/client.js";

export interface EmbeddedAgentOptions {
  endpoint: string;
  region: string;
  credentials: AgentCredentials;
  name: string;
  stoppedTaskRetentionMs?: number;
  allowPrivileged?: boolean;
  log?: (message: string) => void;
  /** The server's DNS server (host view): the agent relays task containers' queries to it. */
  dnsServer?: { host: string; port: number };
}

export async function startEmbeddedAgent(opts: EmbeddedAgentOptions): Promise<RunningAgent | undefined> {
  const log = opts.log ?? ((m: string) => console.error(m));
  const runtime = new DockerRuntime();
  try {
    await runtime.info();
  } catch (err) {
    log(`berth: no Docker engine answers (${err instanceof Error ? err.message : String(err)}); running without an agent for this host. Run scripts/setup.sh to install and start one.`);
    return undefined;
  }
  try {
    return await startAgent(
      {
        endpoint: opts.endpoint,
        credentials: opts.credentials,
        name: opts.name,
        options: { region: opts.region, attributes: [], allowPrivileged: opts.allowPrivileged },
        stoppedTaskRetentionMs: opts.stoppedTaskRetentionMs,
        managedCapacity: true,
        log,
        ...(opts.dnsServer !== undefined && { dnsServer: opts.dnsServer }),
      },
      runtime,
    );
  } catch (err) {
    log(`berth: the embedded agent could not register: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}
