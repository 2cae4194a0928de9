/**
 * Ships one container's log to its CloudWatch Logs stream: opens the stream (its stored cursor
 * says where shipping stopped), reads the Docker log from that millisecond on, skips the lines
 * already shipped, groups lines into events, and ships batches (at most 10,000 events, ~1 MB,
 * under 24 hours) with the cursor of their last line and, as their start cursor, the stream's
 * cursor as the control plane last answered it ("" for none).
 *
 * The control plane appends a batch only if its start cursor is still the stored one. When it
 * isn't (another shipper of this container stored a batch first: the agent restarted while its
 * old shipper's call was in flight), nothing is appended and the answer is `stale` with the stored
 * cursor: the shipper drops what it has queued and begins a new pass, reading the log from that
 * cursor exactly as it does from the cursor it opened the stream with. Nothing is lost or doubled.
 *
 * Two loops share an EventQueue: the reader takes the Docker log a chunk of lines at a time
 * (no promise per line) and queues events; the sender ships one batch at a time, as soon as a
 * whole batch is queued or the oldest queued event has waited `batchDelayMs`, while the reader
 * fills the next. A batch is retried until the control plane accepts it. In blocking mode (the
 * default) the reader waits while the queue is full, so nothing is dropped (the container never
 * waits: its lines wait in Docker's json-file). In non-blocking mode the queue is a ring of
 * max-buffer-size bytes and events that don't fit are dropped, as Docker's ring does.
 * Reading ends when the container stops and everything is shipped, or on stop().
 */
import { AgentProtocolError } from "../../agent-protocol/client.js";
import type { PutContainerLogsRequest, PutContainerLogsResponse } from "../../agent-protocol/messages.js";
import type { LogLine, TimedLine } from "../runtime/runtime.js";
import { advance, decodeCursor, encodeCursor, type LogCursor } from "./cursor.js";
import { EventQueue, type BatchLimits } from "./event-queue.js";
import { MultilineAssembler, type AssembledEvent } from "./multiline.js";
import type { AwslogsTarget } from "./options.js";

export interface ShipperDeps {
  client: { putContainerLogs(input: PutContainerLogsRequest): Promise<PutContainerLogsResponse> };
  runtime: {
    logs(id: string, options?: { since?: Date; follow?: boolean }): AsyncIterable<LogLine>;
    logBatches?(id: string, options?: { since?: Date; follow?: boolean }): AsyncIterable<TimedLine[]>;
  };
  containerInstanceArn: string;
  log: (message: string) => void;
  /** Wait between attempts when the control plane can't be reached (default 1 s). */
  retryMs?: number;
  /** A partial batch is shipped once its oldest event has waited this long (default 200 ms). */
  batchDelayMs?: number;
  /** An unfinished multiline event is shipped after this long without a new line (default 2 s). */
  multilineIdleMs?: number;
}

/** PutLogEvents' limits: 10,000 events, 1,048,576 bytes (messages + 26 per event), 24 hours. */
const LIMITS: BatchLimits = { maxEvents: 10_000, maxBytes: 1_000_000, overhead: 26, maxSpanMs: 23 * 3_600_000 };
/** Blocking mode: the reader waits while this much is queued (four batches, to ride out a slow one). */
const HIGH_WATER_BYTES = 4 * LIMITS.maxBytes;
const HIGH_WATER_EVENTS = 4 * LIMITS.maxEvents;

export class ContainerLogShipper {
  private readonly queue: EventQueue;
  /** Per pass: an event being assembled belongs to the read that is under way. */
  private assembler: MultilineAssembler;
  private stopped = false;
  /** The reader has queued everything (the log ended): the sender ships what is left and ends. */
  private ended = false;
  /** The stream's cursor as the last answer gave it ("" for none): the next batch's start cursor. */
  private stored = "";
  /** A batch was stale: the stored cursor ("" for none) to read from again; this pass ends. */
  private resumeFrom: string | undefined;
  /** When the oldest event now queued was queued (the batch delay counts from it). */
  private oldestQueuedAt = 0;
  private lastLineAt = 0;
  /** Wakes the sender (events queued, end, stop). */
  private wakeSender?: () => void;
  /** Wakes a reader waiting for room (blocking mode) or for the next chunk (stop, a stale batch). */
  private wakeReader?: (why: "room" | "stop" | "resume") => void;
  /** Ends a retry pause early (stop()). */
  private wakeRetry?: () => void;
  /** Settles when the container's log has ended and all of it is shipped, or after stop(). */
  readonly done: Promise<void>;

