/**
 * The sockets of the data plane: one server per listener, on its load balancer's loopback
 * address and port. `apply(listeners)` opens what is new, closes what is gone, and hands the
 * rest their new view without reopening them. A port that can't be bound is logged and retried
 * at the next apply.
 */
import http from "node:http";
import net from "node:net";
import { httpHandler, upgradeHandler, type Forwarding } from "./http-proxy.js";
import { tcpHandler } from "./tcp-proxy.js";
import type { ListenerView } from "./view.js";

interface Running {
  protocol: string;
  view: ListenerView;
  server: net.Server;
  sockets: Set<net.Socket>;
}

const keyOf = (l: ListenerView) => `${l.address}:${l.port}`;

export class ListenerSet {
  private readonly running = new Map<string, Running>();
  private readonly failed = new Set<string>();

  constructor(
    private readonly fwd: Forwarding,
    private readonly log: (message: string) => void,
  ) {}

  async apply(listeners: readonly ListenerView[]): Promise<void> {
    const wanted = new Map(listeners.map((l) => [keyOf(l), l]));
    for (const [key, r] of this.running) {
      const want = wanted.get(key);
      if (!want || want.protocol !== r.protocol) await this.stop(key);
      else {
        r.view = want;
        // idle_timeout.timeout_seconds applies to client connections at once.
        if (r.server instanceof http.Server) r.server.keepAliveTimeout = want.idleTimeoutSeconds * 1000;
      }
    }
    for (const [key, view] of wanted) {
      if (this.running.has(key)) continue;
      await this.start(key, view);
    }
  }

  /** Addresses and ports listened on (for tests and logs). */
  bound(): string[] {
    return [...this.running.keys()];
  }

  private async start(key: string, view: ListenerView): Promise<void> {
    const sockets = new Set<net.Socket>();
    const entry: Running = { protocol: view.protocol, view, server: undefined as unknown as net.Server, sockets };
    const current = () => entry.view;
    const server =
      view.protocol === "HTTP"
        ? http.createServer({ keepAliveTimeout: view.idleTimeoutSeconds * 1000, requestTimeout: 0 }, httpHandler(current, this.fwd))
        : net.createServer(tcpHandler(current, this.fwd));
    if (server instanceof http.Server) server.on("upgrade", upgradeHandler(current, this.fwd));
    server.on("connection", (s: net.Socket) => {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
    });
    entry.server = server;
    try {
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(view.port, view.address, () => {
          server.off("error", reject);
          resolve();
        });
      });
      server.on("error", (err) => this.log(`[berth] listener ${key}: ${err.message}`));
      this.running.set(key, entry);
      this.failed.delete(key);
    } catch (err) {
      if (!this.failed.has(key)) this.log(`[berth] cannot listen on ${key} for ${view.arn}: ${(err as Error).message}`);
      this.failed.add(key);
    }
  }

  private async stop(key: string): Promise<void> {
    const r = this.running.get(key);
    if (!r) return;
    this.running.delete(key);
    const closed = new Promise<void>((resolve) => r.server.close(() => resolve()));
    for (const s of r.sockets) s.destroy();
    await closed;
  }

  async close(): Promise<void> {
    for (const key of [...this.running.keys()]) await this.stop(key);
  }
}
