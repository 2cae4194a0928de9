import { test } from "node:test";
import assert from "node:assert/strict";
import { evaluate, parseQuery, QuerySyntaxError, type QuerySubject } from "./query-language.js";

const instance = (over: Partial<QuerySubject> = {}): QuerySubject => ({
  attributes: {
    "ecs.instance-type": "t2.small",
    "ecs.availability-zone": "us-east-1a",
    "ecs.os-type": "linux",
    "ecs.cpu-architecture": "x86_64",
    stack: "prod",
  },
  ec2InstanceId: "i-abcd1234",
  registeredAt: new Date("2018-02-01T10:00:00Z"),
  runningTasksCount: 1,
  agentConnected: true,
  agentVersion: "1.14.4",
  taskGroups: ["service:production"],
  ...over,
});

const matches = (query: string, subject: QuerySubject = instance()) => evaluate(parseQuery(query), subject);

function rejects(query: string, reason: RegExp, position?: number) {
  assert.throws(
    () => parseQuery(query),
    (e: unknown) => {
      assert.ok(e instanceof QuerySyntaxError, `not a QuerySyntaxError: ${String(e)}`);
      assert.match(e.message, reason);
      assert.match(e.message, /at position \d+/);
      if (position !== undefined) assert.equal(e.position, position);
      return true;
    },
  );
}

// The examples of the ECS Developer Guide, "Cluster query language" and "Task placement constraints".

test("docs example, string equality: attribute:ecs.instance-type == t2.small", () => {
  assert.equal(matches("attribute:ecs.instance-type == t2.small"), true);
  assert.equal(matches("attribute:ecs.instance-type == t2.small", instance({ attributes: { "ecs.instance-type": "t2.medium" } })), false);
});

test("docs example, argument list: attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", () => {
  const q = "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]";
  assert.equal(matches(q), true);
  assert.equal(matches(q, instance({ attributes: { "ecs.availability-zone": "us-east-1b" } })), true);
  assert.equal(matches(q, instance({ attributes: { "ecs.availability-zone": "us-east-1c" } })), false);
});

test("docs example, compound: G2 instances not in us-east-1d", () => {
  const q = "attribute:ecs.instance-type =~ g2.* and attribute:ecs.availability-zone != us-east-1d";
  const at = (type: string, az: string) => instance({ attributes: { "ecs.instance-type": type, "ecs.availability-zone": az } });
  assert.equal(matches(q, at("g2.2xlarge", "us-east-1a")), true);
  assert.equal(matches(q, at("g2.2xlarge", "us-east-1d")), false);
  assert.equal(matches(q, at("t2.small", "us-east-1a")), false);
});

test("docs example, task affinity: task:group == service:production means running a task of that group", () => {
  assert.equal(matches("task:group == service:production"), true);
  assert.equal(matches("task:group == service:production", instance({ taskGroups: ["family:web", "service:production"] })), true);
  assert.equal(matches("task:group == service:production", instance({ taskGroups: [] })), false);
});

test("docs example, task anti-affinity: not(task:group == database)", () => {
  assert.equal(matches("not(task:group == database)"), true);
  assert.equal(matches("not(task:group == database)", instance({ taskGroups: [] })), true);
  assert.equal(matches("not(task:group == database)", instance({ taskGroups: ["database"] })), false);
});

test("docs example, running task count: runningTasksCount == 1", () => {
  assert.equal(matches("runningTasksCount == 1"), true);
  assert.equal(matches("runningTasksCount == 1", instance({ runningTasksCount: 0 })), false);
});

test("docs example, agent version: agentVersion < 1.14.5 compares versions, not strings", () => {
  assert.equal(matches("agentVersion < 1.14.5"), true);
  assert.equal(matches("agentVersion < 1.14.5", instance({ agentVersion: "1.14.10" })), false);
  assert.equal(matches("agentVersion < 1.14.5", instance({ agentVersion: "1.9.0" })), true);
});

test("docs example, registration time: registeredAt < 2018-02-13", () => {
  assert.equal(matches("registeredAt < 2018-02-13"), true);
  assert.equal(matches("registeredAt < 2018-02-13", instance({ registeredAt: new Date("2018-02-13T00:00:01Z") })), false);
});

test("docs example, EC2 instance id: ec2InstanceId in ['i-abcd1234', 'i-wxyx7890'] (quoted values)", () => {
  assert.equal(matches("ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']"), true);
  assert.equal(matches("ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']", instance({ ec2InstanceId: "i-0000" })), false);
});

