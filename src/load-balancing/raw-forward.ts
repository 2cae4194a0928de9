/**
 * The fast path of an HTTP forward: a request without a body to a plain-HTTP target goes over a
 * pooled keep-alive connection of our own (one request at a time per connection), its head written
 * as text and the answer read by response-reader.ts, instead of node's http.request and Agent
 * (which cost most of a proxied request: bench/README.md). Each pooled socket carries its handlers
 * from creation and points at the exchange it serves, so a request registers no listener and arms
 * no timer. Requests with bodies, HTTPS targets and upgrades keep node's client (http-proxy.ts).
 *
 * Failures as ALB: refused or reset before any answer → 502 (a pooled connection the target had
 * closed is retried once on a fresh one), silent past the idle timeout → 504, a malformed answer
 * → 502; after the head has gone to the client, the client's connection is cut.
 */
import net from "node:net";
import type { IncomingMessage, ServerResponse } from "node:http";
import { MalformedResponse, ResponseReader, type ResponseSink } from "./response-reader.js";
import { sendElbError } from "./responses.js";
import type { TargetView } from "./view.js";

interface Pooled extends net.Socket {
  /** The exchange using this connection; undefined while it idles in the pool. */
  exchange?: RawExchange;
  poolKey: string;
  /** Reused from the pool for the current exchange. */
  reused: boolean;
  timedOut: boolean;
}

const MAX_FREE_PER_TARGET = 1024;
const free = new Map<string, Pooled[]>();

function removeFree(s: Pooled): void {
  const list = free.get(s.poolKey);
  if (!list) return;
  const i = list.indexOf(s);
  if (i >= 0) list.splice(i, 1);
  if (list.length === 0) free.delete(s.poolKey);
}

function onSocketData(this: Pooled, chunk: Buffer): void {
  const x = this.exchange;
  if (!x) {
    this.destroy(); // bytes while idle: the connection is out of step
    return;
  }
  try {
    x.reader.feed(chunk, x);
  } catch (err) {
    if (!(err instanceof MalformedResponse)) throw err;
    x.fail(502);
  }
}

function onSocketClose(this: Pooled): void {
  removeFree(this);
  const x = this.exchange;
  if (!x || x.over) return;
  if (this.timedOut) return x.fail(504);
  if (!x.reader.started) {
    // A pooled connection the target had closed: once more on a fresh one.
    if (this.reused && !x.retried) {
      x.retried = true;
      this.exchange = undefined;
      x.send();
      return;
    }
    return x.fail(502);
  }
  try {
    x.reader.eof(x);
  } catch {
    x.fail(502);
  }
}

function onSocketTimeout(this: Pooled): void {
  this.timedOut = this.exchange !== undefined;
  this.destroy();
}

function ignore(): void {}

function acquire(target: TargetView, idleMs: number, fresh: boolean): Pooled {
  const key = `${target.address}:${target.port}`;
  const list = fresh ? undefined : free.get(key);
  let s = list?.pop();
  if (list && list.length === 0) free.delete(key);
  if (s) {
    s.reused = true;
    s.ref();
  } else {
    s = net.connect({ host: target.address, port: target.port, noDelay: true }) as Pooled;
    s.poolKey = key;
    s.reused = false;
    s.timedOut = false;
    s.on("data", onSocketData);
    s.on("close", onSocketClose);
    s.on("error", ignore); // 'close' follows
    s.on("timeout", onSocketTimeout);
  }
  if (s.timeout !== idleMs) s.setTimeout(idleMs);
  return s;
}

function release(s: Pooled): void {
  s.exchange = undefined;
  let list = free.get(s.poolKey);
  if (!list) free.set(s.poolKey, (list = []));
  if (list.length >= MAX_FREE_PER_TARGET || s.destroyed) {
    s.destroy();
    return;
  }
  s.unref();
  list.push(s);
}

/** Closes every idle pooled connection (the data plane's close). */
export function closeIdleUpstreams(): void {
  for (const list of free.values()) for (const s of [...list]) s.destroy();
  free.clear();
}

export class RawExchange implements ResponseSink {
  reader: ResponseReader;
  socket: Pooled | undefined;
  over = false;
  retried = false;

  constructor(
    readonly res: ServerResponse,
    readonly requestText: string,
    readonly target: TargetView,
    readonly idleMs: number,
    readonly responseHeaders: (raw: string[]) => string[],
    readonly done: () => void,
    headRequest: boolean,
  ) {
    this.reader = new ResponseReader(headRequest);
  }

  send(): void {
    const s = acquire(this.target, this.idleMs, this.retried);
    s.exchange = this;
    this.socket = s;
    s.write(this.requestText);
  }

  head(status: number, headers: string[]): void {
    this.res.writeHead(status, this.responseHeaders(headers));
  }

  body(chunk: Buffer): void {
    if (!this.res.write(chunk)) {
      this.socket!.pause();
      this.res.once("drain", resumeUpstream);
    }
  }

  end(reusable: boolean): void {
    if (this.over) return;
    this.over = true;
    const s = this.socket!;
    if (reusable && !s.destroyed) release(s);
    else {
      s.exchange = undefined;
      s.destroy();
    }
    this.res.end();
    this.done();
  }

  /** ALB's error answer if nothing has gone to the client yet, else the client's connection cut. */
  fail(status: number): void {
    if (this.over) return;
    this.over = true;
    const s = this.socket;
    if (s) {
      s.exchange = undefined;
      s.destroy();
    }
    this.done();
    sendElbError(this.res, status);
  }

  /** The client went away before the answer was complete: the target's connection is dropped. */
  abandon(): void {
    if (this.over) return;
    this.over = true;
    const s = this.socket;
    if (s) {
      s.exchange = undefined;
      s.destroy();
    }
    this.done();
  }
}

function resumeUpstream(this: ServerResponse): void {
  (this as unknown as { rawExchange?: RawExchange }).rawExchange?.socket?.resume();
}

function onClientClose(this: ServerResponse): void {
  (this as unknown as { rawExchange?: RawExchange }).rawExchange?.abandon();
}

/** The request head as text: request line, the given header list, the blank line. */
export function requestHead(req: IncomingMessage, headers: string[], target: TargetView): string {
  let head = `${req.method} ${req.url} HTTP/1.1\r\n`;
  let host = false;
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i]!;
    if (name.length === 4 && name.toLowerCase() === "host") host = true;
    head += `${name}: ${headers[i + 1]}\r\n`;
  }
  if (!host) head += `Host: ${target.address}:${target.port}\r\n`;
  return `${head}\r\n`;
}

/** Forward a body-less request to a plain-HTTP target over the pool. */
export function rawForward(req: IncomingMessage, res: ServerResponse, target: TargetView, headers: string[], idleMs: number, responseHeaders: (raw: string[]) => string[], done: () => void): void {
  const x = new RawExchange(res, requestHead(req, headers, target), target, idleMs, responseHeaders, done, req.method === "HEAD");
  (res as unknown as { rawExchange: RawExchange }).rawExchange = x;
  res.on("close", onClientClose);
  x.send();
}
