/**
 * Answering one DNS query, pure (randomness injected): a decoded query and the zones in, the
 * response packet out. berth is authoritative for its DNS namespaces and the host names (load
 * balancers); everything else is REFUSED: it never recurses or forwards.
 *   - a known name: its records of the asked type (a CNAME answers any type), else NOERROR with
 *     the zone's SOA in the authority section (NODATA);
 *   - an unknown name inside a namespace: NXDOMAIN with the SOA;
 *   - the namespace's own name: SOA and NS;
 *   - MULTIVALUE record sets give up to 8 values (a random 8 of more), WEIGHTED one at random;
 *   - SRV answers carry their targets' A/AAAA records as additionals.
 */
import type { Answer, DecodedPacket, Packet, Question, SrvAnswer, StringAnswer } from "dns-packet";
import type { HostNames } from "./host-names.js";
import type { NameRecords, RecordSet, SrvValue, Zone, Zones } from "./zones.js";

export const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, NOTIMP: 4, REFUSED: 5 } as const;
const AA = 1 << 10;
const RD = 1 << 8;
/** Route 53's SOA values (primary server, contact, serial, refresh, retry, expire, minimum). */
const SOA_DATA = { mname: "ns-1536.awsdns-00.co.uk", rname: "awsdns-hostmaster.amazon.com", serial: 1, refresh: 7200, retry: 900, expire: 1209600, minimum: 86400 };
const MAX_MULTIVALUE = 8;

export type Random = () => number;

function pick<T>(set: RecordSet<T>, random: Random): T[] {
  const values = set.values;
  if (set.policy === "WEIGHTED") return values.length > 0 ? [values[Math.floor(random() * values.length)]!] : [];
  if (values.length <= MAX_MULTIVALUE) return values;
  const copy = values.slice();
  for (let i = 0; i < MAX_MULTIVALUE; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, MAX_MULTIVALUE);
}

function zoneOf(zones: Zones, name: string): Zone | undefined {
  for (let n = name; ; ) {
    const z = zones.zones.get(n);
    if (z) return z;
    const dot = n.indexOf(".");
    if (dot < 0) return undefined;
    n = n.slice(dot + 1);
  }
}

const soa = (zone: Zone): Answer => ({ type: "SOA", name: zone.name, ttl: zone.soaTtl, class: "IN", data: SOA_DATA });

function recordsFor(name: string, rec: NameRecords, type: string, random: Random): { answers: Answer[]; additionals: Answer[] } {
  const answers: Answer[] = [];
  const additionals: Answer[] = [];
  const simple = (t: "A" | "AAAA" | "CNAME") => {
    const set = rec[t];
    if (set) for (const v of pick(set, random)) answers.push({ type: t, name, ttl: set.ttl, class: "IN", data: v } as StringAnswer);
  };
  if (rec.CNAME && type !== "CNAME") return (simple("CNAME"), { answers, additionals });
  if (type === "A" || type === "ANY") simple("A");
  if (type === "AAAA" || type === "ANY") simple("AAAA");
  if (type === "CNAME") simple("CNAME");
  if ((type === "SRV" || type === "ANY") && rec.SRV) {
    for (const v of pick<SrvValue>(rec.SRV, random)) {
      answers.push({ type: "SRV", name, ttl: rec.SRV.ttl, class: "IN", data: { priority: 1, weight: 1, port: v.port, target: v.target } } as SrvAnswer);
    }
  }
  return { answers, additionals };
}

function addTargets(zones: Zones, answers: Answer[], additionals: Answer[]): void {
  for (const a of answers) {
    if (a.type !== "SRV") continue;
    const target = (a as SrvAnswer).data.target;
    const rec = zones.names.get(target);
    for (const t of ["A", "AAAA"] as const) {
      const set = rec?.[t];
      if (set) for (const v of set.values) additionals.push({ type: t, name: target, ttl: set.ttl, class: "IN", data: v } as StringAnswer);
    }
  }
}

/** The response to `query` (its first question; DNS queries carry one). */
export function answer(query: DecodedPacket, zones: Zones, hosts: HostNames, random: Random = Math.random): Packet {
  const base = { type: "response" as const, id: query.id ?? 0, questions: query.questions ?? [] };
  const rd = query.flag_rd ? RD : 0;
  const opcode = ((query as unknown as { opcode?: string }).opcode ?? "QUERY").toUpperCase();
  if (opcode !== "QUERY") return { ...base, flags: rd | RCODE.NOTIMP };
  const q: Question | undefined = query.questions?.[0];
  if (!q) return { ...base, flags: rd | RCODE.FORMERR };
  const name = q.name.toLowerCase().replace(/\.$/, "");
  const type = q.type as string;

  const host = hosts.get(name);
  if (host) {
    const answers: Answer[] = type === "A" || type === "ANY" ? host.addresses.map((ip) => ({ type: "A", name, ttl: host.ttl, class: "IN", data: ip }) as StringAnswer) : [];
    return { ...base, flags: AA | rd | RCODE.NOERROR, answers };
  }

  const zone = zoneOf(zones, name);
  if (!zone) return { ...base, flags: rd | RCODE.REFUSED };

  const rec = zones.names.get(name);
  if (rec) {
    const { answers, additionals } = recordsFor(name, rec, type, random);
    addTargets(zones, answers, additionals);
    if (answers.length === 0) return { ...base, flags: AA | rd | RCODE.NOERROR, authorities: [soa(zone)] };
    return { ...base, flags: AA | rd | RCODE.NOERROR, answers, additionals };
  }
  if (name === zone.name) {
    const answers: Answer[] = [];
    if (type === "SOA" || type === "ANY") answers.push(soa(zone));
    if (type === "NS" || type === "ANY") answers.push({ type: "NS", name, ttl: 172800, class: "IN", data: SOA_DATA.mname } as StringAnswer);
    return answers.length > 0 ? { ...base, flags: AA | rd | RCODE.NOERROR, answers } : { ...base, flags: AA | rd | RCODE.NOERROR, authorities: [soa(zone)] };
  }
  if (zones.parents.has(name)) return { ...base, flags: AA | rd | RCODE.NOERROR, authorities: [soa(zone)] };
  return { ...base, flags: AA | rd | RCODE.NXDOMAIN, authorities: [soa(zone)] };
}