test("docs filter examples: built-in, custom, excluded value, several values, several attributes", () => {
  const g2 = instance({ attributes: { "ecs.instance-type": "g2.2xlarge", stack: "dev" } });
  assert.equal(matches("attribute:ecs.instance-type == g2.2xlarge", g2), true);
  assert.equal(matches("attribute:stack == prod"), true);
  assert.equal(matches("attribute:stack != prod"), false);
  assert.equal(matches("attribute:stack != prod", g2), true);
  assert.equal(matches("attribute:ecs.instance-type in [t2.small, t2.medium]"), true);
  assert.equal(matches("attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone == us-east-1a"), true);
});

test("docs constraint examples: attribute:ecs.instance-type =~ t2.* and task:group == databases", () => {
  assert.equal(matches("attribute:ecs.instance-type =~ t2.*"), true);
  assert.equal(matches("attribute:ecs.instance-type =~ t2.*", instance({ attributes: { "ecs.instance-type": "m5.large" } })), false);
  assert.equal(matches("task:group == databases", instance({ taskGroups: ["databases"] })), true);
});

// Operators and their spellings.

test("each operator has its word spelling", () => {
  assert.equal(matches("attribute:ecs.os-type equals linux"), true);
  assert.equal(matches("attribute:ecs.os-type not_equals windows"), true);
  assert.equal(matches("runningTasksCount greater_than 0"), true);
  assert.equal(matches("runningTasksCount greater_than_equal 1"), true);
  assert.equal(matches("runningTasksCount less_than 1"), false);
  assert.equal(matches("runningTasksCount less_than_equal 1"), true);
  assert.equal(matches("attribute:ecs.cpu-architecture matches x86.*"), true);
  assert.equal(matches("attribute:ecs.cpu-architecture not_matches arm.*"), true);
  assert.equal(matches("attribute:ecs.cpu-architecture not_in [arm64]"), true);
  assert.equal(matches("attribute:ecs.cpu-architecture !in [arm64, x86_64]"), false);
  assert.equal(matches("attribute:ecs.cpu-architecture !~ arm.*"), true);
});

test("exists, !exists and not_exists test whether an attribute is present, with or without a value", () => {
  const flagged = instance({ attributes: { "ecs.capability.external": undefined } });
  assert.equal(matches("attribute:ecs.capability.external exists", flagged), true);
  assert.equal(matches("attribute:ecs.capability.external exists"), false);
  assert.equal(matches("attribute:ecs.capability.external !exists"), true);
  assert.equal(matches("attribute:ecs.capability.external not_exists", flagged), false);
  assert.equal(matches("task:group exists", instance({ taskGroups: [] })), false);
});

test("an instance without the attribute matches neither == nor != on it", () => {
  const bare = instance({ attributes: {} });
  assert.equal(matches("attribute:stack == prod", bare), false);
  assert.equal(matches("attribute:stack != prod", bare), false);
  assert.equal(matches("attribute:stack not_in [prod]", bare), false);
  assert.equal(matches("not attribute:stack == prod", bare), true);
});

test("matches is a regular expression over the whole value", () => {
  assert.equal(matches("attribute:ecs.instance-type =~ t2"), false);
  assert.equal(matches("attribute:ecs.instance-type =~ 't2\\.(small|medium)'"), true);
  assert.equal(matches("ec2InstanceId =~ i-[a-f0-9]+"), true);
  assert.equal(matches("attribute:ecs.instance-type =~ m5.*|t2.*"), true);
  assert.equal(matches("(attribute:ecs.instance-type =~ t2.*)&&runningTasksCount==1"), true);
  assert.equal(matches("attribute:ecs.instance-type =~ 'matches' or attribute:stack =~ prod"), true);
});

test("registeredAt takes every documented date format", () => {
  for (const date of ["2018-06-18T22:28:28+00:00", "2018-06-18T22:28:28Z", "2018-06-18T22:28:28", "2018-06-18"]) {
    assert.equal(matches(`registeredAt >= ${date}`, instance({ registeredAt: new Date("2018-06-18T22:28:28Z") })), true, date);
  }
  assert.equal(matches("registeredAt > 2018-06-18T22:28:28+01:00", instance({ registeredAt: new Date("2018-06-18T22:00:00Z") })), true);
});

test("agentConnected compares true and false", () => {
  assert.equal(matches("agentConnected == false", instance({ agentConnected: false })), true);
  assert.equal(matches("agentConnected != true"), false);
});

test("agentVersion comparisons are false for an instance that reports no version", () => {
  assert.equal(matches("agentVersion < 9.0.0", instance({ agentVersion: undefined })), false);
});

