/**
 * The timestamps Docker puts on log entries, read from the bytes: RFC3339NanoFixed before each
 * entry of the log API with `timestamps=1` (`2024-05-01T10:00:00.123456789Z`) and RFC3339Nano in
 * the json-file's `time` (trailing zeros of the fraction trimmed: `...:00.1234567Z`, `...:00Z`).
 * The date and time to the second is parsed once per second, the milliseconds from up to three
 * digits. Shared by the multiplexed (docker-logs.ts), TTY (docker-tty-logs.ts) and json-file
 * (docker-json-file.ts) log readers. Pure.
 */

/** "YYYY-MM-DDTHH:MM:SS" (19 bytes) → epoch ms of that second, for the last second seen. */
export class TimestampReader {
  private prefix = Buffer.alloc(19);
  private prefixMs = NaN;

  /** Epoch ms of the timestamp at buf[start, end) (end = the byte after it), or NaN. */
  read(buf: Buffer, start: number, end: number): number {
    const len = end - start;
    // UTC to the second, then "Z" or a fraction of 1 to 9 digits and "Z".
    if (len >= 20 && len <= 30 && buf[end - 1] === 0x5a && (len === 20 || (len >= 22 && buf[start + 19] === 0x2e))) {
      if (Number.isNaN(this.prefixMs) || buf.compare(this.prefix, 0, 19, start, start + 19) !== 0) {
        this.prefixMs = Date.parse(`${buf.toString("latin1", start, start + 19)}Z`);
        buf.copy(this.prefix, 0, start, start + 19);
        if (Number.isNaN(this.prefixMs)) return NaN;
      }
      let ms = 0;
      for (let i = 0, scale = 100; i < len - 21; i++, scale /= 10) {
        const d = buf[start + 20 + i]! - 48;
        if (d < 0 || d > 9) return NaN;
        if (i < 3) ms += d * scale;
      }
      return this.prefixMs + ms;
    }
    if (len < 20 || len > 40) return NaN;
    return Date.parse(buf.toString("latin1", start, end));
  }
}
