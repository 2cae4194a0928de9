/**
 * The DNS relay that lets containers resolve Cloud Map names. Containers can't reach the host's
 * 127.0.0.1, but they reach the gateway address of the Docker network they are on (a network berth
 * creates). The agent runs a relay on that address, port 53, and gives containers the gateway as
 * their DNS server; the relay passes each query, unchanged, to berth's own DNS server (the
 * control plane's `--dns-host`/`--dns-port`) and the answer back. It forwards nowhere else, so names
 * outside berth's namespaces are REFUSED as berth's server answers them. API shaped like the
 * metadata server's: `listen(address)`, `unlisten(address)`, `close()`.
 */
import dgram from "node:dgram";
import net from "node:net";
import packet from "dns-packet";
import { listenDns, type DnsHandler, type DnsSocket } from "./transport.js";

export const DNS_PORT = 53;
const TIMEOUT_MS = 3_000;

export interface Upstream {
  host: string;
  port: number;
}

function viaUdp(upstream: Upstream, msg: Buffer): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const s = dgram.createSocket(upstream.host.includes(":") ? "udp6" : "udp4");
    const done = (out?: Buffer) => {
      clearTimeout(timer);
      s.close();
      resolve(out);
    };
    const timer = setTimeout(() => done(undefined), TIMEOUT_MS);
    s.on("message", (reply) => done(reply));
    s.on("error", () => done(undefined));
    s.send(msg, upstream.port, upstream.host);
  });
}

function viaTcp(upstream: Upstream, msg: Buffer): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const len = Buffer.alloc(2);
    len.writeUInt16BE(msg.length);
    let buf = Buffer.alloc(0);
    const s = net.connect(upstream.port, upstream.host, () => s.write(Buffer.concat([len, msg])));
    s.setTimeout(TIMEOUT_MS, () => (s.destroy(), resolve(undefined)));
    s.on("error", () => resolve(undefined));
    s.on("data", (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        resolve(buf.subarray(2, 2 + buf.readUInt16BE(0)));
        s.end();
      }
    });
  });
}

/** Rewrites the A records of a response with `map` (undefined keeps an address). */
export function rewriteAddresses(response: Buffer, map: (ip: string) => string | undefined): Buffer {
  let decoded;
  try {
    decoded = packet.decode(response);
  } catch {
    return response;
  }
  let changed = false;
  for (const a of [...(decoded.answers ?? []), ...(decoded.additionals ?? [])]) {
    if (a.type !== "A") continue;
    const to = map((a as { data: string }).data);
    if (to !== undefined && to !== (a as { data: string }).data) {
      (a as { data: string }).data = to;
      changed = true;
    }
  }
  return changed ? packet.encode(decoded) : response;
}

export const forwardTo =
  (upstream: Upstream, mapAddress?: (ip: string) => string | undefined): DnsHandler =>
  async (msg, via) => {
    const reply = await (via === "udp" ? viaUdp(upstream, msg) : viaTcp(upstream, msg));
    return reply && mapAddress ? rewriteAddresses(reply, mapAddress) : reply;
  };

export class DnsRelay {
  private readonly sockets = new Map<string, Promise<DnsSocket>>();
  private readonly handler: DnsHandler;

  /**
   * `mapAddress`: the agent's own view of its tasks (a task's loopback address → its address on the
   * Docker network), applied to the A records relayed; the server's container view does the same
   * centrally (dns-server.ts `setContainerAddresses`).
   */
  constructor(
    upstream: Upstream,
    private readonly onError: (e: unknown) => void = () => {},
    mapAddress?: (ip: string) => string | undefined,
  ) {
    this.handler = forwardTo(upstream, mapAddress);
  }

  /** Relay DNS on `address:port` (UDP and TCP); idempotent per address. Returns the port. */
  async listen(address: string, port = DNS_PORT): Promise<number> {
    let s = this.sockets.get(address);
    if (!s) {
      s = listenDns(this.handler, address, port, this.onError);
      this.sockets.set(address, s);
      s.catch(() => this.sockets.delete(address));
    }
    return (await s).port;
  }

  async unlisten(address: string): Promise<void> {
    const s = this.sockets.get(address);
    this.sockets.delete(address);
    await (await s?.catch(() => undefined))?.close();
  }

  async close(): Promise<void> {
    await Promise.all([...this.sockets.keys()].map((a) => this.unlisten(a)));
  }
}
