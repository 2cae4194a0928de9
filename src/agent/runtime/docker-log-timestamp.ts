/**
 * The timestamp Docker puts before each log entry with `timestamps=1` (RFC3339NanoFixed in UTC,
 * `2024-05-01T10:00:00.123456789Z`), read from the bytes: the date and time to the second is
 * parsed once per second, the milliseconds from three digits. Shared by the multiplexed
 * (docker-logs.ts) and the TTY (docker-tty-logs.ts) log readers. Pure.
 */

/** "YYYY-MM-DDTHH:MM:SS" (19 bytes) → epoch ms of that second, for the last second seen. */
export class TimestampReader {
  private prefix = Buffer.alloc(19);
  private prefixMs = NaN;

  /** Epoch ms of the timestamp at buf[start, end) (end = the space after it), or NaN. */
  read(buf: Buffer, start: number, end: number): number {
    const len = end - start;
    if (len === 30 && buf[start + 19] === 0x2e && buf[start + 29] === 0x5a) {
      if (Number.isNaN(this.prefixMs) || buf.compare(this.prefix, 0, 19, start, start + 19) !== 0) {
        this.prefixMs = Date.parse(`${buf.toString("latin1", start, start + 19)}Z`);
        buf.copy(this.prefix, 0, start, start + 19);
        if (Number.isNaN(this.prefixMs)) return NaN;
      }
      const d0 = buf[start + 20]! - 48;
      const d1 = buf[start + 21]! - 48;
      const d2 = buf[start + 22]! - 48;
      if (d0 >= 0 && d0 <= 9 && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9) return this.prefixMs + d0 * 100 + d1 * 10 + d2;
      return NaN;
    }
    if (len < 20 || len > 40) return NaN;
    return Date.parse(buf.toString("latin1", start, end));
  }
}
