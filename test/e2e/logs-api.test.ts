/**
 * CloudWatch Logs through @aws-sdk/client-cloudwatch-logs against a real server: every action
 * berth serves, pagination tokens, retention, bad input, and logs surviving a restart.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  DeleteLogStreamCommand,
  DeleteRetentionPolicyCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  ListTagsForResourceCommand,
  ListTagsLogGroupCommand,
  PutLogEventsCommand,
  PutRetentionPolicyCommand,
  TagLogGroupCommand,
  TagResourceCommand,
  UntagLogGroupCommand,
  UntagResourceCommand,
  paginateDescribeLogGroups,
  paginateFilterLogEvents,
  paginateGetLogEvents,
  DescribeMetricFiltersCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { TEST_CREDENTIALS, rejectsWith, startTestServer, type TestServer } from "./harness.js";
import { LOGS_DATABASE_FILE } from "../../src/services/logs/store/schema.js";

let t: TestServer;
let logs: CloudWatchLogsClient;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "berth-logs-"));
const client = (url: string) => new CloudWatchLogsClient({ endpoint: url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });

before(async () => {
  t = await startTestServer({ dataDir });
  logs = client(t.url);
});
after(async () => {
  logs.destroy();
  await t.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function groupWithStream(group: string, stream: string): Promise<void> {
  await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
}

const put = (group: string, stream: string, events: { timestamp: number; message: string }[]) =>
  logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: events }));

test("CreateLogGroup, DescribeLogGroups (prefix, pattern, pages) and DeleteLogGroup", async () => {
  for (const n of ["/ecs/a", "/ecs/b", "/ecs/c", "/other/DataLogs"]) await logs.send(new CreateLogGroupCommand({ logGroupName: n, tags: { team: "x" } }));
  await rejectsWith(logs.send(new CreateLogGroupCommand({ logGroupName: "/ecs/a" })), "ResourceAlreadyExistsException", /already exists/);
  const byPrefix = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/ecs/" }));
  assert.deepEqual(byPrefix.logGroups?.map((g) => g.logGroupName), ["/ecs/a", "/ecs/b", "/ecs/c"]);
  const a = byPrefix.logGroups![0]!;
  assert.equal(a.arn, "arn:aws:logs:us-east-1:000000000000:log-group:/ecs/a:*");
  assert.equal(a.logGroupArn, "arn:aws:logs:us-east-1:000000000000:log-group:/ecs/a");
  assert.equal(a.storedBytes, 0);
  assert.equal(a.metricFilterCount, 0);
  assert.equal(a.logGroupClass, "STANDARD");
  assert.equal(a.retentionInDays, undefined);
  assert.ok(typeof a.creationTime === "number" && a.creationTime > 1.7e12);
  const byPattern = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: "DataLogs" }));
  assert.deepEqual(byPattern.logGroups?.map((g) => g.logGroupName), ["/other/DataLogs"]);
  assert.deepEqual((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: "datalogs" }))).logGroups, []);
  await rejectsWith(logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: "a", logGroupNamePrefix: "/a" })), "InvalidParameterException");
  const names: string[] = [];
  let pages = 0;
  for await (const page of paginateDescribeLogGroups({ client: logs, pageSize: 2 }, { logGroupNamePrefix: "/ecs/" })) {
    pages++;
    names.push(...page.logGroups!.map((g) => g.logGroupName!));
  }
  assert.deepEqual(names, ["/ecs/a", "/ecs/b", "/ecs/c"]);
  assert.equal(pages, 2);
  await rejectsWith(logs.send(new DescribeLogGroupsCommand({ nextToken: "garbage" })), "InvalidParameterException", /nextToken/);
  await logs.send(new DeleteLogGroupCommand({ logGroupName: "/ecs/b" }));
  await rejectsWith(logs.send(new DeleteLogGroupCommand({ logGroupName: "/ecs/b" })), "ResourceNotFoundException", /^The specified log group does not exist\.$/);
  // Groups are regional.
  const west = new CloudWatchLogsClient({ endpoint: t.url, region: "us-west-2", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  assert.deepEqual((await west.send(new DescribeLogGroupsCommand({}))).logGroups, []);
  west.destroy();
});

test("bad names and unknown resources get CloudWatch Logs' errors", async () => {
  await rejectsWith(logs.send(new CreateLogGroupCommand({ logGroupName: "bad name!" })), "InvalidParameterException", /logGroupName/);
  await rejectsWith(logs.send(new CreateLogStreamCommand({ logGroupName: "/nope", logStreamName: "s" })), "ResourceNotFoundException", /log group does not exist/);
  await logs.send(new CreateLogGroupCommand({ logGroupName: "/bad/input" }));
  await rejectsWith(logs.send(new CreateLogStreamCommand({ logGroupName: "/bad/input", logStreamName: "a:b" })), "InvalidParameterException", /logStreamName/);
  await rejectsWith(
    logs.send(new GetLogEventsCommand({ logGroupName: "/bad/input", logStreamName: "missing" })),
    "ResourceNotFoundException",
    /^The specified log stream does not exist\.$/,
  );
  await rejectsWith(put("/bad/input", "missing", [{ timestamp: Date.now(), message: "x" }]), "ResourceNotFoundException", /log stream does not exist/);
  await rejectsWith(logs.send(new FilterLogEventsCommand({ logGroupName: "/bad/input", filterPattern: "{ $.a = " })), "InvalidParameterException", /Invalid filter pattern/);
  await rejectsWith(logs.send(new PutRetentionPolicyCommand({ logGroupName: "/bad/input", retentionInDays: 4 })), "InvalidParameterException", /enum value set/);
  // Model operations berth does not carry out say so with a modeled error.
  await rejectsWith(logs.send(new DescribeMetricFiltersCommand({})), "InvalidOperationException");
});

test("PutLogEvents: batch rules, rejected events, and DescribeLogStreams' statistics", async () => {
  await groupWithStream("/put/rules", "s1");
  const now = Date.now();
  await rejectsWith(
    put("/put/rules", "s1", [
      { timestamp: now, message: "b" },
      { timestamp: now - 1000, message: "a" },
    ]),
    "InvalidParameterException",
    /chronological order/,
  );
  await rejectsWith(
    put("/put/rules", "s1", [
      { timestamp: now - 25 * 3600_000, message: "a" },
      { timestamp: now, message: "b" },
    ]),
    "InvalidParameterException",
    /24 hours/,
  );
  const big = "x".repeat(200_000);
  await rejectsWith(put("/put/rules", "s1", Array.from({ length: 6 }, () => ({ timestamp: now, message: big }))), "InvalidParameterException", /Upload too large/);
  const r = await put("/put/rules", "s1", [
    { timestamp: now - 15 * 86_400_000, message: "too old" },
    { timestamp: now - 2000, message: "one" },
    { timestamp: now - 1000, message: "two" },
    { timestamp: now + 3 * 3600_000, message: "too new" },
  ]);
  assert.deepEqual(r.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 0, tooNewLogEventStartIndex: 3 });
  const got = await logs.send(new GetLogEventsCommand({ logGroupName: "/put/rules", logStreamName: "s1", startFromHead: true }));
  assert.deepEqual(got.events?.map((e) => e.message), ["one", "two"]);
  const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: "/put/rules" }));
  const s = streams.logStreams![0]!;
  assert.equal(s.logStreamName, "s1");
  assert.equal(s.firstEventTimestamp, now - 2000);
  assert.equal(s.lastEventTimestamp, now - 1000);
  assert.equal(s.arn, "arn:aws:logs:us-east-1:000000000000:log-group:/put/rules:log-stream:s1");
  // Nothing of a failed batch was kept.
  assert.equal(got.events?.length, 2);
});

test("DescribeLogStreams orders by name or last event time, pages, and rejects prefix with LastEventTime", async () => {
  await logs.send(new CreateLogGroupCommand({ logGroupName: "/streams" }));
  const now = Date.now();
  for (const [name, offset] of [["c", 3], ["a", 1], ["b", 2]] as const) {
    await logs.send(new CreateLogStreamCommand({ logGroupName: "/streams", logStreamName: name }));
    await put("/streams", name, [{ timestamp: now - 10_000 + offset, message: name }]);
  }
  await logs.send(new CreateLogStreamCommand({ logGroupName: "/streams", logStreamName: "ab" }));
  await rejectsWith(logs.send(new CreateLogStreamCommand({ logGroupName: "/streams", logStreamName: "a" })), "ResourceAlreadyExistsException", /log stream already exists/);
  const byName = await logs.send(new DescribeLogStreamsCommand({ logGroupName: "/streams", logStreamNamePrefix: "a" }));
  assert.deepEqual(byName.logStreams?.map((s) => s.logStreamName), ["a", "ab"]);
  const byTime = await logs.send(new DescribeLogStreamsCommand({ logGroupName: "/streams", orderBy: "LastEventTime", descending: true }));
  assert.deepEqual(byTime.logStreams?.map((s) => s.logStreamName), ["c", "b", "a", "ab"]);
  const first = await logs.send(new DescribeLogStreamsCommand({ logGroupIdentifier: "/streams", limit: 3 }));
  assert.deepEqual(first.logStreams?.map((s) => s.logStreamName), ["a", "ab", "b"]);
  assert.ok(first.nextToken);
  const second = await logs.send(new DescribeLogStreamsCommand({ logGroupName: "/streams", limit: 3, nextToken: first.nextToken }));
  assert.deepEqual(second.logStreams?.map((s) => s.logStreamName), ["c"]);
  assert.equal(second.nextToken, undefined);
  await rejectsWith(
    logs.send(new DescribeLogStreamsCommand({ logGroupName: "/streams", orderBy: "LastEventTime", logStreamNamePrefix: "a" })),
    "InvalidParameterException",
  );
  await rejectsWith(
    logs.send(new DescribeLogStreamsCommand({ logGroupName: "/streams", logGroupIdentifier: "/streams" })),
    "InvalidParameterException",
    /mutually exclusive/,
  );
  await logs.send(new DeleteLogStreamCommand({ logGroupName: "/streams", logStreamName: "ab" }));
  await rejectsWith(logs.send(new DeleteLogStreamCommand({ logGroupName: "/streams", logStreamName: "ab" })), "ResourceNotFoundException", /log stream does not exist/);
});

test("GetLogEvents: newest first by default, forward and backward tokens, the same token at each end", async () => {
  await groupWithStream("/tokens", "s");
  const base = Date.now() - 60_000;
  await put("/tokens", "s", Array.from({ length: 25 }, (_, i) => ({ timestamp: base + i, message: `e${i}` })));
  const q = (extra: object) => logs.send(new GetLogEventsCommand({ logGroupName: "/tokens", logStreamName: "s", limit: 10, ...extra }));
  const newest = await q({});
  assert.deepEqual(newest.events?.map((e) => e.message), Array.from({ length: 10 }, (_, i) => `e${15 + i}`));
  assert.match(newest.nextForwardToken!, /^f\/\d{56}\/s$/);
  assert.match(newest.nextBackwardToken!, /^b\/\d{56}\/s$/);
  // The forward token at the end: no events, and the same token back.
  const atEnd = await q({ nextToken: newest.nextForwardToken });
  assert.deepEqual(atEnd.events, []);
  assert.equal(atEnd.nextForwardToken, newest.nextForwardToken);
  // Walk backward to the head.
  const back1 = await q({ nextToken: newest.nextBackwardToken });
  assert.deepEqual(back1.events?.map((e) => e.message), Array.from({ length: 10 }, (_, i) => `e${5 + i}`));
  const back2 = await q({ nextToken: back1.nextBackwardToken });
  assert.deepEqual(back2.events?.map((e) => e.message), ["e0", "e1", "e2", "e3", "e4"]);
  const back3 = await q({ nextToken: back2.nextBackwardToken });
  assert.deepEqual(back3.events, []);
  assert.equal(back3.nextBackwardToken, back2.nextBackwardToken);
  // And forward again from the backward page.
  const fwd = await q({ nextToken: back2.nextForwardToken });
  assert.deepEqual(fwd.events?.map((e) => e.message), Array.from({ length: 10 }, (_, i) => `e${5 + i}`));
  // New events appear after a forward token that had reached the end.
  await put("/tokens", "s", [{ timestamp: base + 100, message: "late" }]);
  const more = await q({ nextToken: newest.nextForwardToken });
  assert.deepEqual(more.events?.map((e) => e.message), ["late"]);
  // Time range (end exclusive) from the head.
  const range = await q({ startFromHead: true, startTime: base + 3, endTime: base + 6 });
  assert.deepEqual(range.events?.map((e) => e.message), ["e3", "e4", "e5"]);
  // The SDK's paginator (stopOnSameToken, as against AWS) stops on the repeated token.
  const all: string[] = [];
  for await (const page of paginateGetLogEvents({ client: logs, pageSize: 7, stopOnSameToken: true }, { logGroupName: "/tokens", logStreamName: "s", startFromHead: true })) {
    all.push(...page.events!.map((e) => e.message!));
  }
  assert.equal(all.length, 26);
  assert.equal(all[0], "e0");
  assert.equal(all.at(-1), "late");
  await rejectsWith(q({ nextToken: "f/123" }), "InvalidParameterException", /nextToken/);
});

test("FilterLogEvents: patterns, streams, time range and pagination", async () => {
  await logs.send(new CreateLogGroupCommand({ logGroupName: "/filter" }));
  for (const s of ["web/1", "web/2", "worker/1"]) await logs.send(new CreateLogStreamCommand({ logGroupName: "/filter", logStreamName: s }));
  const base = Date.now() - 60_000;
  await put("/filter", "web/1", [
    { timestamp: base + 1, message: "[ERROR] disk full" },
    { timestamp: base + 4, message: '{"level":"error","latency":900}' },
  ]);
  await put("/filter", "web/2", [
    { timestamp: base + 2, message: "[INFO] started" },
    { timestamp: base + 5, message: '{"level":"info","latency":10}' },
  ]);
  await put("/filter", "worker/1", [{ timestamp: base + 3, message: "[WARN] slow ERROR path" }]);
  const f = async (extra: object) =>
    (await logs.send(new FilterLogEventsCommand({ logGroupName: "/filter", ...extra }))).events!.map((e) => `${e.logStreamName}:${e.message}`);
  assert.deepEqual(await f({ filterPattern: "ERROR" }), ["web/1:[ERROR] disk full", "worker/1:[WARN] slow ERROR path"]);
  assert.deepEqual(await f({ filterPattern: "ERROR -WARN" }), ["web/1:[ERROR] disk full"]);
  assert.deepEqual(await f({ filterPattern: '{ $.level = "error" }' }), ['web/1:{"level":"error","latency":900}']);
  assert.deepEqual(await f({ filterPattern: "{ $.latency < 100 }" }), ['web/2:{"level":"info","latency":10}']);
  assert.deepEqual(await f({ logStreamNamePrefix: "web/", filterPattern: "?ERROR ?INFO" }), ["web/1:[ERROR] disk full", "web/2:[INFO] started"]);
  assert.deepEqual(await f({ logStreamNames: ["worker/1"] }), ["worker/1:[WARN] slow ERROR path"]);
  assert.deepEqual(await f({ startTime: base + 2, endTime: base + 4 }), ["web/2:[INFO] started", "worker/1:[WARN] slow ERROR path"]);
  const one = await logs.send(new FilterLogEventsCommand({ logGroupName: "/filter" }));
  assert.ok(one.events!.every((e) => /^\d+$/.test(e.eventId!) && typeof e.ingestionTime === "number"));
  assert.deepEqual(one.searchedLogStreams, []);
  const paged: string[] = [];
  for await (const page of paginateFilterLogEvents({ client: logs, pageSize: 2 }, { logGroupName: "/filter" })) paged.push(...page.events!.map((e) => e.message!));
  assert.equal(paged.length, 5);
  assert.equal(paged[0], "[ERROR] disk full");
  await rejectsWith(
    logs.send(new FilterLogEventsCommand({ logGroupName: "/filter", logStreamNames: ["a"], logStreamNamePrefix: "a" })),
    "InvalidParameterException",
  );
  await rejectsWith(logs.send(new FilterLogEventsCommand({ logGroupName: "/filter", nextToken: "nope" })), "InvalidParameterException", /nextToken/);
});

test("retention: a policy hides and deletes older events, and PutLogEvents rejects expired ones", async () => {
  await groupWithStream("/retention", "s");
  const now = Date.now();
  await put("/retention", "s", [
    { timestamp: now - 3 * 86_400_000, message: "three days old" },
    { timestamp: now - 2 * 86_400_000, message: "two days old" },
  ]);
  await put("/retention", "s", [{ timestamp: now - 1000, message: "fresh" }]);
  await logs.send(new PutRetentionPolicyCommand({ logGroupName: "/retention", retentionInDays: 1 }));
  const g = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/retention" }))).logGroups![0]!;
  assert.equal(g.retentionInDays, 1);
  const got = await logs.send(new GetLogEventsCommand({ logGroupName: "/retention", logStreamName: "s", startFromHead: true }));
  assert.deepEqual(got.events?.map((e) => e.message), ["fresh"]);
  assert.deepEqual((await logs.send(new FilterLogEventsCommand({ logGroupName: "/retention" }))).events?.map((e) => e.message), ["fresh"]);
  const r = await put("/retention", "s", [
    { timestamp: now - 2 * 86_400_000, message: "expired" },
    { timestamp: now, message: "kept" },
  ]);
  assert.deepEqual(r.rejectedLogEventsInfo, { expiredLogEventEndIndex: 0 });
  await logs.send(new DeleteRetentionPolicyCommand({ logGroupName: "/retention" }));
  const g2 = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/retention" }))).logGroups![0]!;
  assert.equal(g2.retentionInDays, undefined);
  // The old events were deleted, not only hidden.
  const after = await logs.send(new GetLogEventsCommand({ logGroupName: "/retention", logStreamName: "s", startFromHead: true }));
  assert.deepEqual(after.events?.map((e) => e.message), ["fresh", "kept"]);
});

test("tags through the group-name and the ARN actions", async () => {
  await logs.send(new CreateLogGroupCommand({ logGroupName: "/tags", tags: { a: "1" } }));
  const arn = "arn:aws:logs:us-east-1:000000000000:log-group:/tags";
  await logs.send(new TagLogGroupCommand({ logGroupName: "/tags", tags: { b: "2" } }));
  await logs.send(new TagResourceCommand({ resourceArn: arn, tags: { c: "3", a: "one" } }));
  assert.deepEqual((await logs.send(new ListTagsLogGroupCommand({ logGroupName: "/tags" }))).tags, { a: "one", b: "2", c: "3" });
  await logs.send(new UntagLogGroupCommand({ logGroupName: "/tags", tags: ["b"] }));
  await logs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ["c"] }));
  assert.deepEqual((await logs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags, { a: "one" });
  await rejectsWith(logs.send(new ListTagsForResourceCommand({ resourceArn: "arn:aws:logs:us-east-1:000000000000:log-group:/none" })), "ResourceNotFoundException");
  await rejectsWith(logs.send(new TagLogGroupCommand({ logGroupName: "/none", tags: { a: "b" } })), "ResourceNotFoundException", /log group does not exist/);
  const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, "v"]));
  await rejectsWith(logs.send(new TagResourceCommand({ resourceArn: arn, tags: many })), "TooManyTagsException");
});

test("logs survive a restart, and deleting a group gives its space back", async () => {
  await groupWithStream("/durable", "s");
  const base = Date.now() - 30_000;
  const message = "y".repeat(1000);
  for (let b = 0; b < 5; b++) await put("/durable", "s", Array.from({ length: 1000 }, (_, i) => ({ timestamp: base + b * 1000 + i, message })));
  await t.stop();
  t = await startTestServer({ dataDir });
  logs.destroy();
  logs = client(t.url);
  const got = await logs.send(new GetLogEventsCommand({ logGroupName: "/durable", logStreamName: "s", limit: 3 }));
  assert.equal(got.events?.length, 3);
  const file = path.join(dataDir, LOGS_DATABASE_FILE);
  const before = statSync(file).size;
  await logs.send(new DeleteLogGroupCommand({ logGroupName: "/durable" }));
  const afterSize = statSync(file).size;
  assert.ok(afterSize < before - 3_000_000, `the log file went from ${before} to ${afterSize} bytes`);
});
