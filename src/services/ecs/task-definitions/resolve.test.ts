import { test } from "node:test";
import assert from "node:assert/strict";
import { parseReference } from "./resolve.js";

const scope = { region: "us-east-1", accountId: "000000000000" };

test("a bare family, family:revision and a local ARN parse to what they name", () => {
  assert.deepEqual(parseReference(scope, "web"), { kind: "family", family: "web" });
  assert.deepEqual(parseReference(scope, "web:3"), { kind: "revision", family: "web", revision: 3 });
  assert.deepEqual(parseReference(scope, "arn:aws:ecs:us-east-1:000000000000:task-definition/web:7"), { kind: "revision", family: "web", revision: 7 });
  assert.deepEqual(parseReference(scope, "arn:aws:ecs:us-east-1:000000000000:task-definition/web"), { kind: "family", family: "web" });
});

test("another region's or account's ARN, or a bad family, names nothing here", () => {
  assert.deepEqual(parseReference(scope, "arn:aws:ecs:eu-west-1:000000000000:task-definition/web:1"), { kind: "nowhere" });
  assert.deepEqual(parseReference(scope, "arn:aws:ecs:us-east-1:111111111111:task-definition/web:1"), { kind: "nowhere" });
  assert.deepEqual(parseReference(scope, "arn:aws:ecs:us-east-1:000000000000:cluster/web"), { kind: "nowhere" });
  assert.deepEqual(parseReference(scope, "we b:1"), { kind: "nowhere" });
});

test("a revision that isn't a number is ECS's InvalidParameterException", () => {
  assert.throws(() => parseReference(scope, "web:latest"), (e: Error) => e.name === "InvalidParameterException" && e.message === "Invalid revision number. Number: latest");
  assert.throws(() => parseReference(scope, "web:0"), /Invalid revision number\. Number: 0/);
});
