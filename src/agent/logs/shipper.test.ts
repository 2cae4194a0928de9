import { test } from "node:test";
import assert from "node:assert/strict";
import { AgentProtocolError } from "../../agent-protocol/client.js";
import type { PutContainerLogsRequest, PutContainerLogsResponse } from "../../agent-protocol/messages.js";
import type { LogLine } from "../runtime/runtime.js";
import { ContainerLogShipper } from "./shipper.js";

/**
 * A control plane in memory: a stream's events and cursor, with ingest.ts's two rules (a batch
 * ending at the stored cursor is not appended again; one whose start cursor isn't the stored one
 * is stale); `down` calls fail as a network error would; `beforeBatch` runs before a batch is
 * handled (another shipper's call landing first).
 */
function fakeControlPlane() {
  const state = {
    events: [] as { timestamp: number; message: string }[],
    cursor: undefined as string | undefined,
    calls: 0,
    down: 0,
    stale: 0,
    beforeBatch: undefined as (() => void) | undefined,
  };
  const client = {
    async putContainerLogs(input: PutContainerLogsRequest): Promise<PutContainerLogsResponse> {
      state.calls++;
      if (state.down > 0) {
        state.down--;
        throw new TypeError("fetch failed");
      }
      if (input.logGroupName === "/refused" && input.events.length > 0) throw new AgentProtocolError("InvalidParameterException", "no", 400);
      if (input.events.length > 0) state.beforeBatch?.();
      if (input.cursor !== undefined && input.events.length > 0 && input.cursor === state.cursor) return { cursor: state.cursor };
      if (input.startCursor !== undefined && input.startCursor !== (state.cursor ?? "")) {
        state.stale++;
        return { ...(state.cursor !== undefined && { cursor: state.cursor }), stale: true };
      }
      state.events.push(...input.events);
      if (input.cursor !== undefined) state.cursor = input.cursor;
      return state.cursor === undefined ? {} : { cursor: state.cursor };
    },
  };
  return { state, client };
}

/** A container's log: the lines, then (follow) the end; `since` as Docker applies it. */
function fakeRuntime(lines: LogLine[]) {
  return {
    async *logs(_id: string, options?: { since?: Date; follow?: boolean }): AsyncIterable<LogLine> {
      for (const l of lines) if (!options?.since || l.timestamp.getTime() >= options.since.getTime()) yield l;
    },
  };
}

/**
 * A running container's log: `since` as Docker applies it; with follow, it waits for `write` until
 * `end` (the container stops). `sinces` records each read's `since` (ms).
 */
function followedRuntime(initial: LogLine[]) {
  const lines = [...initial];
  let ended = false;
  let waiting: (() => void)[] = [];
  const wake = () => {
    const w = waiting;
    waiting = [];
    for (const f of w) f();
  };
  const sinces: (number | undefined)[] = [];
  return {
    sinces,
    write: (l: LogLine) => (lines.push(l), wake()),
    end: () => ((ended = true), wake()),
    async *logs(_id: string, options?: { since?: Date; follow?: boolean }): AsyncIterable<LogLine> {
      sinces.push(options?.since?.getTime());
      for (let i = 0; ; ) {
        for (; i < lines.length; i++) if (!options?.since || lines[i]!.timestamp.getTime() >= options.since.getTime()) yield lines[i]!;
        if (ended || !options?.follow) return;
        await new Promise<void>((r) => waiting.push(r));
      }
    },
  };
}

const line = (ms: number, text: string): LogLine => ({ stream: "stdout", timestamp: new Date(ms), line: text });
const target = { group: "/g", stream: "s", createGroup: true };

test("batches are retried while the control plane is unreachable, and nothing is lost", async () => {
  const { state, client } = fakeControlPlane();
  state.down = 3;
  const lines = [line(1000, "a"), line(1000, "b"), line(1001, "c")];
  const s = new ContainerLogShipper({ client, runtime: fakeRuntime(lines), containerInstanceArn: "i", log: () => {}, retryMs: 5 }, "c1", target);
  await s.done;
  assert.deepEqual(state.events.map((e) => e.message), ["a", "b", "c"]);
  assert.equal(state.cursor, "1001:1");
});

test("a second shipper skips exactly the lines the stored cursor covers, even within one millisecond", async () => {
  const { state, client } = fakeControlPlane();
  state.cursor = "1000:2";
  const lines = [line(999, "old"), line(1000, "a"), line(1000, "b"), line(1000, "c"), line(1002, "d")];
  const s = new ContainerLogShipper({ client, runtime: fakeRuntime(lines), containerInstanceArn: "i", log: () => {} }, "c1", target);
  await s.done;
  assert.deepEqual(state.events.map((e) => e.message), ["c", "d"]);
  assert.equal(state.cursor, "1002:1");
});

test("a batch the control plane refuses is dropped and logged; stop() ends a retry pause at once", async () => {
  const { state, client } = fakeControlPlane();
  const said: string[] = [];
  const refused = new ContainerLogShipper({ client, runtime: fakeRuntime([line(1, "x")]), containerInstanceArn: "i", log: (m) => said.push(m) }, "c1", { ...target, group: "/refused" });
  await refused.done;
  assert.match(said.join(), /1 log events of container c1 were refused/);
  state.down = 1_000_000;
  const stuck = new ContainerLogShipper({ client, runtime: fakeRuntime([]), containerInstanceArn: "i", log: () => {}, retryMs: 60_000 }, "c2", target);
  while (state.calls < 3) await new Promise((r) => setTimeout(r, 5));
  await stuck.stop();
});

