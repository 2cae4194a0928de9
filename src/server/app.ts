/**
 * The control plane put together: store, credentials, services, dispatcher, listener.
 * `startServer` is what `bin/berth server` and the end-to-end tests call.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import { startEmbeddedAgent } from "../agent/embedded.js";
import type { RunningAgent } from "../agent/agent.js";
import { loadCredentials } from "../auth/credentials.js";
import type { ServerConfig } from "../config.js";
import { SqliteStore } from "../store/sqlite/sqlite-store.js";
import type { Store } from "../store/store.js";
import { createDispatch, promised, type Dispatcher } from "./dispatch.js";
import { listen } from "./http-listener.js";
import { PageTokens } from "./page-tokens.js";
import { services } from "../services/index.js";
import { openLogs } from "../services/logs/logs-runtime.js";
import { WatchedStore } from "../controllers/watched-store.js";
import { startControllers } from "../controllers/index.js";
import { startLoadBalancing, type LoadBalancingDataPlane } from "../load-balancing/data-plane.js";
import { resumeStacks, stopOperations } from "../services/cloudformation/engine/runner.js";
import { startDnsServer, type RunningDns } from "../dns/dns-server.js";

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  dispatch: Dispatcher;
  /** The embedded agent, when it runs (it needs a Docker engine). */
  agent?: RunningAgent;
  /** The load balancers' listeners and health checks. */
  loadBalancing: LoadBalancingDataPlane;
  /** The DNS server for Cloud Map names (absent when its address can't be bound). */
  dns?: RunningDns;
  close(): Promise<void>;
}

async function pageTokenSecret(store: Store): Promise<Buffer> {
  return store.write(async (tx) => {
    let secret = await tx.meta.get("page-token-secret");
    if (!secret) await tx.meta.put("page-token-secret", (secret = randomBytes(32).toString("base64")));
    return Buffer.from(secret, "base64");
  });
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const keys = loadCredentials(config);
  // The embedded agent signs with a key of its own, made afresh at every start.
  const agentKey = { id: `BERTHAGENT${randomBytes(6).toString("hex").toUpperCase()}`, secret: randomBytes(24).toString("base64url") };
  keys.set(agentKey.id, agentKey.secret);
  const store = new WatchedStore(new SqliteStore(config.dataDir));
  const logs = openLogs(config.dataDir, store); // CloudWatch Logs: its own file in the data dir
  let loadBalancing: LoadBalancingDataPlane | undefined;
  let dns: RunningDns | undefined;
  try {
    const tokens = new PageTokens(await pageTokenSecret(store));
    const answer = createDispatch({
      services,
      settings: { accountId: config.accountId },
      store,
      tokens,
      secretFor: (id) => keys.get(id),
    });
    const dispatch = promised(answer);
    const listener = await listen(answer, config.host, config.port);
    const dataPlane = (loadBalancing = await startLoadBalancing({ store }));
    dns = await startDnsServer({ store, host: config.dnsHost, port: config.dnsPort, onError: (e) => console.error("[berth] dns:", e) }).catch((e: Error) => {
      console.error(`berth: no DNS server on ${config.dnsHost}:${config.dnsPort} (${e.message}); Cloud Map names won't resolve`);
      return undefined;
    });
    const controllers = startControllers({ store, accountId: config.accountId });
    // CloudFormation operations left in progress by the previous run resume (or roll back).
    await resumeStacks({ store, accountId: config.accountId, tokens });
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    // The agent reaches the server on loopback even when the server listens on every address.
    const agentHost = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : host;
    const agent = config.embeddedAgent
      ? await startEmbeddedAgent({
          endpoint: `http://${agentHost}:${listener.port}`,
          region: config.region,
          credentials: { accessKeyId: agentKey.id, secretAccessKey: agentKey.secret },
          name: `${os.hostname()}-embedded`,
          stoppedTaskRetentionMs: config.taskCleanupWaitSeconds * 1000,
          allowPrivileged: config.allowPrivileged,
          // Task containers resolve Cloud Map names through the agent's relay to this DNS server.
          ...(dns && { dnsServer: { host: dns.host === "0.0.0.0" || dns.host === "::" ? "127.0.0.1" : dns.host, port: dns.port } }),
        })
      : undefined;
    return {
      url: `http://${host}:${listener.port}`,
      port: listener.port,
      store,
      dispatch,
      agent,
      loadBalancing: dataPlane,
      dns,
      async close() {
        await stopOperations(store);
        await agent?.stop();
        await controllers.stop();
        await dataPlane.close();
        await dns?.close();
        await listener.close();
        logs.close();
        await store.close();
      },
    };
  } catch (err) {
    logs.close();
    await loadBalancing?.close();
    await dns?.close();
    await store.close();
    throw err;
  }
}
