/**
 * DNS over UDP and TCP on one address and port (node:dgram, node:net): the sockets only. A handler
 * turns a query's bytes into the response's bytes (or nothing, to stay silent); TCP messages carry
 * the 2-byte length prefix of RFC 1035 §4.2.2, several per connection. Port 0 picks a port free for
 * both UDP and TCP.
 */
import dgram from "node:dgram";
import net from "node:net";

export type Via = "udp" | "tcp";
export type DnsHandler = (query: Buffer, via: Via) => Buffer | undefined | Promise<Buffer | undefined>;

export interface DnsSocket {
  host: string;
  port: number;
  close(): Promise<void>;
}

const TCP_IDLE_MS = 10_000;

function bindUdp(handler: DnsHandler, host: string, port: number, onError: (e: unknown) => void): Promise<dgram.Socket> {
  const udp = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
  udp.on("message", (msg, rinfo) => {
    let out;
    try {
      out = handler(msg, "udp");
    } catch (e) {
      onError(e);
      return;
    }
    // Synchronous handlers (berth's own) answer without a promise per packet.
    if (out instanceof Promise) out.then((o) => o && udp.send(o, rinfo.port, rinfo.address), onError);
    else if (out) udp.send(out, rinfo.port, rinfo.address);
  });
  return new Promise((resolve, reject) => {
    udp.once("error", reject);
    udp.bind(port, host, () => {
      udp.off("error", reject);
      udp.on("error", onError);
      resolve(udp);
    });
  });
}

function serveTcp(handler: DnsHandler, socket: net.Socket, onError: (e: unknown) => void): void {
  let buf = Buffer.alloc(0);
  socket.setTimeout(TCP_IDLE_MS, () => socket.destroy());
  socket.on("error", () => socket.destroy());
  socket.on("data", (chunk: Buffer) => {
    buf = Buffer.concat([buf, chunk]);
    while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
      const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
      buf = buf.subarray(2 + msg.length);
      Promise.resolve()
        .then(() => handler(Buffer.from(msg), "tcp"))
        .then(
          (out) => {
            if (!out || socket.destroyed) return;
            const len = Buffer.alloc(2);
            len.writeUInt16BE(out.length);
            socket.write(Buffer.concat([len, out]));
          },
          (e) => onError(e),
        );
    }
  });
}

function bindTcp(handler: DnsHandler, host: string, port: number, onError: (e: unknown) => void): Promise<net.Server> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
    serveTcp(handler, s, onError);
  });
  (server as net.Server & { sockets?: Set<net.Socket> }).sockets = sockets;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

/** Listen for DNS on UDP and TCP at `host:port`. */
export async function listenDns(handler: DnsHandler, host: string, port: number, onError: (e: unknown) => void = () => {}): Promise<DnsSocket> {
  for (let attempt = 0; ; attempt++) {
    const udp = await bindUdp(handler, host, port, onError);
    const chosen = udp.address().port;
    try {
      const tcp = await bindTcp(handler, host, chosen, onError);
      return {
        host,
        port: chosen,
        close: () =>
          new Promise<void>((done) => {
            udp.close();
            for (const s of (tcp as net.Server & { sockets: Set<net.Socket> }).sockets) s.destroy();
            tcp.close(() => done());
          }),
      };
    } catch (e) {
      udp.close();
      // With port 0, the UDP port may be taken for TCP: try another.
      if (port !== 0 || attempt >= 10) throw e;
    }
  }
}
