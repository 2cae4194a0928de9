/**
 * Ships one container's log to its CloudWatch Logs stream: opens the stream (its stored cursor
 * says where shipping stopped), reads the Docker log from that millisecond on, skips the lines
 * already shipped, groups lines into events, and ships batches (at most 10,000 events, ~800 KB,
 * under 24 hours) with the cursor of their last line. A batch is retried until the control
 * plane accepts it. Reading ends when the container stops and everything is shipped, or on stop().
 */
import { AgentProtocolError } from "../../agent-protocol/client.js";
import type { PutContainerLogsRequest, PutContainerLogsResponse } from "../../agent-protocol/messages.js";
import type { LogLine } from "../runtime/runtime.js";
import { advance, decodeCursor, encodeCursor, type LogCursor } from "./cursor.js";
import { MultilineAssembler, type AssembledEvent } from "./multiline.js";
import type { AwslogsTarget } from "./options.js";

export interface ShipperDeps {
  client: { putContainerLogs(input: PutContainerLogsRequest): Promise<PutContainerLogsResponse> };
  runtime: { logs(id: string, options?: { since?: Date; follow?: boolean }): AsyncIterable<LogLine> };
  containerInstanceArn: string;
  log: (message: string) => void;
  /** Wait between attempts when the control plane can't be reached (default 1 s). */
  retryMs?: number;
  /** A partial batch is shipped once it is this old (default 200 ms). */
  batchDelayMs?: number;
  /** An unfinished multiline event is shipped after this long without a new line (default 2 s). */
  multilineIdleMs?: number;
}

const MAX_EVENTS = 10_000;
/** PutLogEvents' limit is 1,048,576 bytes (messages + 26 per event); a batch stays under this. */
const MAX_BYTES = 1_000_000;
const MAX_SPAN_MS = 23 * 3_600_000;


export class ContainerLogShipper {
  private batch: AssembledEvent[] = [];
  private bytes = 0;
  private batchSince = 0;
  private lastLineAt = 0;
  private shipping: Promise<void> = Promise.resolve();
  private stopped = false;
  /** Ends a retry pause early (stop()). */
  private wake?: () => void;
  /** While the read loop waits for a line: ends the wait (stop(), or tick() for an idle multiline event). */
  private interrupt?: (why: "stop" | "idle") => void;
  private readonly assembler: MultilineAssembler;
  /** Settles when the container's log has ended and all of it is shipped, or after stop(). */
  readonly done: Promise<void>;

  constructor(
    private readonly deps: ShipperDeps,
    private readonly containerId: string,
    private readonly target: AwslogsTarget & { stream: string },
  ) {
    this.assembler = new MultilineAssembler(target.multiline);
    this.done = this.run().catch((e: unknown) => deps.log(`berth agent: shipping the log of container ${containerId.slice(0, 12)} stopped: ${e instanceof Error ? e.message : String(e)}`));
  }

  /** Stops reading and shipping; whatever was shipped is covered by the stored cursor. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    this.interrupt?.("stop");
    await this.done;
  }

  private async run(): Promise<void> {
    const opened = await this.call([], undefined);
    if (opened === undefined) return;
    const skip = decodeCursor(opened.cursor);
    let pos: LogCursor | undefined = skip && { ms: skip.ms, count: 0 };
    const lines = this.deps.runtime.logs(this.containerId, { since: skip && new Date(skip.ms), follow: true })[Symbol.asyncIterator]();
    const timer = setInterval(() => this.tick(), 50);
    try {
      let pending: Promise<IteratorResult<LogLine>> | undefined;
      while (!this.stopped) {
        const line$ = (pending ??= lines.next());
        // One fresh promise per wait, so nothing piles up on long-lived promises line after line.
        const next = await new Promise<IteratorResult<LogLine> | "stop" | "idle">((resolve, reject) => {
          this.interrupt = resolve;
          line$.then(resolve, reject);
        });
        this.interrupt = undefined;
        if (next === "stop") break;
        if (next === "idle") {
          // Every add() happens on this loop, in line order, so the cursor only moves forward.
          for (const e of this.assembler.flush()) await this.add(e);
          continue;
        }
        pending = undefined;
        if (next.done) break;
        const line = next.value;
        const ms = line.timestamp.getTime();
        if (skip !== undefined && ms < skip.ms) continue;
        pos = advance(pos, ms);
        if (skip !== undefined && ms === skip.ms && pos.count <= skip.count) continue;
        this.lastLineAt = Date.now();
        for (const e of this.assembler.push(line.line, ms, pos)) await this.add(e);
      }
      if (!this.stopped) {
        for (const e of this.assembler.flush()) await this.add(e);
        await this.ship();
      }
    } finally {
      clearInterval(timer);
      if (this.stopped) void lines.return?.(undefined).catch(() => undefined);
    }
    await this.shipping;
  }

  private async add(e: AssembledEvent): Promise<void> {
    const size = Buffer.byteLength(e.message, "utf8") + 26;
    const first = this.batch[0];
    if (first !== undefined && (Math.abs(e.timestamp - first.timestamp) > MAX_SPAN_MS || this.bytes + size > MAX_BYTES)) await this.shipAhead();
    if (this.batch.length === 0) this.batchSince = Date.now();
    this.batch.push(e);
    this.bytes += size;
    if (this.batch.length >= MAX_EVENTS) await this.shipAhead();
  }

  /** Ships the batch and waits only for the one before it: one on the wire while the next fills. */
  private async shipAhead(): Promise<void> {
    const previous = this.shipping;
    void this.ship();
    await previous;
  }

  private tick(): void {
    const now = Date.now();
    if (this.assembler.hasPending && now - this.lastLineAt >= (this.deps.multilineIdleMs ?? 2_000)) this.interrupt?.("idle");
    if (this.batch.length > 0 && now - this.batchSince >= (this.deps.batchDelayMs ?? 200)) void this.ship();
  }

  /** Ships the current batch after any batch already on its way (one at a time, in order). */
  private ship(): Promise<void> {
    this.shipping = this.shipping.then(async () => {
      if (this.batch.length === 0) return;
      const events = this.batch;
      this.batch = [];
      this.bytes = 0;
      await this.call(
        events.map((e) => ({ timestamp: e.timestamp, message: e.message })),
        encodeCursor(events[events.length - 1]!.end),
      );
    });
    return this.shipping;
  }

  /** One PutContainerLogs, retried while the control plane is unreachable or failing. */
  private async call(events: { timestamp: number; message: string }[], cursor: string | undefined): Promise<PutContainerLogsResponse | undefined> {
    const t = this.target;
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
        });
      } catch (e) {
        if (e instanceof AgentProtocolError && e.status < 500) {
          // Opening the stream failed: stop. A refused batch is dropped (as Docker's awslogs
          // driver drops what CloudWatch refuses) and shipping goes on.
          if (events.length === 0) throw e;
          this.deps.log(`berth agent: ${events.length} log events of container ${this.containerId.slice(0, 12)} were refused: ${e.message}`);
          return {};
        }
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.deps.retryMs ?? 1_000);
          this.wake = () => (clearTimeout(timer), resolve());
        });
        this.wake = undefined;
      }
    }
    return undefined;
  }
}
