/** The thin wrap that puts a dispatcher on a TCP port. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Dispatch } from "./dispatch.js";
import type { HttpRequest, HttpResponse } from "./http-types.js";

/** Largest request body accepted (AWS's own limits are far smaller for every action berth serves). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface Listener {
  port: number;
  close(): Promise<void>;
}

export function listen(dispatch: Dispatch, host: string, port: number): Promise<Listener> {
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
      // Node joins repeated request headers into one string, all but set-cookie (an array).
      const raw = req.headers;
      const headers = raw["set-cookie"] === undefined ? (raw as Record<string, string | undefined>) : joined(raw);
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      const request: HttpRequest = { method: req.method ?? "GET", url: req.url ?? "/", headers, body };
      if (request.url === "/_berth/health") {
        res.writeHead(200, { "content-type": "application/json" }).end('{"status":"ok"}');
        return;
      }
      dispatch(request, (r) => {
        try {
          answer(res, r);
        } catch (e) {
          // Writing the answer failed (an invalid header value would be a bug): the connection goes, the server stays.
          process.stderr.write(`berth: could not write the answer to ${request.method} ${request.url}: ${e instanceof Error ? e.message : String(e)}\n`);
          res.destroy();
        }
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

function joined(raw: http.IncomingHttpHeaders): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (const k in raw) {
    const v = raw[k];
    headers[k] = Array.isArray(v) ? v.join(",") : v;
  }
  return headers;
}

function answer(res: http.ServerResponse, r: HttpResponse): void {
  if (res.destroyed) return; // the client left
  if (r.stream === undefined) {
    // The body goes out as a string with its byte length: Node writes the head and a string body
    // in one write, encoding it straight into the socket's buffer (no Buffer per answer).
    res.writeHead(r.status, { ...r.headers, "content-length": Buffer.byteLength(r.body, "utf8") }).end(r.body, "utf8");
    return;
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
}
