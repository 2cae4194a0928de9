/**
 * The CloudWatch Logs side of a running server: its log store (a SQLite file of its own in the
 * data directory) and the retention sweeper. The server opens it beside the control-plane store
 * (`openLogs`), and handlers find it from their request context (`logStoreOf`), so the shared
 * RequestContext and Store need no logs-specific members.
 */
import type { Store } from "../../store/store.js";
import { LogStore } from "./store/log-store.js";
import { sweepRetention } from "./retention.js";

export interface LogsRuntime {
  logStore: LogStore;
  close(): void;
}

const attached = new WeakMap<Store, LogStore>();

/** How often expired events are deleted (reads already hide them). */
export const RETENTION_SWEEP_MS = 60_000;

export function openLogs(dataDir: string, store: Store, clock: () => number = Date.now): LogsRuntime {
  const logStore = new LogStore(dataDir);
  attached.set(store, logStore);
  const sweep = () => {
    try {
      sweepRetention(logStore, clock());
    } catch (e) {
      console.error("[berth] log retention sweep failed:", e);
    }
  };
  sweep();
  const timer = setInterval(sweep, RETENTION_SWEEP_MS);
  timer.unref();
  return {
    logStore,
    close() {
      clearInterval(timer);
      attached.delete(store);
      logStore.close();
    },
  };
}

export function logStoreOf(ctx: { store: Store }): LogStore {
  const s = attached.get(ctx.store);
  if (s === undefined) throw new Error("no log store is open for this server (openLogs was not called)");
  return s;
}
