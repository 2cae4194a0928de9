/**
 * berth's DNS server: the authoritative handler over the zone cache and the host names, in two
 * views. The host view (`host:port`, loopback) answers registered addresses as they are. The
 * container view (`host:containerPort`, and every address given to `listenAlso`) passes A records
 * through `setContainerAddresses` first: a task registered with its loopback address (what the host
 * reaches) is answered with its address on the Docker network (what other containers reach). The
 * agents' relays (relay.ts) forward to the container view.
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
  /** The container view's port on `host` (what agents' relays forward to). */
  containerPort: number;
  /** How the container view rewrites A record addresses (e.g. a task's 127.77.x.y → its network address). */
  setContainerAddresses(map: ((ip: string) => string) | undefined): void;
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
  let containerMap: ((ip: string) => string) | undefined;
  const containerHandler = authoritativeHandler(() => zones.zones, names, undefined, () => containerMap);
  const sockets: DnsSocket[] = [];
  try {
    sockets.push(await listenDns(handler, opts.host, opts.port, opts.onError));
    sockets.push(await listenDns(containerHandler, opts.host, 0, opts.onError));
  } catch (e) {
    await Promise.all(sockets.map((s) => s.close()));
    zones.close();
    throw e;
  }
  return {
    host: opts.host,
    port: sockets[0]!.port,
    containerPort: sockets[1]!.port,
    setContainerAddresses(map) {
      containerMap = map;
    },
    names,
    zones,
    async listenAlso(host, port = 53) {
      const s = await listenDns(containerHandler, host, port, opts.onError);
      sockets.push(s);
      return s.port;
    },
    async close() {
      zones.close();
      await Promise.all(sockets.map((s) => s.close()));
    },
  };
}
