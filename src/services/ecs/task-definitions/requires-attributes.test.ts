import { test } from "node:test";
import assert from "node:assert/strict";
import { computeRequiresAttributes } from "./requires-attributes.js";
import type { NormalizedTaskDefinition } from "./types.js";

const names = (td: NormalizedTaskDefinition) => computeRequiresAttributes(td).map((a) => a.name).sort();
const td = (extra: Partial<NormalizedTaskDefinition>): NormalizedTaskDefinition => ({ family: "app", containerDefinitions: [{ name: "web", image: "nginx" }], ...extra });

test("a plain bridge definition needs nothing", () => {
  assert.deepEqual(names(td({})), []);
});

test("reproduces a real Fargate definition's requiresAttributes (ECR image, execution role, awslogs, memoryReservation)", () => {
  const real = td({
    networkMode: "awsvpc",
    executionRoleArn: "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
    cpu: "1024",
    memory: "2048",
    containerDefinitions: [
      {
        name: "app",
        image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:3b83",
        logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/agent" } },
      },
      { name: "redis", image: "redis:latest", essential: false, memoryReservation: 1024, logConfiguration: { logDriver: "awslogs" } },
    ],
  });
  assert.deepEqual(
    names(real),
    [
      "com.amazonaws.ecs.capability.logging-driver.awslogs",
      "ecs.capability.execution-role-awslogs",
      "com.amazonaws.ecs.capability.ecr-auth",
      "com.amazonaws.ecs.capability.docker-remote-api.1.19",
      "com.amazonaws.ecs.capability.docker-remote-api.1.21",
      "ecs.capability.execution-role-ecr-pull",
      "com.amazonaws.ecs.capability.docker-remote-api.1.18",
      "ecs.capability.task-eni",
      "com.amazonaws.ecs.capability.docker-remote-api.1.29",
    ].sort(),
  );
});

test("task role, health check, ordering, secrets and privileged map to their capabilities", () => {
  const got = names(
    td({
      networkMode: "host",
      taskRoleArn: "arn:aws:iam::1:role/task",
      containerDefinitions: [
        {
          name: "web",
          image: "nginx",
          privileged: true,
          healthCheck: { command: ["CMD", "true"] },
          dependsOn: [{ containerName: "side", condition: "START" }],
          secrets: [
            { name: "A", valueFrom: "arn:aws:ssm:us-east-1:1:parameter/a" },
            { name: "B", valueFrom: "arn:aws:secretsmanager:us-east-1:1:secret:b" },
          ],
        },
        { name: "side", image: "busybox", user: "nobody" },
      ],
    }),
  );
  for (const want of [
    "com.amazonaws.ecs.capability.task-iam-role",
    "com.amazonaws.ecs.capability.task-iam-role-network-host",
    "com.amazonaws.ecs.capability.privileged-container",
    "ecs.capability.container-health-check",
    "ecs.capability.container-ordering",
    "ecs.capability.secrets.ssm.environment-variables",
    "ecs.capability.secrets.asm.environment-variables",
    "com.amazonaws.ecs.capability.docker-remote-api.1.17",
  ]) {
    assert.ok(got.includes(want), `missing ${want} in ${got.join(", ")}`);
  }
});

test("volumes, pid/ipc sharing and App Mesh proxies need their capabilities", () => {
  const got = names(
    td({
      pidMode: "task",
      proxyConfiguration: { type: "APPMESH", containerName: "web" },
      volumes: [
        { name: "efs", efsVolumeConfiguration: { fileSystemId: "fs-1", authorizationConfig: { iam: "ENABLED" } } },
        { name: "d", dockerVolumeConfiguration: { driver: "rexray/ebs" } },
      ],
    }),
  );
  assert.deepEqual(got, [
    "com.amazonaws.ecs.capability.docker-remote-api.1.25",
    "ecs.capability.aws-appmesh",
    "ecs.capability.docker-plugin.rexray/ebs",
    "ecs.capability.efs",
    "ecs.capability.efsAuth",
    "ecs.capability.pid-ipc-namespace-sharing",
  ]);
});

test("each attribute appears once", () => {
  const two = td({ containerDefinitions: [1, 2].map((i) => ({ name: `c${i}`, image: "x", logConfiguration: { logDriver: "awslogs" } })) });
  assert.equal(computeRequiresAttributes(two).length, new Set(names(two)).size);
});
