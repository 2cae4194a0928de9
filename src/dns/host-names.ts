/**
 * Names outside Cloud Map that berth's DNS server answers: each a fixed set of IPv4 addresses with
 * a TTL. The load balancers register theirs here (`<lb dns name>` → the load balancer's own
 * loopback address); see README.md. Names are case-insensitive, without the trailing dot.
 */
export interface HostRecord {
  addresses: string[];
  ttl: number;
}

export class HostNames {
  private readonly names = new Map<string, HostRecord>();
  /** Bumped on every change (answer caches key on it). */
  version = 0;

  /** Answer `name` with A records for `addresses` (replacing any earlier set). */
  set(name: string, addresses: string[], ttl = 60): void {
    this.names.set(key(name), { addresses: [...addresses], ttl });
    this.version++;
  }

  delete(name: string): void {
    this.names.delete(key(name));
    this.version++;
  }

  get(name: string): HostRecord | undefined {
    return this.names.get(key(name));
  }
}

const key = (name: string) => name.toLowerCase().replace(/\.$/, "");
