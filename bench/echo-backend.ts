/**
 * The backend of the listener benchmark: a bare node:http server on 127.0.0.1 answering every
 * request with the same small body, with keep-alive. Prints "listening on http://127.0.0.1:PORT".
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

const body = Buffer.from("hello from the backend\n".repeat(4));
const server = http.createServer((req, res) => {
  req.resume();
  res.writeHead(200, { "content-type": "text/plain", "content-length": body.length });
  res.end(body);
});
server.keepAliveTimeout = 120_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
for (const sig of ["SIGTERM", "SIGINT"] as const) process.on(sig, () => server.close(() => process.exit(0)));
