import { test } from "node:test";
import assert from "node:assert/strict";
import { validateRegistration } from "./validate.js";
import type { ContainerDefinition, RegisterTaskDefinitionRequest } from "./types.js";

const web: ContainerDefinition = { name: "web", image: "nginx", memory: 128 };
const req = (extra: Partial<RegisterTaskDefinitionRequest> = {}): RegisterTaskDefinitionRequest => ({ family: "app", containerDefinitions: [web], ...extra });
const fargate = (extra: Partial<RegisterTaskDefinitionRequest> = {}) =>
  req({ requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "256", memory: "512", ...extra });
const rejects = (input: RegisterTaskDefinitionRequest, message: RegExp, code = "ClientException") =>
  assert.throws(() => validateRegistration(input), (e: Error) => {
    assert.equal(e.name, code);
    assert.match(e.message, message);
    return true;
  });

test("a minimal EC2 definition is normalised with ECS's task-level defaults", () => {
  const out = validateRegistration(req());
  assert.deepEqual(out.volumes, []);
  assert.deepEqual(out.placementConstraints, []);
  assert.equal(out.networkMode, undefined, "networkMode is only echoed when given");
  assert.equal(out.containerDefinitions[0]!.essential, true);
  assert.equal("tags" in out, false);
});

test("task cpu and memory are normalised to units and MiB", () => {
  const out = validateRegistration(req({ cpu: "1 vCPU", memory: "2GB" }));
  assert.equal(out.cpu, "1024");
  assert.equal(out.memory, "2048");
});

test("bad task cpu or memory strings are ECS's ClientException", () => {
  rejects(req({ cpu: "lots" }), /^Invalid 'cpu' setting for task\.$/);
  rejects(req({ memory: "1 TB" }), /^Invalid 'memory' setting for task\.$/);
});

test("family names follow ECS's rules", () => {
  rejects(req({ family: "" }), /^Family can not be blank\.$/);
  rejects(req({ family: "my app" }), /^Family contains invalid characters\.$/);
  rejects(req({ family: "a".repeat(256) }), /at most 255/);
  validateRegistration(req({ family: "a".repeat(255) }));
});

test("container count is 1..10", () => {
  rejects(req({ containerDefinitions: [] }), /^Container list cannot be empty\.$/);
  const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `c${i}`, image: "x", memory: 8 }));
  rejects(req({ containerDefinitions: eleven }), /^Too many containers\.$/);
  validateRegistration(req({ containerDefinitions: eleven.slice(0, 10) }));
});

test("a definition over 64 KiB is refused with ECS's length message", () => {
  const big = { ...web, environment: [{ name: "BIG", value: "x".repeat(66000) }] };
  rejects(req({ containerDefinitions: [big] }), /^Actual length: '\d+'\. Max allowed length is '65536' bytes\.$/);
});

test("at least one container must be essential", () => {
  rejects(req({ containerDefinitions: [{ ...web, essential: false }] }), /^Task definition doesn't have any essential container\.$/);
});

test("FARGATE requires awsvpc, task cpu and memory, and a valid size", () => {
  rejects(fargate({ networkMode: "bridge" }), /^Fargate only supports network mode ‘awsvpc’\.$/);
  rejects(fargate({ networkMode: undefined }), /network mode ‘awsvpc’/);
  rejects(fargate({ cpu: undefined }), /^Fargate requires that 'cpu' be defined at the task level\.$/);
  rejects(fargate({ memory: undefined }), /^Fargate requires that 'memory' be defined at the task level\.$/);
  rejects(fargate({ cpu: "1024", memory: "1024" }), /^No Fargate configuration exists for given values: 1024 CPU, 1024 memory\./);
  rejects(fargate({ cpu: "1 vCPU", memory: "1GB" }), /given values: 1024 CPU, 1024 memory/);
  validateRegistration(fargate({ cpu: "1 vCPU", memory: "2GB" }));
});

test("FARGATE refuses what Fargate can't run", () => {
  rejects(fargate({ placementConstraints: [{ type: "memberOf", expression: "attribute:x == y" }] }), /^Fargate does not support task placement constraints\.$/);
  rejects(fargate({ volumes: [{ name: "v", host: { sourcePath: "/data" } }] }), /^host\.sourcePath should not be set for volumes in Fargate\.$/);
  rejects(
    fargate({ containerDefinitions: [{ ...web, logConfiguration: { logDriver: "awslogs", options: {} } }] }),
    /^Fargate requires task definition to have execution role ARN to support log driver awslogs\.$/,
  );
  rejects(
    fargate({ containerDefinitions: [{ ...web, image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1" }] }),
    /execution role ARN to support ECR images/,
  );
  rejects(fargate({ containerDefinitions: [{ ...web, privileged: true }] }), /privileged/);
});

test("Fargate checks come before container memory checks, as ECS reports them", () => {
  rejects(fargate({ cpu: undefined, containerDefinitions: [{ name: "web", image: "x" }] }), /'cpu' be defined at the task level/);
});

test("task memory makes container memory optional; containers must fit in the task", () => {
  validateRegistration(req({ memory: "512", containerDefinitions: [{ name: "web", image: "x" }] }));
  rejects(req({ memory: "512", containerDefinitions: [{ ...web, memory: 1024 }] }), /greater than for the task/);
});

test("port rules depend on the network mode", () => {
  const withPort = (networkMode: RegisterTaskDefinitionRequest["networkMode"], hostPort?: number) =>
    req({ networkMode, containerDefinitions: [{ ...web, portMappings: [{ containerPort: 80, ...(hostPort !== undefined && { hostPort }) }] }] });
  assert.equal(validateRegistration(withPort("awsvpc")).containerDefinitions[0]!.portMappings![0]!.hostPort, 80);
  rejects(withPort("awsvpc", 81), /When networkMode=awsvpc, the host ports and container ports in port mappings must match\./);
  rejects(withPort("host", 81), /When networkMode=host/);
  assert.equal(validateRegistration(withPort("bridge", 8080)).containerDefinitions[0]!.portMappings![0]!.hostPort, 8080);
});

test("dependsOn is checked against the task's containers", () => {
  rejects(req({ containerDefinitions: [{ ...web, dependsOn: [{ containerName: "db", condition: "START" }] }] }), /Cannot depend on container \+ 'db'/);
});

test("requiring EXTERNAL with awsvpc is refused; EXTERNAL with bridge is fine", () => {
  rejects(req({ networkMode: "awsvpc", requiresCompatibilities: ["EXTERNAL"] }), /does not support launch_type EXTERNAL/);
  validateRegistration(req({ requiresCompatibilities: ["EXTERNAL", "EC2"] }));
});

test("ephemeralStorage is 21..200 GiB", () => {
  rejects(fargate({ ephemeralStorage: { sizeInGiB: 20 } }), /ephemeralStorage/);
  validateRegistration(fargate({ ephemeralStorage: { sizeInGiB: 21 } }));
});

test("a mount point must name one of the task's volumes", () => {
  const mounting = { ...web, mountPoints: [{ sourceVolume: "data", containerPath: "/d" }] };
  rejects(req({ containerDefinitions: [mounting] }), /^Unknown volume 'data'\.$/);
  const ok = validateRegistration(req({ containerDefinitions: [mounting], volumes: [{ name: "data" }] }));
  assert.equal(ok.containerDefinitions[0]!.mountPoints?.length, 1);
});
