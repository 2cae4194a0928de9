/**
 * GetLogEvents' tokens, in the shape CloudWatch Logs gives them: `f/<56 digits>/s` (forward:
 * events after a position) and `b/<56 digits>/s` (backward: events before it). The digits are a
 * position in the stream, (timestamp, event id). At either end of the stream the same token comes
 * back, which is how clients know to stop.
 */
import type { Position } from "./store/log-store.js";

export interface EventToken {
  direction: "f" | "b";
  position: Position;
}

const TS_DIGITS = 24;
const ID_DIGITS = 32;

export function encodeEventToken(t: EventToken): string {
  return `${t.direction}/${String(t.position[0]).padStart(TS_DIGITS, "0")}${String(t.position[1]).padStart(ID_DIGITS, "0")}/s`;
}

/** The token's direction and position, or undefined when it isn't one of ours. */
export function decodeEventToken(token: string): EventToken | undefined {
  const m = /^([fb])\/(\d{24})(\d{32})\/s$/.exec(token);
  if (!m) return undefined;
  const ts = Number(m[2]);
  const id = Number(m[3]);
  if (!Number.isSafeInteger(ts) || !Number.isSafeInteger(id)) return undefined;
  return { direction: m[1] as "f" | "b", position: [ts, id] };
}

/** Before every event. */
export const HEAD: Position = [-1, 0];
/** After every event. */
export const TAIL: Position = [Number.MAX_SAFE_INTEGER, 0];
