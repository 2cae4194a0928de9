import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LogStore } from "./log-store.js";
import { compileFilterPattern } from "../filter-pattern/match.js";
import { parseFilterPattern } from "../filter-pattern/parse.js";

function withStore(fn: (s: LogStore) => void): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), "berth-logstore-"));
  const s = new LogStore(dir);
  try {
    fn(s);
  } finally {
    s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

function seed(s: LogStore) {
  s.createGroup({ region: "r", name: "g", creationTime: 1, logGroupClass: "STANDARD", kmsKeyId: null, deletionProtection: false, tags: {} });
  const g = s.group("r", "g")!;
  s.createStream(g.id, "a", 1);
  s.createStream(g.id, "b", 1);
  const a = s.stream(g.id, "a")!;
  const b = s.stream(g.id, "b")!;
  const messages = ["ERROR disk", "WARN slow ERROR", "INFO ok", "ERROR again", "INFO done", "DEBUG x"];
  s.append(a, messages.slice(0, 3).map((m, i) => ({ timestamp: 10 + i * 2, message: m })), 100);
  s.append(b, messages.slice(3).map((m, i) => ({ timestamp: 11 + i * 2, message: m })), 100, "11:1");
  return { g, a, b };
}

test("events interleave across streams by timestamp, and streams keep their statistics and cursor", () =>
  withStore((s) => {
    const { g, a, b } = seed(s);
    const all = s.groupForward(g.id, undefined, [-1, 0], { startTime: 0, endTime: 1e15 }, 100);
    assert.deepEqual(all.map((e) => e.timestamp), [10, 11, 12, 13, 14, 15]);
    assert.deepEqual(s.groupForward(g.id, [b.id], [-1, 0], { startTime: 0, endTime: 1e15 }, 100).map((e) => e.message), ["ERROR again", "INFO done", "DEBUG x"]);
    const sa = s.stream(g.id, "a")!;
    assert.deepEqual([sa.firstEvent, sa.lastEvent, sa.lastIngestion, sa.cursor], [10, 14, 100, null]);
    assert.equal(s.stream(g.id, "b")!.cursor, "11:1");
    assert.deepEqual(s.streamBackward(a.id, [1e15, 0], { startTime: 0, endTime: 1e15 }, 2).map((e) => e.message), ["WARN slow ERROR", "INFO ok"]);
  }));

test("SQLite's term filter keeps exactly what the filter-pattern matcher keeps", () =>
  withStore((s) => {
    const { g } = seed(s);
    for (const p of ["ERROR", "ERROR -WARN", "?INFO ?DEBUG", "ERROR ?disk ?again", '"slow ERROR"', "-ERROR -INFO"]) {
      const parsed = parseFilterPattern(p);
      assert.equal(parsed.kind, "terms");
      const viaSql = s.groupForward(g.id, undefined, [-1, 0], { startTime: 0, endTime: 1e15 }, 100, parsed.kind === "terms" ? parsed : undefined).map((e) => e.message);
      const match = compileFilterPattern(p);
      const viaJs = s.groupForward(g.id, undefined, [-1, 0], { startTime: 0, endTime: 1e15 }, 100).map((e) => e.message).filter(match);
      assert.deepEqual(viaSql, viaJs, p);
    }
  }));

test("retention expiry deletes old events and corrects the stream statistics", () =>
  withStore((s) => {
    const { g } = seed(s);
    assert.equal(s.expire(g.id, 13), true);
    assert.deepEqual(s.groupForward(g.id, undefined, [-1, 0], { startTime: 0, endTime: 1e15 }, 100).map((e) => e.timestamp), [13, 14, 15]);
    assert.equal(s.stream(g.id, "a")!.firstEvent, 14);
    assert.equal(s.expire(g.id, 13), false);
  }));

test("a JSON page holds exactly the events the row queries return, ascending, in both directions and within ranges", () =>
  withStore((s) => {
    s.createGroup({ region: "r", name: "g", creationTime: 1, logGroupClass: "STANDARD", kmsKeyId: null, deletionProtection: false, tags: {} });
    const g = s.group("r", "g")!;
    s.createStream(g.id, "s", 1);
    const st = s.stream(g.id, "s")!;
    // Out of order across batches, and several events per millisecond.
    s.append(st, [20, 20, 21, 25, 25, 30].map((t, i) => ({ timestamp: t, message: `late ${i} "q" \\ é` })), 1);
    s.append(st, [10, 10, 12, 20, 22].map((t, i) => ({ timestamp: t, message: `early ${i}` })), 2);
    const view = (rows: { timestamp: number; message: string; ingestionTime: number }[]) => rows.map((r) => ({ timestamp: r.timestamp, message: r.message, ingestionTime: r.ingestionTime }));
    const ranges = [{ startTime: 0, endTime: 1e15 }, { startTime: 20, endTime: 25 }, { startTime: 21, endTime: 22 }, { startTime: 40, endTime: 50 }];
    for (const range of ranges) {
      for (const limit of [1, 2, 3, 100]) {
        for (const from of [[-1, 0], [20, 3], [20, 9], [1e15, 0]] as const) {
          const fwd = s.streamForward(st.id, from, range, limit);
          const pf = s.streamPage(st.id, from, range, limit, true, 1_048_576, 26)!;
          assert.deepEqual(JSON.parse(pf.eventsJson), view(fwd), JSON.stringify({ range, limit, from }));
          assert.deepEqual([pf.first, pf.last], [fwd[0] && [fwd[0].timestamp, fwd[0].id], fwd.at(-1) && [fwd.at(-1)!.timestamp, fwd.at(-1)!.id]]);
          const bwd = s.streamBackward(st.id, from, range, limit);
          const pb = s.streamPage(st.id, from, range, limit, false, 1_048_576, 26)!;
          assert.deepEqual(JSON.parse(pb.eventsJson), view(bwd), JSON.stringify({ range, limit, from, back: true }));
          assert.deepEqual([pb.first, pb.last], [bwd[0] && [bwd[0].timestamp, bwd[0].id], bwd.at(-1) && [bwd.at(-1)!.timestamp, bwd.at(-1)!.id]]);
        }
      }
    }
    // Over the byte limit: left to the caller to trim.
    assert.equal(s.streamPage(st.id, [-1, 0], ranges[0]!, 100, true, 50, 26), undefined);
  }));

test("a batch larger than one multi-row INSERT keeps every event, in arrival order within a timestamp", () =>
  withStore((s) => {
    const { g } = seed(s);
    s.createStream(g.id, "big", 1);
    const big = s.stream(g.id, "big")!;
    const events = Array.from({ length: 1300 }, (_, i) => ({ timestamp: 50 + Math.floor(i / 600), message: `m${i}` }));
    s.append(big, events, 100, "51:700");
    const got = s.streamForward(big.id, [-1, 0], { startTime: 0, endTime: 1e15 }, 2000);
    assert.deepEqual(got.map((e) => e.message), events.map((e) => e.message));
    const after = s.stream(g.id, "big")!;
    assert.deepEqual([after.firstEvent, after.lastEvent, after.cursor], [50, 52, "51:700"]);
    assert.equal(after.storedBytes, events.reduce((n, e) => n + e.message.length, 0));
  }));
