/**
 * Responses that are AWS event streams (`application/vnd.amazon.eventstream`, e.g. CloudWatch
 * Logs' StartLiveTail): a handler answers with an EventStreamOutput, a source of events that
 * runs until it ends or the client goes away; each event is one binary message (prelude, headers
 * `:message-type`, `:event-type` or `:exception-type`, `:content-type`, a JSON payload, CRC32s),
 * encoded with the SDK's own codec (@smithy/core's EventStreamCodec).
 */
export type StreamEvent = { eventType: string; payload: unknown } | { exceptionType: string; payload: unknown };

export class EventStreamOutput {
  /** `events` is started once the response headers are sent; `signal` aborts when the client is gone. */
  constructor(readonly events: (signal: AbortSignal) => AsyncIterable<StreamEvent>) {}
}

export const EVENT_STREAM_CONTENT_TYPE = "application/vnd.amazon.eventstream";

/** An encoder of events into event-stream messages (the codec is loaded when first needed). */
export async function eventStreamEncoder(): Promise<(e: StreamEvent) => Uint8Array> {
  const { EventStreamCodec } = await import("@smithy/core/event-streams");
  const toUtf8 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  const fromUtf8 = (text: string) => new Uint8Array(Buffer.from(text, "utf8"));
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  const str = (value: string) => ({ type: "string" as const, value });
  return (e) =>
    codec.encode({
      headers:
        "eventType" in e
          ? { ":message-type": str("event"), ":event-type": str(e.eventType), ":content-type": str("application/json") }
          : { ":message-type": str("exception"), ":exception-type": str(e.exceptionType), ":content-type": str("application/json") },
      body: fromUtf8(JSON.stringify(e.payload)),
    });
}
