/**
 * Reads the log stream of a container with a TTY (`Tty: true`, ECS's pseudoTerminal). Docker
 * doesn't multiplex it: no 8-byte frame headers and no stdout/stderr split (the terminal merges
 * them; every line is "stdout"), only the raw entries, here with `timestamps=1`, so each line is
 * `<RFC 3339 nano timestamp> <text>\n`. The terminal turns the program's "\n" into "\r\n", so a
 * trailing "\r" is dropped. A line without a timestamp gets the time it was read; an unfinished
 * last line is emitted when the stream ends. (A partial entry, a line Docker cut at 16 KB, can't
 * be told from the next entry without frames: the next entry's timestamp then stays in the text.)
 */
import { TimestampReader } from "./docker-log-timestamp.js";
import type { TimedLine } from "./runtime.js";

/** The raw stream → arrays of complete lines, one array per chunk that completes any. */
export async function* ttyLogBatches(source: AsyncIterable<Buffer | string> | Iterable<Buffer | string>): AsyncGenerator<TimedLine[]> {
  const ts = new TimestampReader();
  let rest: Buffer | undefined;
  for await (const piece of source) {
    const chunk = typeof piece === "string" ? Buffer.from(piece) : piece;
    const buf = rest === undefined || rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
    const out: TimedLine[] = [];
    let from = 0;
    for (let nl = buf.indexOf(0x0a, from); nl >= 0; nl = buf.indexOf(0x0a, from)) {
      out.push(ttyLine(buf, from, nl, ts));
      from = nl + 1;
    }
    rest = from < buf.length ? buf.subarray(from) : undefined;
    if (out.length > 0) yield out;
  }
  if (rest !== undefined && rest.length > 0) yield [ttyLine(rest, 0, rest.length, ts)];
}

/** buf[start, end) (without its "\n") → its timestamp and text, without a trailing "\r". */
function ttyLine(buf: Buffer, start: number, end: number, ts: TimestampReader): TimedLine {
  const textEnd = end > start && buf[end - 1] === 0x0d ? end - 1 : end;
  const sp = buf.indexOf(0x20, start);
  const ms = sp > start && sp < textEnd ? ts.read(buf, start, sp) : NaN;
  if (Number.isNaN(ms)) return { stream: "stdout", ms: Date.now(), line: buf.toString("utf8", start, textEnd) };
  return { stream: "stdout", ms, line: buf.toString("utf8", sp + 1, textEnd) };
}