test("custom attributes order numerically when both sides are numbers", () => {
  assert.equal(matches("attribute:gpus >= 10", instance({ attributes: { gpus: "9" } })), false);
  assert.equal(matches("attribute:gpus >= 10", instance({ attributes: { gpus: "12" } })), true);
  assert.equal(matches("attribute:tier > b", instance({ attributes: { tier: "c" } })), true);
});

// Combinators and precedence.

test("not binds tighter than and, and tighter than or", () => {
  const p = parseQuery("not runningTasksCount == 1 and agentConnected == true or task:group == x");
  assert.equal(p.kind, "or");
  assert.equal(p.kind === "or" && p.left.kind, "and");
  assert.equal(p.kind === "or" && p.left.kind === "and" && p.left.left.kind, "not");
  assert.equal(evaluate(p, instance()), false);
  assert.equal(evaluate(p, instance({ taskGroups: ["x"] })), true);
});

test("&&, ||, ! and parentheses mean the same as and, or, not", () => {
  assert.equal(matches("(runningTasksCount == 0 || agentConnected == true) && !(attribute:stack == dev)"), true);
  assert.equal(matches("(runningTasksCount == 0 or agentConnected == false) and not(attribute:stack == dev)"), false);
  assert.equal(matches("runningTasksCount == 0 or agentConnected == true and attribute:stack == prod"), true);
  assert.equal(matches("!attribute:missing exists"), true);
});

test("spaces around symbolic operators are optional", () => {
  assert.equal(matches("task:group==service:production&&runningTasksCount<=1"), true);
});

test("the parse result is a plain tree tagged by kind", () => {
  assert.deepEqual(parseQuery("attribute:stack == prod"), {
    kind: "compare", field: { kind: "attribute", name: "stack" }, operator: "==", value: "prod",
  });
  assert.deepEqual(parseQuery("task:group !in [a, b]"), {
    kind: "in", field: { kind: "task:group" }, negated: true, values: ["a", "b"],
  });
});

// Errors: each names the problem and where it is.

test("syntax errors say what was expected and where", () => {
  rejects("", /Empty expression/, 0);
  rejects("attribute:stack", /Expected an operator .* found end of expression/, 15);
  rejects("attribute:stack ==", /Expected a value/, 18);
  rejects("attribute:stack == prod and", /Expected a subject/);
  rejects("(attribute:stack == prod", /Expected '\)'/, 24);
  rejects("attribute:stack == prod)", /Expected 'and', 'or' or end/, 23);
  rejects("attribute:stack == prod attribute:x == y", /Expected 'and', 'or' or end/, 24);
  rejects("attribute:stack in prod", /Expected a list/);
  rejects("attribute:stack in [a,", /Expected a value/);
  rejects("attribute:stack in [a b]", /Expected ',' or ']'/);
  rejects("attribute:stack == 'prod", /Unterminated quoted value/, 19);
  rejects("attribute:stack = prod", /Unexpected character '='/, 16);
  rejects("attribute:stack ! prod", /Expected an operator/);
});

test("unknown subjects, bad attribute names and operators a subject does not take are rejected", () => {
  rejects("color == red", /Unknown subject 'color'/, 0);
  rejects("toString == x", /Unknown subject/);
  rejects("attribute: == x", /Invalid attribute name/);
  rejects("attribute:a*b == x", /Invalid attribute name/);
  rejects("ec2InstanceId > i-1", /Operator '>' is not valid for ec2InstanceId/);
  rejects("runningTasksCount =~ 1.*", /not valid for runningTasksCount/);
  rejects("agentVersion in [1.0.0]", /not valid for agentVersion/);
  rejects("attribute:stack toString x", /Expected an operator/);
});

test("values are checked against the subject's type", () => {
  rejects("runningTasksCount > many", /Invalid value 'many' for runningTasksCount: expected a whole number/, 20);
  rejects("registeredAt < yesterday", /expected a date/);
  rejects("registeredAt < 2018-13-45", /expected a date/);
  rejects("agentVersion < latest", /expected a version/);
  rejects("agentConnected == yes", /expected true or false/);
  rejects("attribute:x =~ 't2.('", /Invalid pattern/);
});

test("an expression longer than 2000 characters is rejected, 2000 is accepted", () => {
  const clause = "attribute:stack == prod";
  let ok = clause;
  while (ok.length + " or ".length + clause.length <= 2000) ok += ` or ${clause}`;
  const exact = ok + " ".repeat(2000 - ok.length);
  assert.equal(exact.length, 2000);
  assert.equal(matches(exact), true);
  rejects(exact + " ", /longer than 2000 characters/);
});
