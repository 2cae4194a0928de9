import { test } from "node:test";
import assert from "node:assert/strict";
import { computeCompatibilities, fargateIssues, isEcrImage } from "./compatibilities.js";
import type { NormalizedTaskDefinition } from "./types.js";

const td = (extra: Partial<NormalizedTaskDefinition> = {}): NormalizedTaskDefinition => ({
  family: "app",
  containerDefinitions: [{ name: "web", image: "nginx", essential: true }],
  ...extra,
});
const awsvpc = (extra: Partial<NormalizedTaskDefinition> = {}) => td({ networkMode: "awsvpc", cpu: "256", memory: "512", ...extra });

test("bridge, host and none definitions run on EC2 and ECS Anywhere", () => {
  assert.deepEqual(computeCompatibilities(td()), ["EXTERNAL", "EC2"]);
  assert.deepEqual(computeCompatibilities(td({ networkMode: "host" })), ["EXTERNAL", "EC2"]);
  assert.deepEqual(computeCompatibilities(td({ networkMode: "none" })), ["EXTERNAL", "EC2"]);
});

test("an awsvpc definition with a Fargate size also runs on Fargate and Managed Instances", () => {
  assert.deepEqual(computeCompatibilities(awsvpc()), ["EC2", "FARGATE", "MANAGED_INSTANCES"]);
});

test("awsvpc without task size, or with a size Fargate lacks, is not Fargate-compatible", () => {
  assert.deepEqual(computeCompatibilities(td({ networkMode: "awsvpc" })), ["EC2", "MANAGED_INSTANCES"]);
  assert.deepEqual(computeCompatibilities(awsvpc({ cpu: "1024", memory: "1024" })), ["EC2", "MANAGED_INSTANCES"]);
});

test("features Fargate lacks take FARGATE out of compatibilities", () => {
  const notFargate = (d: NormalizedTaskDefinition) => assert.ok(!computeCompatibilities(d).includes("FARGATE"));
  notFargate(awsvpc({ placementConstraints: [{ type: "memberOf", expression: "x" }] }));
  notFargate(awsvpc({ containerDefinitions: [{ name: "w", image: "x", privileged: true }] }));
  notFargate(awsvpc({ containerDefinitions: [{ name: "w", image: "x", logConfiguration: { logDriver: "json-file" } }] }));
  notFargate(awsvpc({ containerDefinitions: [{ name: "w", image: "x", logConfiguration: { logDriver: "awslogs" } }] }));
  notFargate(awsvpc({ volumes: [{ name: "v", host: { sourcePath: "/data" } }] }));
  assert.ok(
    computeCompatibilities(awsvpc({ executionRoleArn: "arn:aws:iam::1:role/x", containerDefinitions: [{ name: "w", image: "x", logConfiguration: { logDriver: "awslogs" } }] })).includes("FARGATE"),
  );
});

test("Windows definitions are never EXTERNAL or MANAGED_INSTANCES", () => {
  const win = { runtimePlatform: { operatingSystemFamily: "WINDOWS_SERVER_2022_CORE" } };
  assert.deepEqual(computeCompatibilities(td(win)), ["EC2"]);
  assert.deepEqual(computeCompatibilities(awsvpc({ ...win, cpu: "1024", memory: "2048" })), ["EC2", "FARGATE"]);
});

test("fargateIssues lists the problems in ECS's reporting order", () => {
  assert.deepEqual(fargateIssues(td()), [
    "Fargate only supports network mode ‘awsvpc’.",
    "Fargate requires that 'cpu' be defined at the task level.",
    "Fargate requires that 'memory' be defined at the task level.",
  ]);
  assert.deepEqual(fargateIssues(awsvpc()), []);
});

test("ECR images are recognised by their registry host", () => {
  assert.ok(isEcrImage("123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:latest"));
  assert.ok(isEcrImage("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app@sha256:abc"));
  assert.ok(!isEcrImage("public.ecr.aws/nginx/nginx:latest"));
  assert.ok(!isEcrImage("nginx"));
});
