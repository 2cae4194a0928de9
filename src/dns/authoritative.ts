/**
 * berth's DNS handler: decode (dns-packet), answer from the zones and host names (answer.ts),
 * encode, fit the transport (UDP: 512 bytes, or the client's EDNS size up to 1232; additionals are
 * dropped first, then the answer is truncated with TC set so the client retries over TCP).
 * Responses that involve no random choice are cached by the query's bytes after its id (clients
 * repeat the same query bytes with new ids) until the zones or host names change.
 */
import packet from "dns-packet";
import type { Answer, Packet } from "dns-packet";
import { answer, RCODE, type Random } from "./answer.js";
import type { HostNames } from "./host-names.js";
import type { DnsHandler } from "./transport.js";
import type { Zones } from "./zones.js";

const EDNS_SIZE = 1232;
const TC = 1 << 9;

/** A FORMERR response to an undecodable message (when it has at least an id). */
function formErr(msg: Buffer): Buffer | undefined {
  if (msg.length < 12) return undefined;
  const out = Buffer.alloc(12);
  msg.copy(out, 0, 0, 2);
  out.writeUInt16BE(0x8000 | RCODE.FORMERR, 2);
  return out;
}

const CACHE_LIMIT = 10_000;

/**
 * `mapAddress` rewrites A record addresses for this view (containers reach a task by its Docker
 * network address, not its loopback one); identity by default.
 */
export function authoritativeHandler(zones: () => Zones, hosts: HostNames, random: Random = Math.random, mapAddress?: () => ((ip: string) => string) | undefined): DnsHandler {
  const cache = new Map<string, Buffer>();
  let cachedFor: { zones?: Zones; hosts: number; map?: (ip: string) => string } = { hosts: -1 };
  return (msg, via) => {
    const z = zones();
    const map = mapAddress?.();
    if (cachedFor.zones !== z || cachedFor.hosts !== hosts.version || cachedFor.map !== map) {
      cache.clear();
      cachedFor = { zones: z, hosts: hosts.version, map };
    }
    const key = msg.length >= 12 && msg.length <= 512 ? `${via}${msg.toString("latin1", 2)}` : undefined;
    const hit = key !== undefined ? cache.get(key) : undefined;
    if (hit) {
      const out = Buffer.from(hit);
      msg.copy(out, 0, 0, 2);
      return out;
    }
    let randomUsed = false;
    const tracked: Random = () => ((randomUsed = true), random());
    const out = respond(msg, via, z, hosts, tracked, map);
    if (out && key !== undefined && !randomUsed) {
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(key, out);
    }
    return out;
  };
}

function respond(msg: Buffer, via: "udp" | "tcp", zones: Zones, hosts: HostNames, random: Random, map: ((ip: string) => string) | undefined): Buffer | undefined {
    let query;
    try {
      query = packet.decode(msg);
    } catch {
      return formErr(msg);
    }
    if (query.type === "response") return undefined;
    const response: Packet = answer(query, zones, hosts, random);
    if (map) {
      for (const a of [...(response.answers ?? []), ...(response.additionals ?? [])]) {
        if (a.type === "A") (a as { data: string }).data = map((a as { data: string }).data);
      }
    }
    const opt = query.additionals?.find((a) => a.type === "OPT") as { udpPayloadSize?: number } | undefined;
    const edns = (opt ? [{ type: "OPT", name: ".", udpPayloadSize: EDNS_SIZE, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] : []) as unknown as Answer[];
    response.additionals = [...(response.additionals ?? []), ...edns];
    const max = via === "tcp" ? 65_535 : Math.max(512, Math.min(opt?.udpPayloadSize ?? 512, EDNS_SIZE));
    let out = packet.encode(response);
    if (out.length > max) {
      response.additionals = edns;
      out = packet.encode(response);
    }
    if (out.length > max) out = packet.encode({ ...response, answers: [], authorities: [], flags: (response.flags ?? 0) | TC });
    return out;
}
