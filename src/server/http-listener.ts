/**
 * The thin wrap that puts a dispatcher on a TCP port: HTTP/1.1 over `node:net`, one
 * `http1/connection.ts` per client (llhttp parses, whole answers are written in one go).
 */
import net, { type AddressInfo } from "node:net";
import type { Dispatch } from "./dispatch.js";
import { serveConnection } from "./http1/connection.js";

/** Largest request body accepted (AWS's own limits are far smaller for every action berth serves). */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface Listener {
  port: number;
  close(): Promise<void>;
}

const HEALTH = { status: 200, headers: { "content-type": "application/json" }, body: '{"status":"ok"}' };

export function listen(dispatch: Dispatch, host: string, port: number): Promise<Listener> {
  const sockets = new Set<net.Socket>();
  const handle: Dispatch = (req, respond) => (req.url === "/_berth/health" ? respond(HEALTH) : dispatch(req, respond));
  const options = {
    maxBodyBytes: MAX_BODY_BYTES,
    onFailure: (req: { method: string; url: string }, e: unknown) =>
      // A bug (the dispatcher threw, or an answer had an invalid header): the connection goes, the server stays.
      process.stderr.write(`berth: could not answer ${req.method} ${req.url}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`),
  };
  // allowHalfOpen: a client that ends its side after a request still gets the answer.
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    serveConnection(socket, handle, options);
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
            for (const s of sockets) s.destroy();
          }),
      });
    });
  });
}
