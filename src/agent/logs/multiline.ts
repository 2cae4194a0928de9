/**
 * Lines → log events. Without a start pattern every line is an event. With one, a line that
 * matches starts a new event and the others join the current one (joined with "\n"), as
 * Docker's awslogs driver does; the event keeps its first line's timestamp. Each event carries
 * the cursor of its last line, so shipping it moves the resume point exactly past it. Pure.
 */
import type { LogCursor } from "./cursor.js";

export interface AssembledEvent {
  timestamp: number;
  message: string;
  end: LogCursor;
}

/** An event larger than this is cut (CloudWatch's 1 MB event limit, less its 26-byte overhead). */
export const MAX_EVENT_CHARS = 256 * 1024;

export class MultilineAssembler {
  private pending: AssembledEvent | undefined;

  constructor(private readonly start?: RegExp) {}

  /** Feeds one line; returns the events it completes. */
  push(line: string, timestamp: number, end: LogCursor): AssembledEvent[] {
    if (this.start === undefined) return [{ timestamp, message: line, end }];
    const out: AssembledEvent[] = [];
    if (this.pending !== undefined && (this.start.test(line) || this.pending.message.length + line.length + 1 > MAX_EVENT_CHARS)) {
      out.push(this.pending);
      this.pending = undefined;
    }
    this.pending = this.pending === undefined ? { timestamp, message: line, end } : { ...this.pending, message: `${this.pending.message}\n${line}`, end };
    return out;
  }

  /** The unfinished event, if any (when the stream ends or has been idle). */
  flush(): AssembledEvent[] {
    const p = this.pending;
    this.pending = undefined;
    return p === undefined ? [] : [p];
  }

  get hasPending(): boolean {
    return this.pending !== undefined;
  }
}
