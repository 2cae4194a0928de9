/**
 * An HTTP/1.x response read incrementally from a target's connection, pure (bytes in, calls out):
 * the head (status, headers as a flat name/value list, whether the connection can be reused), the
 * body as it comes (Content-Length, chunked (de-chunked; trailers dropped), or up to the close),
 * and its end. Lenient as ALB and nginx are: header lines may end in a bare LF. 1xx heads other
 * than 101 are skipped; HEAD answers and 204/304 have no body.
 * Example: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi" → head(200, [Content-Length, 2]), body("hi"), end().
 */

export interface ResponseSink {
  head(status: number, headers: string[]): void;
  body(chunk: Buffer): void;
  /** The response is complete; `reusable`: the connection may carry another request. */
  end(reusable: boolean): void;
}

export class MalformedResponse extends Error {}

const MAX_HEAD = 64 * 1024;

type State = "head" | "length" | "chunk-size" | "chunk-data" | "chunk-end" | "trailers" | "close" | "done";

export class ResponseReader {
  private state: State = "head";
  private pending: Buffer | undefined;
  private remaining = 0;
  private keepAlive = true;
  /** Some byte of the response has arrived. */
  started = false;

  constructor(private readonly headRequest: boolean) {}

  get done(): boolean {
    return this.state === "done";
  }

  /** Bytes from the connection. Throws MalformedResponse on what no lenient reader accepts. */
  feed(data: Buffer, sink: ResponseSink): void {
    if (data.length) this.started = true;
    let buf = this.pending ? Buffer.concat([this.pending, data]) : data;
    this.pending = undefined;
    while (buf.length > 0 && this.state !== "done") {
      switch (this.state) {
        case "head": {
          const end = headEnd(buf);
          if (end < 0) {
            if (buf.length > MAX_HEAD) throw new MalformedResponse("response head too large");
            this.pending = buf;
            return;
          }
          this.readHead(buf.toString("latin1", 0, end), sink);
          buf = buf.subarray(end + headTerminatorLength(buf, end));
          if ((this.state as State) === "done") this.finish(sink);
          break;
        }
        case "length": {
          const n = Math.min(this.remaining, buf.length);
          sink.body(n === buf.length ? buf : buf.subarray(0, n));
          this.remaining -= n;
          buf = buf.subarray(n);
          if (this.remaining === 0) {
            this.state = "done";
            this.finish(sink);
          }
          break;
        }
        case "close":
          sink.body(buf);
          buf = buf.subarray(buf.length);
          break;
        case "chunk-size": {
          const nl = buf.indexOf(0x0a);
          if (nl < 0) {
            if (buf.length > 1024) throw new MalformedResponse("chunk size line too long");
            this.pending = buf;
            return;
          }
          const line = buf.toString("latin1", 0, nl).replace(/\r$/, "");
          const size = parseInt(line.split(";")[0]!.trim(), 16);
          if (!Number.isFinite(size) || size < 0 || !/^[0-9a-fA-F]+/.test(line.trim())) throw new MalformedResponse(`bad chunk size ${JSON.stringify(line)}`);
          buf = buf.subarray(nl + 1);
          if (size === 0) this.state = "trailers";
          else {
            this.remaining = size;
            this.state = "chunk-data";
          }
          break;
        }
        case "chunk-data": {
          const n = Math.min(this.remaining, buf.length);
          sink.body(n === buf.length ? buf : buf.subarray(0, n));
          this.remaining -= n;
          buf = buf.subarray(n);
          if (this.remaining === 0) this.state = "chunk-end";
          break;
        }
        case "chunk-end": {
          // CRLF (or a bare LF) after the chunk's data.
          if (buf[0] === 0x0d) {
            if (buf.length < 2) {
              this.pending = buf;
              return;
            }
            if (buf[1] !== 0x0a) throw new MalformedResponse("chunk not followed by CRLF");
            buf = buf.subarray(2);
          } else if (buf[0] === 0x0a) buf = buf.subarray(1);
          else throw new MalformedResponse("chunk not followed by CRLF");
          this.state = "chunk-size";
          break;
        }
        case "trailers": {
          const nl = buf.indexOf(0x0a);
          if (nl < 0) {
            if (buf.length > MAX_HEAD) throw new MalformedResponse("trailers too large");
            this.pending = buf;
            return;
          }
          const empty = nl === 0 || (nl === 1 && buf[0] === 0x0d);
          buf = buf.subarray(nl + 1);
          if (empty) {
            this.state = "done";
            this.finish(sink);
          }
          break;
        }
      }
    }
    // Bytes past the end of the response: the connection is out of step, not reusable.
    if (this.state === "done" && buf.length > 0) this.keepAlive = false;
  }

