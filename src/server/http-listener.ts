/** The thin wrap that puts a dispatcher on a TCP port. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Dispatcher } from "./dispatch.js";
import type { HttpRequest } from "./http-types.js";

/** Largest request body accepted (AWS's own limits are far smaller for every action berth serves). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface Listener {
  port: number;
  close(): Promise<void>;
}

export function listen(dispatch: Dispatcher, host: string, port: number): Promise<Listener> {
  const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        res.writeHead(413, { "content-type": "application/json", connection: "close" }).end('{"__type":"SerializationException","message":"Request body too large."}');
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => {
      if (res.headersSent) return;
      const headers: Record<string, string | undefined> = {};
      const raw = req.headers;
      for (const k in raw) {
        const v = raw[k];
        headers[k] = Array.isArray(v) ? v.join(",") : v;
      }
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      const request: HttpRequest = { method: req.method ?? "GET", url: req.url ?? "/", headers, body };
      if (request.url === "/_berth/health") {
        res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
        return;
      }
      dispatch(request).then(
        (r) => {
          if (res.destroyed) return; // the client left
          if (r.stream === undefined) {
            // Encoded once: the length comes from it, and the socket takes the bytes as they are.
            const bytes = Buffer.from(r.body, "utf8");
            return void res.writeHead(r.status, { ...r.headers, "content-length": bytes.length }).end(bytes);
          }
          // An event stream: chunked, written as it comes, until it ends or the client leaves.
          const gone = new AbortController();
          res.on("close", () => gone.abort());
          res.on("error", () => gone.abort());
          res.writeHead(r.status, r.headers).flushHeaders();
          r.stream((chunk) => void (gone.signal.aborted || res.destroyed || res.write(chunk)), gone.signal).then(
            () => res.end(),
            () => res.destroy(),
          );
        },
        () => res.writeHead(500).end(),
      ).catch((e: unknown) => {
        // Writing the answer failed (an invalid header value would be a bug): the connection goes, the server stays.
        process.stderr.write(`berth: could not write the answer to ${request.method} ${request.url}: ${e instanceof Error ? e.message : String(e)}\n`);
        res.destroy();
      });
    });
    req.on("error", () => res.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve({
        port: (server.address() as AddressInfo).port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
