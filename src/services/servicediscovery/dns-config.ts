/**
 * A service's DnsConfig, pure: the record types a service may have (A, AAAA, SRV, CNAME; each at
 * most once; CNAME alone and only with the WEIGHTED routing policy) and the routing policy
 * (MULTIVALUE by default).
 */
import { invalidInput } from "./errors.js";

export type RecordType = "A" | "AAAA" | "SRV" | "CNAME";

export interface DnsRecord {
  Type: RecordType;
  TTL: number;
}

export interface DnsConfig {
  NamespaceId?: string;
  RoutingPolicy?: "MULTIVALUE" | "WEIGHTED";
  DnsRecords: DnsRecord[];
}

export function checkDnsRecords(records: DnsRecord[], routingPolicy: "MULTIVALUE" | "WEIGHTED"): void {
  if (records.length === 0) throw invalidInput("DnsRecords must contain at least one record.");
  const types = records.map((r) => r.Type);
  if (new Set(types).size !== types.length) throw invalidInput("DnsRecords can't contain two records of the same type.");
  if (types.includes("CNAME")) {
    if (types.length > 1) throw invalidInput("A CNAME record can't be combined with another record type.");
    if (routingPolicy !== "WEIGHTED") throw invalidInput("The CNAME record type requires the WEIGHTED routing policy.");
  }
}

/** The DnsConfig stored and returned: routing policy filled in. */
export function normalizeDnsConfig(c: DnsConfig): DnsConfig {
  const RoutingPolicy = c.RoutingPolicy ?? "MULTIVALUE";
  checkDnsRecords(c.DnsRecords, RoutingPolicy);
  return { ...(c.NamespaceId !== undefined && { NamespaceId: c.NamespaceId }), RoutingPolicy, DnsRecords: c.DnsRecords.map((r) => ({ Type: r.Type, TTL: r.TTL })) };
}

/** UpdateService's DnsConfig change: the same record types with new TTLs. */
export function changeTtls(current: DnsConfig, records: DnsRecord[]): DnsConfig {
  const had = current.DnsRecords.map((r) => r.Type).sort().join(",");
  const want = records.map((r) => r.Type).sort().join(",");
  if (had !== want) throw invalidInput("UpdateService can change the TTLs of a service's DNS records, not their types.");
  return { ...current, DnsRecords: records.map((r) => ({ Type: r.Type, TTL: r.TTL })) };
}
