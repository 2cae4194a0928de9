/**
 * One client connection of the API listener: HTTP/1.1 requests in (llhttp, `request-parser.ts`),
 * whole answers out, in order.
 *
 * Requests are answered one at a time, in the order they came (pipelined ones wait their turn);
 * keep-alive follows the request (HTTP/1.1 by default, HTTP/1.0 on `Connection: keep-alive`); an
 * idle connection is closed after KEEP_ALIVE_SECONDS; a connection with an answer pending (a long
 * poll) is not. `Expect: 100-continue` gets its interim answer. Bad HTTP gets 400 (431 for
 * oversized headers) and the connection is closed, as node:http does.
 */
import type { Socket } from "node:net";
import type { Dispatch } from "../dispatch.js";
import type { HttpRequest, HttpResponse } from "../http-types.js";
import { RequestParser, type RequestHead } from "./request-parser.js";
import { KEEP_ALIVE_SECONDS, responseHead } from "./response-head.js";

export interface ConnectionOptions {
  /** Largest request body accepted; a larger one is answered 413 and the connection closed. */
  maxBodyBytes: number;
  /** Called when a request can't be answered (a bug: the dispatcher threw, or an answer had an invalid header); the connection is then closed. */
  onFailure(req: HttpRequest, err: unknown): void;
}

interface Pending {
  req: HttpRequest;
  keepAlive: boolean;
  /** An answer the listener gives itself (a refusal), without dispatching. */
  fixed?: HttpResponse;
}

/** Parsed requests waiting beyond this many make the connection stop reading until they are answered. */
const MAX_QUEUED = 32;

const TOO_LARGE: HttpResponse = {
  status: 413,
  headers: { "content-type": "application/json" },
  body: '{"__type":"SerializationException","message":"Request body too large."}',
};

export function serveConnection(socket: Socket, dispatch: Dispatch, options: ConnectionOptions): void {
  new Connection(socket, dispatch, options);
}

