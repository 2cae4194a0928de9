/**
 * StartLiveTail through @aws-sdk/client-cloudwatch-logs (an event-stream response): the session
 * starts, events written with PutLogEvents afterwards arrive in sessionUpdate frames, filtered by
 * stream name, stream prefix and filter pattern; bad input gets CloudWatch Logs' errors. The SDK
 * sends the call to a `stream-` prefixed host, so the client turns host prefixes off.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  PutLogEventsCommand,
  StartLiveTailCommand,
  type StartLiveTailResponseStream,
} from "@aws-sdk/client-cloudwatch-logs";
import { TEST_CREDENTIALS, rejectsWith, startTestServer, type TestServer } from "./harness.js";

let t: TestServer;
let logs: CloudWatchLogsClient;

before(async () => {
  t = await startTestServer();
  logs = new CloudWatchLogsClient({ endpoint: t.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1, disableHostPrefix: true });
  for (const g of ["/tail/a", "/tail/b"]) {
    await logs.send(new CreateLogGroupCommand({ logGroupName: g }));
    for (const s of ["web/1", "web/2", "worker/1"]) await logs.send(new CreateLogStreamCommand({ logGroupName: g, logStreamName: s }));
  }
});
after(async () => {
  logs.destroy();
  await t.stop();
});

const arn = (g: string) => `arn:aws:logs:us-east-1:000000000000:log-group:${g}`;
const put = (group: string, stream: string, ...messages: string[]) =>
  logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: messages.map((message) => ({ timestamp: Date.now(), message })) }));

/** Reads the session's frames until `enough` says so (or 20 s pass), then closes it. */
async function tail(input: ConstructorParameters<typeof StartLiveTailCommand>[0], write: () => Promise<unknown>, enough: (got: string[]) => boolean) {
  const abort = new AbortController();
  const res = await logs.send(new StartLiveTailCommand(input), { abortSignal: abort.signal });
  const got: string[] = [];
  let start: StartLiveTailResponseStream["sessionStart"];
  const timer = setTimeout(() => abort.abort(), 20_000);
  try {
    for await (const frame of res.responseStream!) {
      if (frame.sessionStart) {
        start = frame.sessionStart;
        await write();
      }
      for (const e of frame.sessionUpdate?.sessionResults ?? []) got.push(`${e.logGroupIdentifier}|${e.logStreamName}|${e.message}`);
      if (enough(got)) break;
    }
  } catch (e) {
    if (!abort.signal.aborted) throw e;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return { start, got };
}

test("a session starts, then carries the events written after it, from every group it tails", async () => {
  await put("/tail/a", "web/1", "before the session");
  const { start, got } = await tail(
    { logGroupIdentifiers: [arn("/tail/a"), arn("/tail/b")] },
    async () => {
      await put("/tail/a", "web/1", "a one", "a two");
      await put("/tail/b", "worker/1", "b one");
    },
    (g) => g.length >= 3,
  );
  assert.deepEqual(start?.logGroupIdentifiers, [arn("/tail/a"), arn("/tail/b")]);
  assert.match(start?.sessionId ?? "", /^[0-9a-f-]{36}$/);
  assert.deepEqual(got.sort(), [`${arn("/tail/a")}|web/1|a one`, `${arn("/tail/a")}|web/1|a two`, `${arn("/tail/b")}|worker/1|b one`]);
});

test("stream names, stream prefixes and the filter pattern narrow what arrives", async () => {
  const byPrefix = await tail(
    { logGroupIdentifiers: [arn("/tail/a")], logStreamNamePrefixes: ["web/"], logEventFilterPattern: "ERROR" },
    async () => {
      await put("/tail/a", "worker/1", "ERROR not this stream");
      await put("/tail/a", "web/2", "INFO not this pattern", "ERROR yes");
      await put("/tail/a", "web/1", "ERROR yes too");
    },
    (g) => g.length >= 2,
  );
  assert.deepEqual(byPrefix.got.sort(), [`${arn("/tail/a")}|web/1|ERROR yes too`, `${arn("/tail/a")}|web/2|ERROR yes`]);
  const byName = await tail(
    { logGroupIdentifiers: [arn("/tail/b")], logStreamNames: ["web/2"], logEventFilterPattern: '{ $.level = "error" }' },
    async () => {
      await put("/tail/b", "web/1", '{"level":"error","n":1}');
      await put("/tail/b", "web/2", '{"level":"info","n":2}', '{"level":"error","n":3}');
    },
    (g) => g.length >= 1,
  );
  assert.deepEqual(byName.got, [`${arn("/tail/b")}|web/2|{"level":"error","n":3}`]);
});

test("bad input gets CloudWatch Logs' errors", async () => {
  await rejectsWith(logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [arn("/tail/missing")] })), "ResourceNotFoundException", /log group does not exist/);
  await rejectsWith(
    logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [arn("/tail/a"), arn("/tail/b")], logStreamNames: ["web/1"] })),
    "InvalidParameterException",
    /Only one log group/,
  );
  await rejectsWith(
    logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [arn("/tail/a")], logStreamNames: ["web/1"], logStreamNamePrefixes: ["web"] })),
    "InvalidParameterException",
    /mutually exclusive/,
  );
  await rejectsWith(logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [arn("/tail/a")], logEventFilterPattern: '{ $.x = "' })), "InvalidParameterException", /Invalid filter pattern/);
});
