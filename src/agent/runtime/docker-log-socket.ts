/**
 * A container's log stream read straight from the engine's Unix socket with an HTTP/1.0 request.
 * Over HTTP/1.1 the engine sends a followed log chunked, one HTTP chunk per log entry, and Node's
 * HTTP client pays a parser callback, a Buffer and a stream push for every one of them; an
 * HTTP/1.0 answer can't be chunked, so the body is the raw stream, read a socket buffer at a time
 * (the connection closes at its end). Only for a Unix socket; the runtime keeps dockerode for a
 * TCP engine.
 */
import net from "node:net";

/** Opens GET /containers/{id}/logs?{query}; a non-200 answer throws as dockerode does ({statusCode, json}). */
export async function openContainerLogs(socketPath: string, id: string, query: string): Promise<AsyncIterable<Buffer>> {
  const sock = net.connect(socketPath);
  const it = (sock as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  try {
    sock.write(`GET /containers/${encodeURIComponent(id)}/logs?${query} HTTP/1.0\r\nHost: docker\r\n\r\n`);
    let head: Buffer = Buffer.alloc(0);
    let end = -1;
    while (end < 0) {
      const r = await it.next();
      if (r.done) throw new Error("the Docker engine closed the connection before answering");
      head = Buffer.concat([head, r.value]);
      end = head.indexOf("\r\n\r\n");
      if (end < 0 && head.length > 65_536) throw new Error("the Docker engine's answer has no end of headers");
    }
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head.toString("latin1", 0, Math.min(end, 64)))?.[1] ?? 0);
    const rest = head.subarray(end + 4);
    if (status !== 200) {
      const body: Buffer[] = [rest];
      for (let r = await it.next(); !r.done; r = await it.next()) body.push(r.value);
      const text = Buffer.concat(body).toString("utf8");
      let json: unknown = text;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON: the text is the message
      }
      throw Object.assign(new Error(`(HTTP code ${status}) - ${text.trim()}`), { statusCode: status, json });
    }
    return (async function* () {
      try {
        if (rest.length > 0) yield rest;
        for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
      } finally {
        sock.destroy();
      }
    })();
  } catch (e) {
    sock.destroy();
    throw e;
  }
}

/**
 * POST /containers/{id}/wait?condition=not-running, over HTTP/1.0 on the Unix socket: settles
 * once the container is not running (at once if it isn't), or the request fails; cancel() drops
 * it. The engine answers the headers at once and the body at the exit, so this waits for the
 * connection to close. The engine has written the container's last log entry by then.
 */
export function waitNotRunning(socketPath: string, id: string): { exited: Promise<void>; cancel: () => void } {
  const sock = net.connect(socketPath);
  const exited = new Promise<void>((resolve) => {
    sock.on("close", () => resolve());
    sock.on("error", () => resolve());
  });
  sock.on("data", () => undefined);
  sock.write(`POST /containers/${encodeURIComponent(id)}/wait?condition=not-running HTTP/1.0\r\nHost: docker\r\nContent-Length: 0\r\n\r\n`);
  return { exited, cancel: () => sock.destroy() };
}
