/**
 * The DNS bench's floor: a bare node:dgram server that answers every query with one fixed,
 * pre-encoded response (the query's id copied in). What Node's UDP path and the kernel's loopback
 * cost on this machine, with no decoding, lookup or encoding.
 *   node dist/bench/dns-floor-server.js <port>
 */
import dgram from "node:dgram";
import packet from "dns-packet";

const port = Number(process.argv[2]);
const response = packet.encode({
  type: "response",
  id: 0,
  flags: packet.AUTHORITATIVE_ANSWER,
  questions: [{ name: "web.bench.local", type: "A", class: "IN" }],
  answers: [101, 102, 103].map((n) => ({ type: "A" as const, name: "web.bench.local", ttl: 10, class: "IN" as const, data: `127.0.0.${n}` })),
});
const udp = dgram.createSocket("udp4");
udp.on("message", (msg, rinfo) => {
  const out = Buffer.from(response);
  msg.copy(out, 0, 0, 2);
  udp.send(out, rinfo.port, rinfo.address);
});
udp.bind(port, "127.0.0.1", () => process.stdout.write(`floor listening on ${port}\n`));
