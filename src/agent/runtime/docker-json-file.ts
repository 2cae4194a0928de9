/**
 * Parses the file Docker's `json-file` log driver writes: one JSON entry per line,
 * `{"log":"text\n","stream":"stdout","time":"2024-05-01T10:00:00.123456789Z"}` (an `"attrs"`
 * object sits before `"time"` when the container has log labels). An entry whose `log` lacks the
 * trailing "\n" is a partial line (Docker cuts lines at 16 KB) that the stream's next entry
 * continues; the line keeps its first part's timestamp, as the log API reader does
 * (docker-logs.ts). A TTY container's entries end with the terminal's "\r\n": the "\r" is
 * dropped (docker-tty-logs.ts does the same). A torn last line (being written) waits for the
 * next chunk; partial lines left at the end come out from `end()`.
 *
 * Built for throughput: Docker writes the keys in a fixed order, so an entry is read from its
 * bytes (the end of `log` is the first `","stream":"`, which an escaped string can't contain) and
 * its text is a plain slice unless it has escapes other than its final "\n" (or "\r\n"); anything
 * else goes through JSON.parse. Pure.
 */
import { TimestampReader } from "./docker-log-timestamp.js";
import type { TimedLine } from "./runtime.js";

type Stream = "stdout" | "stderr";

const LOG_START = Buffer.from('{"log":"');
const STREAM_KEY = Buffer.from('","stream":"');
const TIME_KEY = Buffer.from('"time":"');
const BACKSLASH = 0x5c;
const QUOTE = 0x22;

export class JsonFileLogParser {
  private readonly ts = new TimestampReader();
  private rest: Buffer | undefined;
  private readonly partial: Record<Stream, { ms: number; text: string } | undefined> = { stdout: undefined, stderr: undefined };

  /** `tty`: the container has a terminal. Lines before `sinceMs` are left out. */
  constructor(
    private readonly tty: boolean,
    private readonly sinceMs = -Infinity,
  ) {}

  /** The complete lines that `chunk` (the file's next bytes) finishes. `chunk` may be reused afterwards. */
  push(chunk: Buffer): TimedLine[] {
    const buf = this.rest === undefined ? chunk : Buffer.concat([this.rest, chunk]);
    const out: TimedLine[] = [];
    let from = 0;
    for (let nl = buf.indexOf(0x0a, from); nl >= 0; nl = buf.indexOf(0x0a, from)) {
      if (nl > from) this.entry(buf, from, nl, out);
      from = nl + 1;
    }
    // Copied: the caller reads the next bytes into the same buffer.
    this.rest = from < buf.length ? Buffer.from(buf.subarray(from)) : undefined;
    return out;
  }

  /** At the end of the file: a torn last entry if it parses, then the unfinished partial lines. */
  end(): TimedLine[] {
    const out: TimedLine[] = [];
    if (this.rest !== undefined) this.entry(this.rest, 0, this.rest.length, out);
    this.rest = undefined;
    for (const stream of ["stdout", "stderr"] as const) {
      const p = this.partial[stream];
      this.partial[stream] = undefined;
      if (p !== undefined && p.text !== "" && p.ms >= this.sinceMs) out.push({ stream, ms: p.ms, line: p.text });
    }
    return out;
  }

  /** One entry, buf[start, end) (without its "\n"): its line onto `out`, or kept as partial. */
  private entry(buf: Buffer, start: number, end: number, out: TimedLine[]): void {
    let stream: Stream;
    let ms: number;
    let text: string;
    let complete: boolean;
    const a = start + LOG_START.length;
    const b = buf.compare(LOG_START, 0, LOG_START.length, start, a) === 0 ? buf.indexOf(STREAM_KEY, a) : -1;
    const s = b + STREAM_KEY.length;
    const t = b >= 0 && b < end ? buf.indexOf(TIME_KEY, s) : -1;
    const t0 = t + TIME_KEY.length;
    const t1 = t >= 0 && t < end ? buf.indexOf(QUOTE, t0) : -1;
    if (t1 >= 0 && t1 < end && buf[s + 6] === QUOTE) {
      stream = buf[s + 3] === 0x65 /* stdErr */ ? "stderr" : "stdout";
      ms = this.ts.read(buf, t0, t1);
      const bs = buf.indexOf(BACKSLASH, a);
      if (bs < 0 || bs >= b) {
        text = buf.toString("utf8", a, b);
        complete = false;
      } else if (bs === b - 2 && buf[b - 1] === 0x6e /* \n */) {
        text = buf.toString("utf8", a, b - 2);
        complete = true;
      } else if (this.tty && bs === b - 4 && buf[b - 3] === 0x72 /* \r */ && buf[b - 2] === BACKSLASH && buf[b - 1] === 0x6e) {
        text = buf.toString("utf8", a, b - 4);
        complete = true;
      } else {
        text = JSON.parse(buf.toString("utf8", a - 1, b + 1)) as string;
        complete = text.endsWith("\n");
        if (complete) text = text.slice(0, this.tty && text.endsWith("\r\n") ? -2 : -1);
      }
    } else {
      // Not in Docker's usual shape: parse it as JSON (a line that isn't JSON is skipped).
      let e: { log?: unknown; stream?: unknown; time?: unknown };
      try {
        e = JSON.parse(buf.toString("utf8", start, end)) as typeof e;
      } catch {
        return;
      }
      if (typeof e?.log !== "string") return;
      stream = e.stream === "stderr" ? "stderr" : "stdout";
      ms = typeof e.time === "string" ? Date.parse(e.time) : NaN;
      complete = e.log.endsWith("\n");
      text = complete ? e.log.slice(0, this.tty && e.log.endsWith("\r\n") ? -2 : -1) : e.log;
    }
    if (Number.isNaN(ms)) ms = Date.now();
    const p = this.partial[stream];
    if (!complete) {
      if (p !== undefined) p.text += text;
      else if (text !== "") this.partial[stream] = { ms, text };
      return;
    }
    if (p !== undefined) {
      this.partial[stream] = undefined;
      if (p.ms >= this.sinceMs) out.push({ stream, ms: p.ms, line: p.text + text });
    } else if (ms >= this.sinceMs) {
      out.push({ stream, ms, line: text });
    }
  }
}