test("non-blocking: while the control plane is down, lines beyond max-buffer-size are dropped and the rest arrive in order", async () => {
  const { state, client } = fakeControlPlane();
  const said: string[] = [];
  // Opening the stream works; then every call fails until `down` is used up.
  const lines = Array.from({ length: 100 }, (_, i) => line(1000 + i, `line-${String(i).padStart(3, "0")}`));
  let open = true;
  const flaky = {
    async putContainerLogs(input: PutContainerLogsRequest): Promise<PutContainerLogsResponse> {
      if (open) return ((open = false), client.putContainerLogs(input));
      if (state.events.length === 0 && state.calls < 20) {
        state.calls++;
        throw new TypeError("fetch failed");
      }
      return client.putContainerLogs(input);
    },
  };
  const s = new ContainerLogShipper({ client: flaky, runtime: fakeRuntime(lines), containerInstanceArn: "i", log: (m) => said.push(m), retryMs: 5, batchDelayMs: 1 }, "c1", {
    ...target,
    buffer: { nonBlocking: true, maxBufferBytes: 80 },
  });
  await s.done;
  const got = state.events.map((e) => e.message);
  assert.ok(got.length < lines.length, `some lines were dropped (${got.length} arrived)`);
  assert.ok(got.length > 0);
  assert.deepEqual(got, [...got].sort(), "in order");
  assert.match(said.join("\n"), /log lines of container c1 were dropped: the non-blocking buffer \(max-buffer-size 80 bytes\) was full/);
});

test("blocking (the default): the same outage drops nothing", async () => {
  const { state, client } = fakeControlPlane();
  const lines = Array.from({ length: 100 }, (_, i) => line(1000 + i, `line-${i}`));
  state.down = 5;
  const s = new ContainerLogShipper({ client, runtime: fakeRuntime(lines), containerInstanceArn: "i", log: () => {}, retryMs: 5, batchDelayMs: 1 }, "c1", target);
  await s.done;
  assert.deepEqual(state.events.map((e) => e.message), lines.map((l) => l.line));
});

test("a batch stale because another shipper's batch was stored first: the shipper reads again from the stored cursor, each line once", async () => {
  const { state, client } = fakeControlPlane();
  state.cursor = "1000:1"; // "a" was shipped before the agent restarted
  state.events.push({ timestamp: 1000, message: "a" });
  const lines = [line(1000, "a"), line(1001, "b"), line(1002, "c"), line(1003, "d"), line(1003, "e")];
  // The old shipper's call (b, c) lands after this shipper opened the stream and read "1000:1".
  state.beforeBatch = () => {
    state.beforeBatch = undefined;
    state.events.push({ timestamp: 1001, message: "b" }, { timestamp: 1002, message: "c" });
    state.cursor = "1002:1";
  };
  const said: string[] = [];
  const s = new ContainerLogShipper({ client, runtime: fakeRuntime(lines), containerInstanceArn: "i", log: (m) => said.push(m) }, "c1", target);
  await s.done;
  assert.equal(state.stale, 1, "one batch was stale");
  assert.deepEqual(state.events.map((e) => e.message), ["a", "b", "c", "d", "e"], said.join("; "));
  assert.equal(state.cursor, "1003:2");
  assert.match(said.join("\n"), /another shipper stored log events of container c1 first \(stream \/g\/s\); reading its log again from cursor 1002:1/);
});

test("a stale answer while the container still runs: the follow is replaced by one from the stored cursor, and later lines arrive once", async () => {
  const { state, client } = fakeControlPlane();
  const runtime = followedRuntime([line(1000, "a"), line(1001, "b"), line(1002, "c"), line(1002, "d")]);
  // The stream was new ("" start cursor) when this shipper opened it; the old shipper's a, b, c then land.
  state.beforeBatch = () => {
    state.beforeBatch = undefined;
    state.events.push({ timestamp: 1000, message: "a" }, { timestamp: 1001, message: "b" }, { timestamp: 1002, message: "c" });
    state.cursor = "1002:1";
  };
  const said: string[] = [];
  const s = new ContainerLogShipper({ client, runtime, containerInstanceArn: "i", log: (m) => said.push(m), batchDelayMs: 1 }, "c1", target);
  try {
    while (state.cursor !== "1002:2") await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(runtime.sinces, [undefined, 1002], "read from the start, then again from the stored cursor's millisecond");
    runtime.write(line(1003, "e"));
    runtime.end();
    await s.done;
  } finally {
    runtime.end();
    await s.stop();
  }
  assert.equal(state.stale, 1);
  assert.deepEqual(state.events.map((e) => e.message), ["a", "b", "c", "d", "e"], said.join("; "));
  assert.equal(state.cursor, "1003:1");
});

test("a refused batch stored nothing: the next batch follows the same stored cursor and is not stale", async () => {
  const { state, client } = fakeControlPlane();
  const said: string[] = [];
  let first = true;
  const refusingOnce = {
    async putContainerLogs(input: PutContainerLogsRequest): Promise<PutContainerLogsResponse> {
      if (input.events.length > 0 && first) {
        first = false;
        throw new AgentProtocolError("InvalidParameterException", "no", 400);
      }
      return client.putContainerLogs(input);
    },
  };
  const runtime = followedRuntime([line(1000, "a")]);
  const s = new ContainerLogShipper({ client: refusingOnce, runtime, containerInstanceArn: "i", log: (m) => said.push(m), batchDelayMs: 1 }, "c1", target);
  try {
    while (first) await new Promise((r) => setTimeout(r, 5));
    runtime.write(line(1001, "b"));
    runtime.end();
    await s.done;
  } finally {
    runtime.end();
    await s.stop();
  }
  assert.equal(state.stale, 0);
  assert.deepEqual(state.events.map((e) => e.message), ["b"]);
  assert.match(said.join(), /1 log events of container c1 were refused/);
});