  constructor(
    private readonly deps: ShipperDeps,
    private readonly containerId: string,
    private readonly target: AwslogsTarget & { stream: string },
  ) {
    this.assembler = new MultilineAssembler(target.multiline);
    this.queue = new EventQueue(target.buffer?.nonBlocking ? target.buffer.maxBufferBytes : undefined);
    this.done = this.run().catch((e: unknown) => deps.log(`berth agent: shipping the log of container ${containerId.slice(0, 12)} stopped: ${e instanceof Error ? e.message : String(e)}`));
  }

  /** Stops reading and shipping; whatever was shipped is covered by the stored cursor. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeRetry?.();
    this.wakeReader?.("stop");
    this.wakeSender?.();
    await this.done;
  }

  /** The current pass is over: stop() was called, or a batch was stale. */
  private get interrupted(): boolean {
    return this.stopped || this.resumeFrom !== undefined;
  }

  private async run(): Promise<void> {
    const opened = await this.call([], undefined, undefined);
    if (opened === undefined) return;
    for (let from = opened.cursor ?? ""; ; ) {
      const stale = await this.pass(from);
      if (stale === undefined) return;
      this.deps.log(
        `berth agent: another shipper stored log events of container ${this.containerId.slice(0, 12)} first (stream ${this.target.group}/${this.target.stream}); reading its log again from ${stale === "" ? "the start" : `cursor ${stale}`}`,
      );
      from = stale;
    }
  }

  /**
   * One pass: reads the log from `from` (a stored cursor, "" for none) and ships it, until the log
   * ends and is shipped, or stop(). Returns the stored cursor when a batch was stale instead.
   */
  private async pass(from: string): Promise<string | undefined> {
    this.stored = from;
    this.resumeFrom = undefined;
    this.ended = false;
    this.queue.clear();
    this.assembler = new MultilineAssembler(this.target.multiline);
    const sender = this.send();
    try {
      await this.read(decodeCursor(from));
    } finally {
      this.ended = true;
      this.wakeSender?.();
      await sender;
    }
    return this.stopped ? undefined : this.resumeFrom;
  }

  /** The Docker log from the cursor on → events on the queue. */
  private async read(skip: LogCursor | undefined): Promise<void> {
    const options = { since: skip && new Date(skip.ms), follow: true };
    const source = this.deps.runtime.logBatches?.(this.containerId, options) ?? oneByOne(this.deps.runtime.logs(this.containerId, options));
    const chunks = source[Symbol.asyncIterator]();
    let pos: LogCursor | undefined = skip && { ms: skip.ms, count: 0 };
    try {
      let pending: Promise<IteratorResult<TimedLine[]>> | undefined;
      while (!this.interrupted) {
        const next$ = (pending ??= chunks.next());
        // One fresh promise per wait (per chunk of lines), ended early by stop() or an idle multiline event.
        const next = await new Promise<IteratorResult<TimedLine[]> | "stop" | "idle">((resolve, reject) => {
          this.wakeReader = (why) => why !== "room" && resolve("stop");
          const idleMs = this.deps.multilineIdleMs ?? 2_000;
          const timer = this.assembler.hasPending ? setTimeout(() => resolve("idle"), Math.max(0, this.lastLineAt + idleMs - Date.now())) : undefined;
          next$.then(
            (r) => (clearTimeout(timer), resolve(r)),
            (e: unknown) => (clearTimeout(timer), reject(e)),
          );
        });
        this.wakeReader = undefined;
        // A stale answer may come while a chunk is on its way: nothing more is queued in this pass.
        if (next === "stop" || this.interrupted) break;
        if (next === "idle") {
          for (const e of this.assembler.flush()) this.enqueue(e);
          continue;
        }
        pending = undefined;
        if (next.done) break;
        for (const line of next.value) {
          const ms = line.ms;
          if (skip !== undefined && ms < skip.ms) continue;
          pos = advance(pos, ms);
          if (skip !== undefined && ms === skip.ms && pos.count <= skip.count) continue;
          for (const e of this.assembler.push(line.line, ms, pos)) this.enqueue(e);
        }
        this.lastLineAt = Date.now();
        if (this.queue.limitBytes === undefined) await this.room();
      }
      if (!this.interrupted) for (const e of this.assembler.flush()) this.enqueue(e);
    } finally {
      // (A generator's return() waits for a pending next(): an idle follow ends at its next line.)
      if (this.interrupted) void chunks.return?.(undefined).catch(() => undefined);
    }
  }

  private enqueue(e: AssembledEvent): void {
    const wasEmpty = this.queue.length === 0;
    if (wasEmpty) this.oldestQueuedAt = Date.now();
    this.queue.push(e, Buffer.byteLength(e.message, "utf8"));
    // The sender waits without a deadline while the queue is empty, for a batch once it is full.
    if (wasEmpty || this.queue.hasFullBatch(LIMITS)) this.wakeSender?.();
  }