  /**
   * The target closed the connection. A close-delimited body ends here; anything else unfinished
   * is a failure (throws MalformedResponse).
   */
  eof(sink: ResponseSink): void {
    if (this.state === "close") {
      this.state = "done";
      sink.end(false);
      return;
    }
    if (this.state !== "done") throw new MalformedResponse("connection closed before the response ended");
  }

  private finish(sink: ResponseSink): void {
    sink.end(this.keepAlive);
  }

  private readHead(text: string, sink: ResponseSink): void {
    const lines = text.split("\n");
    const status = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0]!);
    if (!status) throw new MalformedResponse(`bad status line ${JSON.stringify(lines[0]!.slice(0, 40))}`);
    const code = Number(status[2]);
    if (code >= 100 && code < 200 && code !== 101) return; // informational: the real head follows
    const http10 = status[1] === "0";
    const headers: string[] = [];
    let length: number | undefined;
    let chunked = false;
    let connection = "";
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!.endsWith("\r") ? lines[i]!.slice(0, -1) : lines[i]!;
      if (line === "") continue;
      const colon = line.indexOf(":");
      if (colon <= 0) throw new MalformedResponse(`bad header line ${JSON.stringify(line.slice(0, 40))}`);
      const name = line.slice(0, colon).trim();
      const value = line.slice(colon + 1).trim();
      const lower = name.toLowerCase();
      if (lower === "content-length") {
        const n = Number(value);
        if (!/^\d+$/.test(value) || (length !== undefined && length !== n)) throw new MalformedResponse("bad Content-Length");
        length = n;
      } else if (lower === "transfer-encoding") chunked = /(^|,)\s*chunked\s*$/i.test(value);
      else if (lower === "connection") connection += `${value.toLowerCase()},`;
      headers.push(name, value);
    }
    this.keepAlive = http10 ? /(^|,)\s*keep-alive\s*,/.test(connection) : !/(^|,)\s*close\s*,/.test(connection);
    sink.head(code, headers);
    if (this.headRequest || code === 204 || code === 304 || code === 101) this.state = "done";
    else if (chunked) this.state = "chunk-size";
    else if (length !== undefined) {
      this.remaining = length;
      this.state = length === 0 ? "done" : "length";
    } else {
      this.state = "close";
      this.keepAlive = false;
    }
  }
}

/** Where the head's blank line starts (its last header line's LF + 1 is at the returned index), or -1. */
function headEnd(buf: Buffer): number {
  // The head ends at the first empty line: "\n\n" or "\n\r\n".
  let i = buf.indexOf(0x0a);
  while (i >= 0 && i + 1 < buf.length) {
    if (buf[i + 1] === 0x0a) return i + 1;
    if (buf[i + 1] === 0x0d) {
      if (i + 2 >= buf.length) return -1;
      if (buf[i + 2] === 0x0a) return i + 1;
    }
    i = buf.indexOf(0x0a, i + 1);
  }
  return -1;
}

/** Length of the blank line that ends the head at `at` ("\n" or "\r\n"). */
function headTerminatorLength(buf: Buffer, at: number): number {
  return buf[at] === 0x0d ? 2 : 1;
}
