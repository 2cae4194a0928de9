/**
 * The floor: a bare `node:http` server that reads each request's body and answers with a fixed
 * body chosen by X-Amz-Target (berth's real answer to the same call, captured by the bench).
 * It does no signature check, no parsing, no storage: what is left is Node's HTTP stack and the
 * kernel's loopback, which berth pays too.
 *
 * Usage: node dist/bench/floor-server.js BODIES.json   (a JSON object: target -> response body)
 * Listens on 127.0.0.1, on a port it picks, and prints "floor is listening on http://127.0.0.1:PORT".
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";

const file = process.argv[2];
if (!file) {
  process.stderr.write("usage: floor-server.js BODIES.json\n");
  process.exit(2);
}
const bodies = new Map<string, Buffer>(Object.entries(JSON.parse(readFileSync(file, "utf8")) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, "utf8")]));
const notFound = Buffer.from('{"__type":"UnknownOperationException"}');
const REQUEST_ID = "00000000-0000-4000-8000-000000000000";

const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  req.on("data", () => {});
  req.on("end", () => {
    const body = bodies.get(String(req.headers["x-amz-target"] ?? ""));
    res
      .writeHead(body ? 200 : 400, {
        "content-type": "application/x-amz-json-1.1",
        "x-amzn-requestid": REQUEST_ID,
        "content-length": (body ?? notFound).length,
      })
      .end(body ?? notFound);
  });
});

server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`floor is listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
for (const sig of ["SIGINT", "SIGTERM"] as const) {
  process.on(sig, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
