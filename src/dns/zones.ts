/**
 * The DNS view of the Cloud Map registry, pure: a snapshot of DNS namespaces, services and
 * instances in, the names berth answers for out. For each service with a DnsConfig, in its
 * namespace `<ns>`:
 *   - `<service>.<ns>`: A (AWS_INSTANCE_IPV4), AAAA (AWS_INSTANCE_IPV6), CNAME (AWS_INSTANCE_CNAME)
 *     and SRV (`1 1 <AWS_INSTANCE_PORT> <instance id>.<service>.<ns>`), with the service's TTLs;
 *   - `<instance id>.<service>.<ns>`: the A/AAAA records that SRV targets point at.
 * Which instances: the healthy ones (instanceHealth: custom status honoured; no health check =
 * all); when every instance is unhealthy, all of them, as Route 53 answers for Cloud Map
 * ("responds to DNS queries as if all of the instances were healthy").
 * Names are lowercase, without the trailing dot.
 */
import type { CloudMapInstanceRecord, CloudMapNamespaceRecord, CloudMapServiceRecord } from "../store/store.js";
import type { DnsConfig } from "../services/servicediscovery/dns-config.js";
import { instanceHealth } from "../services/servicediscovery/health.js";

export interface RecordSet<T> {
  ttl: number;
  policy: "MULTIVALUE" | "WEIGHTED";
  values: T[];
}

export interface SrvValue {
  port: number;
  target: string;
}

export interface NameRecords {
  A?: RecordSet<string>;
  AAAA?: RecordSet<string>;
  SRV?: RecordSet<SrvValue>;
  CNAME?: RecordSet<string>;
}

export interface Zone {
  name: string;
  /** The namespace's SOA TTL (negative caching). */
  soaTtl: number;
}

export interface Zones {
  /** Namespace name → zone. */
  zones: Map<string, Zone>;
  /** Fully qualified name → its records. */
  names: Map<string, NameRecords>;
  /** Names that exist only as parents of other names (answered NOERROR with no data). */
  parents: Set<string>;
}

export interface RegistrySnapshot {
  namespaces: CloudMapNamespaceRecord[];
  services: CloudMapServiceRecord[];
  instances: CloudMapInstanceRecord[];
}

export const emptyZones = (): Zones => ({ zones: new Map(), names: new Map(), parents: new Set() });

const lower = (s: string) => s.toLowerCase().replace(/\.$/, "");

function add<T>(names: Map<string, NameRecords>, name: string, type: keyof NameRecords, ttl: number, policy: RecordSet<T>["policy"], value: T): void {
  let rec = names.get(name);
  if (!rec) names.set(name, (rec = {}));
  const set = (rec[type] ??= { ttl, policy, values: [] }) as RecordSet<T>;
  set.values.push(value);
}

export function buildZones(snap: RegistrySnapshot): Zones {
  const out = emptyZones();
  const nsById = new Map<string, CloudMapNamespaceRecord>();
  for (const ns of snap.namespaces) {
    if (ns.type === "HTTP") continue;
    nsById.set(`${ns.region}/${ns.id}`, ns);
    const soa = ((ns.doc.Properties as { DnsProperties?: { SOA?: { TTL?: number } } } | undefined)?.DnsProperties?.SOA?.TTL) ?? 15;
    const name = lower(ns.name);
    out.zones.set(name, { name, soaTtl: Math.min(soa, out.zones.get(name)?.soaTtl ?? soa) });
  }
  const byService = new Map<string, CloudMapInstanceRecord[]>();
  for (const i of snap.instances) {
    const key = `${i.region}/${i.serviceId}`;
    const list = byService.get(key);
    if (list) list.push(i);
    else byService.set(key, [i]);
  }
  for (const s of snap.services) {
    const ns = nsById.get(`${s.region}/${s.namespaceId}`);
    const dns = s.doc.DnsConfig as DnsConfig | undefined;
    if (!ns || !dns) continue;
    const all = byService.get(`${s.region}/${s.id}`) ?? [];
    const healthy = all.filter((i) => instanceHealth(s, i) !== "UNHEALTHY");
    const chosen = healthy.length > 0 ? healthy : all;
    const zone = lower(ns.name);
    const svcName = `${lower(s.name)}.${zone}`;
    const policy = dns.RoutingPolicy ?? "MULTIVALUE";
    // Parents between the zone and the service name (e.g. `_tcp.<ns>` for `_http._tcp`).
    for (let p = svcName.slice(svcName.indexOf(".") + 1); p.length > zone.length; p = p.slice(p.indexOf(".") + 1)) out.parents.add(p);
    for (const r of dns.DnsRecords) {
      for (const i of chosen) {
        const a = i.attributes;
        switch (r.Type) {
          case "A":
            if (a.AWS_INSTANCE_IPV4) add(out.names, svcName, "A", r.TTL, policy, a.AWS_INSTANCE_IPV4);
            break;
          case "AAAA":
            if (a.AWS_INSTANCE_IPV6) add(out.names, svcName, "AAAA", r.TTL, policy, a.AWS_INSTANCE_IPV6);
            break;
          case "CNAME":
            if (a.AWS_INSTANCE_CNAME) add(out.names, svcName, "CNAME", r.TTL, policy, lower(a.AWS_INSTANCE_CNAME));
            break;
          case "SRV": {
            if (a.AWS_INSTANCE_PORT === undefined) break;
            const target = `${lower(i.id)}.${svcName}`;
            add<SrvValue>(out.names, svcName, "SRV", r.TTL, policy, { port: Number(a.AWS_INSTANCE_PORT), target });
            if (a.AWS_INSTANCE_IPV4) add(out.names, target, "A", r.TTL, "MULTIVALUE", a.AWS_INSTANCE_IPV4);
            if (a.AWS_INSTANCE_IPV6) add(out.names, target, "AAAA", r.TTL, "MULTIVALUE", a.AWS_INSTANCE_IPV6);
            break;
          }
        }
      }
    }
    // A service with no instance still exists as a name: NOERROR, no data.
    if (!out.names.has(svcName)) out.parents.add(svcName);
  }
  return out;
}
