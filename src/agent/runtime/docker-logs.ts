/**
 * Reads Docker's multiplexed log stream (non-TTY containers): frames of an 8-byte header (stream
 * 1 = stdout, 2 = stderr; 4-byte big-endian length) and a payload, here with `timestamps=1`, so each
 * frame (one log entry) starts with an RFC 3339 nano timestamp and a space. An entry without a
 * trailing newline is a partial line (Docker cuts long lines at 16 KB) that the next entry of the
 * same stream continues; the line keeps its first part's timestamp. A partial last line is emitted
 * when the stream ends.
 *
 * Built for throughput: the lines of each chunk come out together as one array, the timestamp is
 * read from the bytes (docker-log-timestamp.ts), and the only string made per line is its text.
 * A TTY container's log is not multiplexed: docker-tty-logs.ts reads it.
 */
import { TimestampReader } from "./docker-log-timestamp.js";
import type { LogLine, TimedLine } from "./runtime.js";

type Stream = "stdout" | "stderr";

/** The frames of a stream → arrays of complete lines, one array per chunk that completes any. */
export async function* demuxLogBatches(source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>): AsyncGenerator<TimedLine[]> {
  const ts = new TimestampReader();
  let rest: Buffer | undefined;
  const partial: Record<Stream, { ms: number; text: string } | undefined> = { stdout: undefined, stderr: undefined };
  for await (const piece of source) {
    const chunk = typeof piece === "string" ? Buffer.from(piece) : piece;
    const buf = rest === undefined || rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
    const out: TimedLine[] = [];
    let off = 0;
    while (buf.length - off >= 8) {
      const size = buf.readUInt32BE(off + 4);
      const end = off + 8 + size;
      if (end > buf.length) break;
      const stream: Stream = buf[off] === 2 ? "stderr" : "stdout";
      entry(buf, off + 8, end, stream, ts, partial, out);
      off = end;
    }
    rest = off < buf.length ? buf.subarray(off) : undefined;
    if (out.length > 0) yield out;
  }
  const last: TimedLine[] = [];
  for (const stream of ["stdout", "stderr"] as const) {
    const p = partial[stream];
    if (p !== undefined && p.text !== "") last.push({ stream, ms: p.ms, line: p.text });
  }
  if (last.length > 0) yield last;
}

/** One entry (frame payload buf[start, end)): its complete lines onto `out`, a partial one kept. */
function entry(buf: Buffer, start: number, end: number, stream: Stream, ts: TimestampReader, partial: Record<Stream, { ms: number; text: string } | undefined>, out: TimedLine[]): void {
  const sp = buf.indexOf(0x20, start);
  let ms = sp > start && sp < end ? ts.read(buf, start, sp) : NaN;
  let from = start;
  if (Number.isNaN(ms)) ms = Date.now();
  else from = sp + 1;
  for (;;) {
    const nl = buf.indexOf(0x0a, from);
    const lineEnd = nl < 0 || nl >= end ? end : nl;
    const text = buf.toString("utf8", from, lineEnd);
    const p = partial[stream];
    if (lineEnd === end) {
      // No newline: a partial line, continued by the stream's next entry.
      if (p !== undefined) p.text += text;
      else if (text !== "") partial[stream] = { ms, text };
      return;
    }
    if (p !== undefined) {
      out.push({ stream, ms: p.ms, line: p.text + text });
      partial[stream] = undefined;
    } else {
      out.push({ stream, ms, line: text });
    }
    from = lineEnd + 1;
    if (from >= end) return;
  }
}

/** One line at a time, with Date timestamps (the runtime's `logs`). */
export async function* demuxLogLines(source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>): AsyncGenerator<LogLine> {
  for await (const batch of demuxLogBatches(source)) for (const l of batch) yield { stream: l.stream, timestamp: new Date(l.ms), line: l.line };
}
