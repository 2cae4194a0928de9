/**
 * berth's DNS handler: decode (dns-packet), answer from the zones and host names (answer.ts),
 * encode, fit the transport (UDP: 512 bytes, or the client's EDNS size up to 1232; additionals are
 * dropped first, then the answer is truncated with TC set so the client retries over TCP).
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

/**
 * `mapAddress` rewrites A record addresses for this view (containers reach a task by its Docker
 * network address, not its loopback one); identity by default.
 */
export function authoritativeHandler(zones: () => Zones, hosts: HostNames, random?: Random, mapAddress?: () => ((ip: string) => string) | undefined): DnsHandler {
  return (msg, via) => {
    let query;
    try {
      query = packet.decode(msg);
    } catch {
      return formErr(msg);
    }
    if (query.type === "response") return undefined;
    const response: Packet = answer(query, zones(), hosts, random);
    const map = mapAddress?.();
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
  };
}
