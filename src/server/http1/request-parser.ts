/**
 * Node's own HTTP/1.1 request parser (llhttp, the one `node:http` runs), driven directly.
 *
 * `node:http` wraps every request in an IncomingMessage stream and every answer in a
 * ServerResponse, which costs more than the rest of a small API call (see bench/README.md,
 * api-throughput). berth's listener needs neither: it reads whole bodies and writes whole answers.
 * So it feeds socket data to llhttp through the parser binding `node:http` itself uses (exported by
 * Node's `_http_common` module) and gets the same parsing: chunked bodies, header limits,
 * request-smuggling checks, pipelining, keep-alive rules.
 */
import { createRequire } from "node:module";
import type { Socket } from "node:net";

/** The parts of Node's HTTPParser binding used here (node 20: lib/_http_common.js, src/node_http_parser.cc). */
interface NativeParser {
  initialize(type: number, resource: object, maxHeaderSize: number, lenient: number): void;
  execute(data: Buffer): number | Error;
  finish(): number | Error | undefined;
  consume(handle: object): void;
  unconsume(): void;
  close(): void;
  [k: number]: unknown;
}
interface NativeParserClass {
  new (): NativeParser;
  REQUEST: number;
  kOnHeaders: number;
  kOnHeadersComplete: number;
  kOnBody: number;
  kOnMessageComplete: number;
  kOnExecute: number;
}

const common = createRequire(import.meta.url)("_http_common") as { HTTPParser?: NativeParserClass; methods?: string[] };
const HTTPParser = common.HTTPParser;
const METHODS = common.methods;
if (typeof HTTPParser !== "function" || !Array.isArray(METHODS)) {
  throw new Error("berth: this Node.js has no HTTPParser in _http_common (berth needs Node.js 20)");
}

/** A socket's native stream handle, as node:http uses it. */
interface StreamHandle {
  isStreamBase?: boolean;
  _consumed?: boolean;
  readStart(): void;
  readStop(): void;
}

export interface RequestHead {
  method: string;
  url: string;
  /** Lower-case names; a repeated header as node:http gives it (joined with ", ", or the first kept). */
  headers: Record<string, string | undefined>;
  keepAlive: boolean;
  upgrade: boolean;
}

export interface ParserEvents {
  /** The head of a request. */
  head(head: RequestHead): void;
  body(chunk: Buffer): void;
  /** The request's body is complete. */
  complete(): void;
  /** What arrived was not HTTP (llhttp's error, with its `code` such as HPE_INVALID_METHOD); only when consuming. */
  error(err: Error): void;
}

export class RequestParser {
  private readonly native: NativeParser;
  private partialHeaders: string[] = [];
  private partialUrl = "";
  /** The native handle the parser reads, once it consumes a socket's. */
  private handle: StreamHandle | undefined;

  constructor(events: ParserEvents) {
    const p = new HTTPParser!();
    p.initialize(HTTPParser!.REQUEST, {}, 0, 0);
    // Headers that span several reads come in pieces before the head completes.
    p[HTTPParser!.kOnHeaders] = (headers: string[], url: string) => {
      this.partialHeaders.push(...headers);
      this.partialUrl += url;
    };
    p[HTTPParser!.kOnHeadersComplete] = (
      _major: number,
      _minor: number,
      headers: string[] | undefined,
      method: number,
      url: string | undefined,
      _status: unknown,
      _statusMessage: unknown,
      upgrade: boolean,
      keepAlive: boolean,
    ) => {
      if (!headers) {
        headers = this.partialHeaders;
        this.partialHeaders = [];
      }
      if (!url) {
        url = this.partialUrl;
        this.partialUrl = "";
      }
      events.head({ method: METHODS![method] ?? "GET", url, headers: headerRecord(headers), keepAlive, upgrade });
      return 0;
    };
    p[HTTPParser!.kOnBody] = (chunk: Buffer) => events.body(chunk);
    p[HTTPParser!.kOnMessageComplete] = () => events.complete();
    p[HTTPParser!.kOnExecute] = (r: number | Error) => {
      if (r instanceof Error) events.error(r);
    };
    this.native = p;
  }

  /**
   * Reads the socket's data straight from its native handle, as node:http does: no Buffer, stream
   * push or 'data' event per read. The socket still sees its end, errors and close.
   * False when the socket has no such handle (then feed `execute`).
   */
  consume(socket: Socket): boolean {
    const handle = (socket as unknown as { _handle?: StreamHandle })._handle;
    if (!handle?.isStreamBase || handle._consumed) return false;
    handle._consumed = true;
    this.native.consume(handle);
    this.handle = handle;
    return true;
  }

  /** Stops or restarts the consumed handle's reads (false when not consuming: pause the socket instead). */
  reading(on: boolean): boolean {
    if (this.handle === undefined) return false;
    if (on) this.handle.readStart();
    else this.handle.readStop();
    return true;
  }

  /** Parses what arrived; an Error (with llhttp's `code`, such as HPE_INVALID_METHOD) means the stream is not HTTP. */
  execute(data: Buffer): Error | undefined {
    const r = this.native.execute(data);
    return r instanceof Error ? r : undefined;
  }

  /** The client closed its side: a request cut short is an error. */
  finish(): Error | undefined {
    const r = this.native.finish();
    return r instanceof Error ? r : undefined;
  }

  /** Frees the native parser; call once the socket is closed and the current stack has unwound. */
  close(): void {
    if (this.handle !== undefined) this.native.unconsume();
    this.native.close();
  }
}

/** Headers node:http keeps only the first of when repeated (lib/_http_incoming.js, matchKnownFields). */
const SINGLE = new Set([
  "age", "authorization", "content-length", "content-type", "etag", "expires", "from", "host", "if-modified-since",
  "if-unmodified-since", "last-modified", "location", "max-forwards", "proxy-authorization", "referer", "retry-after",
  "server", "user-agent",
]);

/** Header name/value pairs as a record of lower-case names, repeated ones as node:http has them. */
export function headerRecord(raw: readonly string[]): Record<string, string | undefined> {
  const headers: Record<string, string | undefined> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    const seen = headers[name];
    if (seen === undefined) headers[name] = value;
    else if (!SINGLE.has(name)) headers[name] = `${seen}, ${value}`;
  }
  return headers;
}
