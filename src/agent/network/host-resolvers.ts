/**
 * The resolvers a task container falls back to for names outside berth's namespaces. berth's DNS
 * server answers REFUSED for those, and Docker's embedded resolver (127.0.0.11, on every cluster
 * network) then asks the container's next DNS server: listing the host's own resolvers after the
 * relay keeps Docker's usual behaviour (public names resolve) beside Cloud Map names. Loopback
 * resolvers are left out, since containers can't reach the host's loopback, as Docker does.
 *
 * `BERTH_DNS_FALLBACK=0` turns the fallback off (containers then resolve only berth's names and
 * Docker's own container names); berth's tests do, so that no lookup leaves the machine.
 */
import { readFileSync } from "node:fs";

/** Pure: the non-loopback `nameserver` addresses of a resolv.conf text, in order, without duplicates. */
export function nameserversOf(resolvConf: string): string[] {
  const out: string[] = [];
  for (const line of resolvConf.split("\n")) {
    const m = /^\s*nameserver\s+(\S+)/.exec(line);
    if (!m) continue;
    const address = m[1]!.replace(/%.*$/, "");
    if (/^127\./.test(address) || address === "::1" || address === "0.0.0.0" || address === "::") continue;
    if (!out.includes(address)) out.push(address);
  }
  return out;
}

/** The host's resolvers (systemd-resolved's upstreams when resolv.conf names only its stub), or none when turned off. */
export function hostResolvers(env: NodeJS.ProcessEnv = process.env, read: (file: string) => string = (f) => readFileSync(f, "utf8")): string[] {
  if (env.BERTH_DNS_FALLBACK === "0" || env.BERTH_DNS_FALLBACK === "false") return [];
  for (const file of ["/etc/resolv.conf", "/run/systemd/resolve/resolv.conf"]) {
    try {
      const found = nameserversOf(read(file));
      if (found.length > 0) return found;
    } catch {
      // No such file: try the next.
    }
  }
  return [];
}
