/**
 * The events a shipper has read and not yet handed to a batch, in order, with their byte count
 * (UTF-8 message bytes, as Docker counts its ring). Bounded (`limitBytes`: awslogs non-blocking
 * mode, Docker's ring of max-buffer-size) it drops an event that doesn't fit, unless the queue
 * is empty (a lone event larger than the buffer still passes, as in Docker's ring); unbounded
 * (blocking mode) it never drops, and the reader waits on `bytes` instead. `take` removes the
 * next batch from the front under PutLogEvents' limits; `clear` empties it (the shipper reads
 * the log again from the stored cursor). Pure.
 */
import type { AssembledEvent } from "./multiline.js";

export interface BatchLimits {
  maxEvents: number;
  /** Message bytes plus `overhead` per event. */
  maxBytes: number;
  overhead: number;
  /** The newest and oldest event of a batch are at most this far apart. */
  maxSpanMs: number;
}

export class EventQueue {
  private items: AssembledEvent[] = [];
  private sizes: number[] = [];
  private head = 0;
  /** Message bytes queued. */
  bytes = 0;
  /** Events dropped because the bounded queue was full (since the last `takeDropped`). */
  private droppedCount = 0;

  constructor(readonly limitBytes?: number) {}

  get length(): number {
    return this.items.length - this.head;
  }

  /** Queues an event of `size` bytes; false when it was dropped. */
  push(e: AssembledEvent, size: number): boolean {
    if (this.limitBytes !== undefined && this.length > 0 && this.bytes + size > this.limitBytes) {
      this.droppedCount++;
      return false;
    }
    this.items.push(e);
    this.sizes.push(size);
    this.bytes += size;
    return true;
  }

  /** Whether a whole batch is waiting (so it should go now rather than after the batch delay). */
  hasFullBatch(l: BatchLimits): boolean {
    return this.length >= l.maxEvents || this.bytes + this.length * l.overhead >= l.maxBytes;
  }

  /** Removes and returns the next batch (at least one event when any is queued). */
  take(l: BatchLimits): AssembledEvent[] {
    const start = this.head;
    let end = start;
    let bytes = 0;
    const first = this.items[start];
    while (end < this.items.length && end - start < l.maxEvents) {
      const size = this.sizes[end]! + l.overhead;
      if (end > start && (bytes + size > l.maxBytes || Math.abs(this.items[end]!.timestamp - first!.timestamp) > l.maxSpanMs)) break;
      bytes += size;
      this.bytes -= this.sizes[end]!;
      end++;
    }
    const batch = this.items.slice(start, end);
    this.head = end;
    if (this.head === this.items.length) {
      this.items = [];
      this.sizes = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.sizes = this.sizes.slice(this.head);
      this.head = 0;
    }
    return batch;
  }

  /** Removes every queued event (the count of dropped ones stays). */
  clear(): void {
    this.items = [];
    this.sizes = [];
    this.head = 0;
    this.bytes = 0;
  }

  /** How many events were dropped since the last call, and resets the count. */
  takeDropped(): number {
    const n = this.droppedCount;
    this.droppedCount = 0;
    return n;
  }
}
