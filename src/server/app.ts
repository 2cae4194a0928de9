/**
 * The control plane put together: store, credentials, services, dispatcher, listener.
 * `startServer` is what `bin/berth server` and the end-to-end tests call.
 */
import { randomBytes } from "node:crypto";
import { loadCredentials } from "../auth/credentials.js";
import type { ServerConfig } from "../config.js";
import { SqliteStore } from "../store/sqlite/sqlite-store.js";
import type { Store } from "../store/store.js";
import { createDispatcher, type Dispatcher } from "./dispatch.js";
import { listen } from "./http-listener.js";
import { PageTokens } from "./page-tokens.js";
import { services } from "../services/index.js";

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  dispatch: Dispatcher;
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
  const store = new SqliteStore(config.dataDir);
  try {
    const dispatch = createDispatcher({
      services,
      settings: { accountId: config.accountId },
      store,
      tokens: new PageTokens(await pageTokenSecret(store)),
      secretFor: (id) => keys.get(id),
    });
    const listener = await listen(dispatch, config.host, config.port);
    const host = config.host.includes(":") ? `[${config.host}]` : config.host;
    return {
      url: `http://${host}:${listener.port}`,
      port: listener.port,
      store,
      dispatch,
      async close() {
        await listener.close();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