class Connection {
  private readonly parser: RequestParser;
  /** The request being received. */
  private head: RequestHead | undefined;
  private chunks: Buffer[] = [];
  private size = 0;
  private readonly queue: Pending[] = [];
  /** An answer is being made or streamed. */
  private busy = false;
  private pumping = false;
  /** No more requests are read: the connection ends after the answers owed. */
  private closing = false;
  private clientEnded = false;
  private closed = false;
  private streamGone: AbortController | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly dispatch: Dispatch,
    private readonly options: ConnectionOptions,
  ) {
    this.parser = new RequestParser({
      head: (h) => this.onHead(h),
      body: (c) => this.onBody(c),
      complete: () => this.onComplete(),
      error: (e) => this.onParseError(e),
    });
    socket.setNoDelay(true);
    socket.setTimeout(KEEP_ALIVE_SECONDS * 1000);
    if (this.parser.consume(socket)) socket.resume(); // flowing, so that the socket's end is seen
    else socket.on("data", (d: Buffer) => this.onData(d));
    socket.on("end", () => this.onEnd());
    socket.on("timeout", () => {
      if (!this.busy) socket.destroy(); // idle (or a request stalled half-sent) for the keep-alive time
    });
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      this.closed = true;
      this.streamGone?.abort();
      // As node:http does: the native parser is freed once the current stack has unwound.
      setImmediate(() => this.parser.close());
    });
  }

  /** Stops or restarts reading (the native handle's reads when the parser consumes them). */
  private reading(on: boolean): void {
    if (this.parser.reading(on)) return;
    if (on) this.socket.resume();
    else this.socket.pause();
  }

  private onData(data: Buffer): void {
    if (this.closing) return;
    const err = this.parser.execute(data);
    if (err) this.onParseError(err);
  }

  private onParseError(err: Error): void {
    this.refuse((err as Error & { code?: string }).code === "HPE_HEADER_OVERFLOW" ? 431 : 400);
  }

  private onEnd(): void {
    this.clientEnded = true;
    // A request cut short by the client's end is not answered.
    if (!this.closing) this.parser.finish();
    this.closing = true;
    this.head = undefined;
    if (!this.busy && this.queue.length === 0) this.socket.end();
  }

  private onHead(h: RequestHead): void {
    if (h.upgrade) {
      this.refuse(400); // no protocol upgrades (nor CONNECT) here
      return;
    }
    this.head = h;
    this.chunks = [];
    this.size = 0;
    const expect = h.headers.expect;
    if (expect !== undefined) {
      if (expect.toLowerCase() !== "100-continue") this.refuse(417);
      else if (!this.busy && this.queue.length === 0) this.socket.write("HTTP/1.1 100 Continue\r\n\r\n");
    }
  }

  private onBody(chunk: Buffer): void {
    if (this.closing) return;
    this.size += chunk.length;
    if (this.size > this.options.maxBodyBytes) {
      this.closing = true;
      this.head = undefined;
      this.chunks = [];
      this.enqueue({ req: { method: "POST", url: "/", headers: {}, body: Buffer.alloc(0) }, keepAlive: false, fixed: TOO_LARGE });
      return;
    }
    this.chunks.push(chunk);
  }

  private onComplete(): void {
    const h = this.head;
    if (!h || this.closing) return;
    this.head = undefined;
    const body = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.chunks = [];
    this.enqueue({ req: { method: h.method, url: h.url, headers: h.headers, body }, keepAlive: h.keepAlive });
  }

  /** Stops reading and answers `status` after the answers already owed. */
  private refuse(status: number): void {
    if (this.closing) return;
    this.closing = true;
    this.head = undefined;
    this.enqueue({ req: { method: "GET", url: "/", headers: {}, body: Buffer.alloc(0) }, keepAlive: false, fixed: { status, headers: {}, body: "" } });
  }

  private enqueue(p: Pending): void {
    this.queue.push(p);
    if (this.queue.length > MAX_QUEUED) this.reading(false);
    this.pump();
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.busy && !this.closed && this.queue.length > 0) {
        const p = this.queue.shift()!;
        if (this.queue.length === MAX_QUEUED && !this.closing) this.reading(true);
        this.busy = true;
        if (p.fixed) this.answer(p, p.fixed);
        else {
          let answered = false; // a second answer to one request (a bug) is dropped, never sent out of turn
          try {
            this.dispatch(p.req, (r) => {
              if (answered) return;
              answered = true;
              this.answer(p, r);
            });
          } catch (e) {
            this.options.onFailure(p.req, e);
            this.socket.destroy();
          }
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  private answer(p: Pending, r: HttpResponse): void {
    if (this.closed) return;
    const keepAlive = p.keepAlive;
    try {
      if (r.stream !== undefined) {
        this.socket.write(responseHead(r.status, r.headers, keepAlive, undefined));
        this.stream(r.stream, keepAlive);
        return;
      }
      const length = Buffer.byteLength(r.body, "utf8");
      const head = responseHead(r.status, r.headers, keepAlive, length);
      this.socket.write(p.req.method === "HEAD" || length === 0 ? head : head + r.body, "utf8");
    } catch (e) {
      this.options.onFailure(p.req, e);
      this.socket.destroy();
      return;
    }
    this.done(keepAlive);
  }

  /** An event stream: chunked, written as it comes, until it settles or the client leaves. */
  private stream(produce: NonNullable<HttpResponse["stream"]>, keepAlive: boolean): void {
    const gone = new AbortController();
    this.streamGone = gone;
    const write = (chunk: Uint8Array) => {
      if (gone.signal.aborted || this.closed || chunk.length === 0) return;
      this.socket.cork();
      this.socket.write(`${chunk.length.toString(16)}\r\n`);
      this.socket.write(chunk);
      this.socket.write("\r\n");
      this.socket.uncork();
    };
    produce(write, gone.signal).then(
      () => {
        this.streamGone = undefined;
        if (this.closed) return;
        this.socket.write("0\r\n\r\n");
        this.done(keepAlive);
      },
      () => this.socket.destroy(),
    );
  }

  private done(keepAlive: boolean): void {
    this.busy = false;
    if (!keepAlive) {
      this.closing = true;
      this.socket.end();
      return;
    }
    if (this.clientEnded && this.queue.length === 0) {
      this.socket.end();
      return;
    }
    this.pump();
  }
}
