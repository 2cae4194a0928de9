/**
 * Helpers of the ELBv2 end-to-end tests: an SDK client on the test server, small HTTP backends on
 * 127.0.0.1 (a node http server per target, which the test can switch to failing), plain HTTP
 * requests with no connection reuse, and a deadline-bound wait (from wait-for.ts).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { TEST_CREDENTIALS, type TestServer } from "./harness.js";

export function elbClient(t: TestServer, region = "us-east-1"): ElasticLoadBalancingV2Client {
  return new ElasticLoadBalancingV2Client({ endpoint: t.url, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

export interface Backend {
  name: string;
  port: number;
  /** Status the backend answers (its health endpoint included). */
  status: number;
  /** Requests seen, with their headers. */
  seen: http.IncomingHttpHeaders[];
  /** While set, `/slow` requests wait for this promise before answering. */
  gate?: Promise<void>;
  close(): Promise<void>;
}

export async function startBackend(name: string): Promise<Backend> {
  const b: Backend = { name, port: 0, status: 200, seen: [], close: async () => undefined };
  const server = http.createServer((req, res) => {
    b.seen.push(req.headers);
    const answer = () => {
      res.writeHead(b.status, { "content-type": "text/plain", "x-backend": name });
      res.end(`${name} ${req.method} ${req.url}`);
    };
    if (req.url?.startsWith("/slow") && b.gate) void b.gate.then(answer);
    else answer();
  });
  // A connection upgrade (`Upgrade: echo`) switches to an echo of whatever the client sends.
  server.on("upgrade", (req, socket) => {
    b.seen.push(req.headers);
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\nX-Backend: ${name}\r\n\r\n`);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  b.port = (server.address() as AddressInfo).port;
  b.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return b;
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request on a fresh connection. */
export function request(address: string, port: number, path = "/", opts: { method?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: address, port, path, method: opts.method ?? "GET", headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error("request timed out")));
    req.end();
  });
}

/** Poll until the probe returns a value other than undefined (the shape these tests use). */
export { waitForValue as waitFor } from "./wait-for.js";

/** A port for a listener: random below the ephemeral range (each load balancer has its own address, so clashes are rare). */
export const listenerPort = () => 20000 + Math.floor(Math.random() * 12000);
