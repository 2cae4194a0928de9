/**
 * The resume point in a container's log: `<ms>:<n>`, the timestamp of the last line shipped and
 * how many lines with exactly that timestamp were shipped. Docker's `since` has that millisecond
 * on, and returns lines in the order they were written, so the first n lines at that millisecond
 * are the ones already shipped.
 */
export interface LogCursor {
  ms: number;
  count: number;
}

export const encodeCursor = (c: LogCursor): string => `${c.ms}:${c.count}`;

export function decodeCursor(s: string | undefined): LogCursor | undefined {
  const m = s === undefined ? null : /^(\d+):(\d+)$/.exec(s);
  return m ? { ms: Number(m[1]), count: Number(m[2]) } : undefined;
}

/** The position after one more line at `ms`. */
export function advance(c: LogCursor | undefined, ms: number): LogCursor {
  return c !== undefined && c.ms === ms ? { ms, count: c.count + 1 } : { ms, count: 1 };
}
