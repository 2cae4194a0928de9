/**
 * Cloud Map names inside task containers (src/dns/README.md, "Resolution from inside containers"):
 * a DnsRelay on the gateway of each cluster network the agent's task runners use, port 53,
 * forwarding to berth's DNS server (its host view), and rewriting the A records of awsvpc tasks'
 * loopback addresses (what the host reaches, and what Cloud Map holds) into their pause containers'
 * addresses on the cluster network (what other containers reach). One per agent process, shared by
 * its runners (the container instance's and the managed-capacity seat's), since two relays can't
 * bind one gateway. A relay that can't bind (no root or CAP_NET_BIND_SERVICE, the address taken)
 * is reported once; the agent goes on without it, and containers keep Docker's resolver.
 */
import { DNS_PORT, DnsRelay, type Upstream } from "../../dns/relay.js";
import { hostResolvers } from "./host-resolvers.js";

export class TaskDns {
  private readonly relay: DnsRelay;
  /** A task's loopback address → its address on the cluster network, and the task holding it. */
  private readonly addresses = new Map<string, { address: string; taskArn: string }>();
  /** gateway → who uses the relay there; and whether it listens. */
  private readonly users = new Map<string, Set<object>>();
  private readonly listening = new Map<string, Promise<number | undefined>>();
  private warned = false;

  constructor(
    readonly upstream: Upstream,
    private readonly log: (message: string) => void,
    private readonly port = DNS_PORT,
    /** Resolvers listed after the relay, for names outside berth's namespaces (host-resolvers.ts). */
    readonly fallback: readonly string[] = hostResolvers(),
  ) {
    this.relay = new DnsRelay(upstream, () => {}, (ip) => this.addresses.get(ip)?.address);
  }

  /** Relays DNS on `gateway` for `owner`; true when the relay listens there (give containers the gateway). */
  async acquire(gateway: string, owner: object): Promise<boolean> {
    let users = this.users.get(gateway);
    if (!users) this.users.set(gateway, (users = new Set()));
    users.add(owner);
    let port = this.listening.get(gateway);
    if (!port) {
      port = this.relay.listen(gateway, this.port).then(
        (p): number | undefined => p,
        (e: unknown) => {
          if (!this.warned) {
            this.warned = true;
            this.log(
              `berth agent: no DNS relay on ${gateway}:${this.port} (${e instanceof Error ? e.message : String(e)}); task containers won't resolve Cloud Map names (the relay needs root or CAP_NET_BIND_SERVICE)`,
            );
          }
          return undefined;
        },
      );
      this.listening.set(gateway, port);
    }
    return (await port) !== undefined;
  }

  /** The port the relay listens on at `gateway` (53 unless constructed otherwise), if it does. */
  portOn(gateway: string): Promise<number | undefined> {
    return this.listening.get(gateway) ?? Promise.resolve(undefined);
  }

  /** `owner` no longer uses `gateway` (its cluster network is gone); the last one stops the relay there. */
  async release(gateway: string, owner: object): Promise<void> {
    const users = this.users.get(gateway);
    users?.delete(owner);
    if (users && users.size > 0) return;
    this.users.delete(gateway);
    this.listening.delete(gateway);
    await this.relay.unlisten(gateway);
  }

  setTaskAddress(loopback: string, networkAddress: string, taskArn: string): void {
    this.addresses.set(loopback, { address: networkAddress, taskArn });
  }

  /** Forgets `loopback` if `taskArn` still holds it. A newer task may hold it now, often with the
   * same cluster-network address too (the engine reuses a freed one), so the task decides, not the address. */
  forgetTaskAddress(loopback: string, taskArn: string): void {
    if (this.addresses.get(loopback)?.taskArn === taskArn) this.addresses.delete(loopback);
  }

  /** What an A record for `ip` becomes inside containers. */
  containerAddress(ip: string): string {
    return this.addresses.get(ip)?.address ?? ip;
  }

  async close(): Promise<void> {
    this.users.clear();
    this.listening.clear();
    await this.relay.close();
  }
}

/** The DNS server's port when `--dns-server` names none (the server's default `--dns-port`). */
export const DEFAULT_DNS_SERVER_PORT = 4553;

/**
 * `berth agent --dns-server HOST:PORT` (env BERTH_DNS_SERVER): where the relay forwards. Default:
 * the endpoint's host and 4553; `none` turns the relay off. Throws a message for a bad value.
 */
export function dnsServerOf(value: string | undefined, endpoint: string): Upstream | undefined {
  if (value === "none") return undefined;
  if (value === undefined || value === "") {
    const host = new URL(endpoint).hostname.replace(/^\[(.*)\]$/, "$1");
    return { host, port: DEFAULT_DNS_SERVER_PORT };
  }
  const m = /^(?:\[([^\]]+)\]|([^:]+))(?::(\d{1,5}))?$/.exec(value);
  const port = m?.[3] !== undefined ? Number(m[3]) : DEFAULT_DNS_SERVER_PORT;
  if (!m || port < 1 || port > 65535) throw new Error(`--dns-server must be HOST:PORT (e.g. 127.0.0.1:${DEFAULT_DNS_SERVER_PORT}) or none, got '${value}'`);
  return { host: m[1] ?? m[2]!, port };
}
