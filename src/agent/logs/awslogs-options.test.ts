import { test } from "node:test";
import assert from "node:assert/strict";
import { awslogsOptions } from "./options.js";
import { datetimeFormatPattern } from "./datetime-format.js";
import { MultilineAssembler } from "./multiline.js";
import { advance, decodeCursor, encodeCursor } from "./cursor.js";

const arn = "arn:aws:ecs:us-east-1:000000000000:task/default/0123456789abcdef0123456789abcdef";
const def = (options?: Record<string, string>, logDriver = "awslogs") => ({ name: "web", image: "x", logConfiguration: { logDriver, options } });

test("the stream is <prefix>/<container>/<task id>, or left to the container id without a prefix", () => {
  const withPrefix = awslogsOptions(def({ "awslogs-group": "/ecs/app", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "ecs" }), arn);
  assert.deepEqual(withPrefix, {
    kind: "awslogs",
    target: { region: "us-east-1", group: "/ecs/app", stream: "ecs/web/0123456789abcdef0123456789abcdef", createGroup: false, multiline: undefined },
  });
  const without = awslogsOptions(def({ "awslogs-group": "/ecs/app", "awslogs-create-group": "true" }), arn);
  assert.equal(without.kind === "awslogs" && without.target.stream, undefined);
  assert.equal(without.kind === "awslogs" && without.target.createGroup, true);
  assert.deepEqual(awslogsOptions(def({}, "json-file"), arn), { kind: "none" });
});

test("bad awslogs options fail the container with a ResourceInitializationError", () => {
  const cases: Record<string, string>[] = [{}, { "awslogs-group": "g", "awslogs-create-group": "yes" }, { "awslogs-group": "g", "awslogs-multiline-pattern": "(", }, { "awslogs-group": "g", "awslogs-multiline-pattern": "^a", "awslogs-datetime-format": "%Y" }];
  for (const options of cases) {
    const o = awslogsOptions(def(options), arn);
    assert.equal(o.kind, "invalid", JSON.stringify(options));
    assert.match(o.kind === "invalid" ? o.reason : "", /^ResourceInitializationError: failed to validate logger args: /);
  }
});

test("awslogs-datetime-format becomes an anchored start-of-event pattern", () => {
  const re = datetimeFormatPattern("%Y-%m-%d %H:%M:%S");
  assert.ok(re.test("2024-02-29 13:45:01 started"));
  assert.ok(!re.test("  at Foo.bar(Foo.java:12)"));
  assert.ok(!re.test("x 2024-02-29 13:45:01"));
  assert.ok(datetimeFormatPattern("[%b %d, %Y %H:%M:%S]").test("[Feb 01, 2024 10:00:00] x"));
});

test("multiline: a start line begins an event, other lines join it; without a pattern each line is one", () => {
  const m = new MultilineAssembler(/^\d{4}-/);
  const c = (n: number) => ({ ms: 1, count: n });
  assert.deepEqual(m.push("2024-01-01 boom", 10, c(1)), []);
  assert.deepEqual(m.push("  at a", 11, c(2)), []);
  assert.deepEqual(m.push("2024-01-01 next", 12, c(3)), [{ timestamp: 10, message: "2024-01-01 boom\n  at a", end: c(2) }]);
  assert.deepEqual(m.flush(), [{ timestamp: 12, message: "2024-01-01 next", end: c(3) }]);
  assert.equal(m.hasPending, false);
  assert.deepEqual(new MultilineAssembler().push("a", 5, c(1)), [{ timestamp: 5, message: "a", end: c(1) }]);
});

test("the cursor counts the lines shipped at its millisecond", () => {
  let c = advance(undefined, 5);
  c = advance(c, 5);
  assert.deepEqual(c, { ms: 5, count: 2 });
  assert.deepEqual(advance(c, 6), { ms: 6, count: 1 });
  assert.deepEqual(decodeCursor(encodeCursor(c)), c);
  assert.equal(decodeCursor("nope"), undefined);
  assert.equal(decodeCursor(undefined), undefined);
});