  /** Blocking mode: waits while four batches are queued. */
  private async room(): Promise<void> {
    while (!this.interrupted && (this.queue.bytes >= HIGH_WATER_BYTES || this.queue.length >= HIGH_WATER_EVENTS)) {
      this.wakeSender?.();
      await new Promise<void>((resolve) => (this.wakeReader = () => resolve()));
      this.wakeReader = undefined;
    }
  }

  /**
   * Ships batches in order, one at a time, until the reader has ended and the queue is empty, or
   * until a batch is stale (it sets `resumeFrom` and wakes the reader, which ends the pass).
   */
  private async send(): Promise<void> {
    const delayMs = this.deps.batchDelayMs ?? 200;
    while (!this.stopped) {
      if (this.queue.length === 0) {
        if (this.ended) return;
        await this.sleep(undefined);
        continue;
      }
      const wait = this.oldestQueuedAt + delayMs - Date.now();
      if (!this.ended && !this.queue.hasFullBatch(LIMITS) && wait > 0) {
        await this.sleep(wait);
        continue;
      }
      const batch = this.queue.take(LIMITS);
      if (this.queue.length > 0) this.oldestQueuedAt = Date.now();
      this.wakeReader?.("room");
      const dropped = this.queue.takeDropped();
      if (dropped > 0) {
        this.deps.log(`berth agent: ${dropped} log lines of container ${this.containerId.slice(0, 12)} were dropped: the non-blocking buffer (max-buffer-size ${this.queue.limitBytes} bytes) was full`);
      }
      const events = new Array<{ timestamp: number; message: string }>(batch.length);
      for (let i = 0; i < batch.length; i++) events[i] = { timestamp: batch[i]!.timestamp, message: batch[i]!.message };
      const answer = await this.call(events, encodeCursor(batch[batch.length - 1]!.end), this.stored);
      if (answer?.stale === true) {
        this.resumeFrom = answer.cursor ?? "";
        this.wakeReader?.("resume");
        return;
      }
      // A refused batch ({}) stored nothing: the next one still follows the same cursor.
      if (answer?.cursor !== undefined) this.stored = answer.cursor;
    }
  }

  /** Waits until woken (events queued, end, stop) or `ms` passes. */
  private sleep(ms: number | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(() => ((this.wakeSender = undefined), resolve()), ms);
      this.wakeSender = () => {
        clearTimeout(timer);
        this.wakeSender = undefined;
        resolve();
      };
    });
  }

  /**
   * One PutContainerLogs, retried while the control plane is unreachable or failing. Opening the
   * stream has no cursors; a batch has its end cursor and its start cursor ("" for none).
   */
  private async call(events: { timestamp: number; message: string }[], cursor: string | undefined, startCursor: string | undefined): Promise<PutContainerLogsResponse | undefined> {
    const t = this.target;
    let failed = false; // said once per call
    while (!this.stopped) {
      try {
        return await this.deps.client.putContainerLogs({
          containerInstanceArn: this.deps.containerInstanceArn,
          ...(t.region !== undefined && { region: t.region }),
          logGroupName: t.group,
          logStreamName: t.stream,
          createGroup: t.createGroup,
          events,
          ...(cursor !== undefined && { cursor }),
          ...(startCursor !== undefined && { startCursor }),
        });
      } catch (e) {
        if (e instanceof AgentProtocolError && e.status < 500) {
          // Opening the stream failed: stop. A refused batch is dropped (as Docker's awslogs
          // driver drops what CloudWatch refuses) and shipping goes on.
          if (events.length === 0) throw e;
          this.deps.log(`berth agent: ${events.length} log events of container ${this.containerId.slice(0, 12)} were refused: ${e.message}`);
          return {};
        }
        if (!failed) {
          failed = true;
          this.deps.log(`berth agent: shipping ${events.length} log events of container ${this.containerId.slice(0, 12)} failed, retrying: ${e instanceof Error ? e.message : String(e)}`);
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.deps.retryMs ?? 1_000);
          this.wakeRetry = () => (clearTimeout(timer), resolve());
        });
        this.wakeRetry = undefined;
      }
    }
    return undefined;
  }
}

/** A runtime without `logBatches`: its lines one at a time, as one-line chunks. */
async function* oneByOne(lines: AsyncIterable<LogLine>): AsyncIterable<TimedLine[]> {
  for await (const l of lines) yield [{ stream: l.stream, ms: l.timestamp.getTime(), line: l.line }];
}
