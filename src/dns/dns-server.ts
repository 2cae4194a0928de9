/**
 * berth's DNS server: the authoritative handler over the zone cache and the host names, on a
 * loopback address (UDP and TCP), plus any further addresses asked for with `listenAlso`.
 */
import type { Store } from "../store/store.js";
import { authoritativeHandler } from "./authoritative.js";
import { HostNames } from "./host-names.js";
import { listenDns, type DnsSocket } from "./transport.js";
import { ZoneCache } from "./zone-cache.js";

/** The documented default port on 127.0.0.1 (`--dns-port`). */
export const DEFAULT_DNS_PORT = 4553;

export interface RunningDns {
  host: string;
  port: number;
  /** Names outside Cloud Map (load balancers) answered by this server. */
  names: HostNames;
  zones: ZoneCache;
  /** Serve on one more address (e.g. a berth Docker network's gateway, port 53). */
  listenAlso(host: string, port?: number): Promise<number>;
  close(): Promise<void>;
}

export async function startDnsServer(opts: { store: Store; host: string; port: number; names?: HostNames; onError?: (e: unknown) => void }): Promise<RunningDns> {
  const names = opts.names ?? new HostNames();
  const zones = new ZoneCache(opts.store, 5_000, opts.onError);
  await zones.start();
  const handler = authoritativeHandler(() => zones.zones, names);
  const sockets: DnsSocket[] = [];
  try {
    sockets.push(await listenDns(handler, opts.host, opts.port, opts.onError));
  } catch (e) {
    zones.close();
    throw e;
  }
  return {
    host: opts.host,
    port: sockets[0]!.port,
    names,
    zones,
    async listenAlso(host, port = 53) {
      const s = await listenDns(handler, host, port, opts.onError);
      sockets.push(s);
      return s.port;
    },
    async close() {
      zones.close();
      await Promise.all(sockets.map((s) => s.close()));
    },
  };
}
