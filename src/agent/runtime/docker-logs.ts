/**
 * Reads Docker's multiplexed log stream (non-TTY containers): frames of an 8-byte header (stream
 * 1 = stdout, 2 = stderr; 4-byte big-endian length) and a payload, here with `timestamps=1`, so each
 * line starts with an RFC 3339 nano timestamp and a space. Lines may span frames; a partial last
 * line is emitted when the stream ends.
 */
import type { LogLine } from "./runtime.js";

export async function* demuxLogLines(source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>): AsyncGenerator<LogLine> {
  let pending: Buffer = Buffer.alloc(0);
  const partial: Record<"stdout" | "stderr", string> = { stdout: "", stderr: "" };
  for await (const chunk of source) {
    pending = Buffer.concat([pending, typeof chunk === "string" ? Buffer.from(chunk) : chunk]);
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) break;
      const stream = pending[0] === 2 ? "stderr" : "stdout";
      partial[stream] += pending.subarray(8, 8 + size).toString("utf8");
      pending = pending.subarray(8 + size);
      let nl: number;
      while ((nl = partial[stream].indexOf("\n")) >= 0) {
        const raw = partial[stream].slice(0, nl);
        partial[stream] = partial[stream].slice(nl + 1);
        yield parseLine(stream, raw);
      }
    }
  }
  for (const stream of ["stdout", "stderr"] as const) if (partial[stream]) yield parseLine(stream, partial[stream]);
}

function parseLine(stream: "stdout" | "stderr", raw: string): LogLine {
  const sp = raw.indexOf(" ");
  const ts = sp > 0 ? new Date(raw.slice(0, sp)) : new Date(NaN);
  if (Number.isNaN(ts.getTime())) return { stream, timestamp: new Date(), line: raw };
  return { stream, timestamp: ts, line: raw.slice(sp + 1) };
}
