import { test } from "node:test";
import assert from "node:assert/strict";
import { AwsError } from "../../../errors.js";
import { checkFargateRequest, checkFargateTask } from "./fargate-checks.js";

const refused = (fn: () => unknown, code: string, message: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof AwsError && e.code === code && message.test(e.message));

test("the platform version: none or LATEST is 1.4.0, known versions are kept, others are PlatformUnknownException", () => {
  assert.equal(checkFargateRequest({}), "1.4.0");
  assert.equal(checkFargateRequest({ platformVersion: "LATEST" }), "1.4.0");
  assert.equal(checkFargateRequest({ platformVersion: "1.3.0" }), "1.3.0");
  refused(() => checkFargateRequest({ platformVersion: "9.9.9" }), "PlatformUnknownException", /^The specified platform version doesn't exist\.$/);
});

test("placement constraints and strategies are refused on Fargate", () => {
  refused(() => checkFargateRequest({ placementConstraints: [{ type: "distinctInstance" }] }), "InvalidParameterException", /^Placement constraints are not supported with FARGATE launch type\.$/);
  refused(() => checkFargateRequest({ placementStrategy: [{ type: "random" }] }), "InvalidParameterException", /^Placement strategies are not supported with FARGATE launch type\.$/);
  assert.equal(checkFargateRequest({ placementConstraints: [], placementStrategy: [] }), "1.4.0");
});

test("the task size after overrides must be a Fargate size", () => {
  assert.equal(checkFargateTask({ networkMode: "awsvpc", cpu: 256, memory: 512 }, "1.4.0"), 20);
  refused(
    () => checkFargateTask({ networkMode: "awsvpc", cpu: 1024, memory: 1024 }, "1.4.0"),
    "ClientException",
    /^No Fargate configuration exists for given values: 1024 CPU, 1024 memory\. See the Amazon ECS documentation for the valid values\.$/,
  );
  refused(() => checkFargateTask({ networkMode: "bridge", cpu: 256, memory: 512 }, "1.4.0"), "InvalidParameterException", /^Task definition does not support launch_type FARGATE\.$/);
});

test("8 vCPU needs platform 1.4.0", () => {
  assert.equal(checkFargateTask({ networkMode: "awsvpc", cpu: 8192, memory: 16384 }, "1.4.0"), 20);
  refused(() => checkFargateTask({ networkMode: "awsvpc", cpu: 8192, memory: 16384 }, "1.3.0"), "PlatformTaskDefinitionIncompatibilityException", /platform version/);
});

test("ephemeral storage: the override's, else the definition's, else 20 GiB; an override outside 21..200 is refused", () => {
  const base = { networkMode: "awsvpc", cpu: 256, memory: 512 };
  assert.equal(checkFargateTask({ ...base, definitionEphemeralStorage: { sizeInGiB: 50 } }, "1.4.0"), 50);
  assert.equal(checkFargateTask({ ...base, definitionEphemeralStorage: { sizeInGiB: 50 }, overrideEphemeralStorage: { sizeInGiB: 100 } }, "1.4.0"), 100);
  refused(() => checkFargateTask({ ...base, overrideEphemeralStorage: { sizeInGiB: 500 } }, "1.4.0"), "InvalidParameterException", /ephemeralStorage/);
});
