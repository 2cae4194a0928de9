/** Task definitions through @aws-sdk/client-ecs against a live server: every action, ECS's checks and defaults. */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeTaskDefinitionCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionFamiliesCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  type ContainerDefinition,
  type ListTaskDefinitionFamiliesCommandInput,
  type ListTaskDefinitionsCommandInput,
  type RegisterTaskDefinitionCommandInput,
} from "@aws-sdk/client-ecs";
import { useTestServer } from "./harness.js";

const env = useTestServer();

const ACCOUNT = "000000000000";
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
const tdArn = (family: string, revision: number, region = "us-east-1") => `arn:aws:ecs:${region}:${ACCOUNT}:task-definition/${family}:${revision}`;

const rejectsWith = (p: Promise<unknown>, name: string, message: RegExp) =>
  assert.rejects(p, (e: Error) => {
    assert.equal(e.name, name, e.message);
    assert.match(e.message, message);
    return true;
  });

const web: ContainerDefinition = { name: "web", image: "nginx:1.27", memory: 128 };
const register = (family: string, extra: Partial<RegisterTaskDefinitionCommandInput> = {}, client = env.ecs) =>
  client.send(new RegisterTaskDefinitionCommand({ family, containerDefinitions: [web], ...extra }));
const describeTd = (taskDefinition: string, client = env.ecs) => client.send(new DescribeTaskDefinitionCommand({ taskDefinition }));

async function listAll(input: ListTaskDefinitionsCommandInput, client = env.ecs): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListTaskDefinitionsCommand({ ...input, nextToken }));
    arns.push(...page.taskDefinitionArns!);
    nextToken = page.nextToken;
  } while (nextToken);
  return arns;
}

async function familiesAll(input: ListTaskDefinitionFamiliesCommandInput): Promise<string[]> {
  const out: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await env.ecs.send(new ListTaskDefinitionFamiliesCommand({ ...input, nextToken }));
    out.push(...page.families!);
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}

describe("RegisterTaskDefinition", () => {
  test("a minimal definition gets revision 1 and the defaults real ECS fills in", async () => {
    const before = Date.now();
    const { taskDefinition: td, tags } = await register("minimal");
    assert.equal(td!.taskDefinitionArn, tdArn("minimal", 1));
    assert.equal(td!.family, "minimal");
    assert.equal(td!.revision, 1);
    assert.equal(td!.status, "ACTIVE");
    assert.deepEqual(td!.containerDefinitions, [
      { name: "web", image: "nginx:1.27", memory: 128, cpu: 0, essential: true, portMappings: [], environment: [], mountPoints: [], volumesFrom: [] },
    ]);
    assert.deepEqual(td!.volumes, []);
    assert.deepEqual(td!.placementConstraints, []);
    assert.deepEqual(td!.compatibilities, ["EXTERNAL", "EC2"]);
    assert.deepEqual(td!.requiresAttributes, []);
    assert.equal(td!.networkMode, undefined, "networkMode is echoed only when given");
    assert.equal(td!.requiresCompatibilities, undefined);
    assert.equal(td!.registeredBy, ROOT);
    assert.ok(td!.registeredAt instanceof Date);
    assert.ok(td!.registeredAt.getTime() >= before - 1000 && td!.registeredAt.getTime() <= Date.now() + 1000);
    assert.deepEqual(tags, []);
  });

  test("a rich container definition is stored and echoed verbatim, by Register and by Describe", async () => {
    const rich: ContainerDefinition = {
      name: "app",
      image: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2.3",
      cpu: 256,
      memory: 512,
      memoryReservation: 256,
      essential: true,
      command: ["node", "server.js"],
      entryPoint: ["/usr/bin/env"],
      workingDirectory: "/srv",
      user: "1000:1000",
      environment: [{ name: "MODE", value: "prod" }],
      environmentFiles: [{ value: "arn:aws:s3:::bucket/app.env", type: "s3" }],
      secrets: [
        { name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf" },
        { name: "API_KEY", valueFrom: "arn:aws:ssm:us-east-1:123456789012:parameter/api-key" },
      ],
      portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: "tcp", name: "http", appProtocol: "http" }],
      mountPoints: [{ sourceVolume: "data", containerPath: "/data", readOnly: false }],
      volumesFrom: [],
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": "/ecs/app", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "ecs" },
        secretOptions: [],
      },
      healthCheck: { command: ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"], interval: 10, timeout: 3, retries: 2, startPeriod: 15 },
      dependsOn: [{ containerName: "init", condition: "SUCCESS" }],
      ulimits: [{ name: "nofile", softLimit: 65536, hardLimit: 65536 }],
      linuxParameters: { initProcessEnabled: true, capabilities: { add: ["SYS_PTRACE"], drop: ["NET_RAW"] }, tmpfs: [{ containerPath: "/tmp", size: 64, mountOptions: ["rw"] }] },
      dockerLabels: { team: "payments" },
      readonlyRootFilesystem: true,
      stopTimeout: 30,
      startTimeout: 60,
      systemControls: [{ namespace: "net.core.somaxconn", value: "1024" }],
      restartPolicy: { enabled: true, ignoredExitCodes: [0], restartAttemptPeriod: 60 },
    };
    const init: ContainerDefinition = { name: "init", image: "busybox", essential: false, memory: 32, command: ["true"] };
    const input: RegisterTaskDefinitionCommandInput = {
      family: "rich",
      taskRoleArn: "arn:aws:iam::123456789012:role/app",
      executionRoleArn: "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
      networkMode: "awsvpc",
      containerDefinitions: [rich, init],
      volumes: [{ name: "data", efsVolumeConfiguration: { fileSystemId: "fs-12345678", rootDirectory: "/", transitEncryption: "ENABLED" } }],
      requiresCompatibilities: ["FARGATE"],
      cpu: "1 vCPU",
      memory: "2GB",
      runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" },
      ephemeralStorage: { sizeInGiB: 30 },
      pidMode: "task",
      enableFaultInjection: false,
    };
    const { taskDefinition: td } = await env.ecs.send(new RegisterTaskDefinitionCommand(input));
    for (const got of [td!, (await describeTd("rich:1")).taskDefinition!]) {
      const app = got.containerDefinitions![0]!;
      for (const key of Object.keys(rich) as (keyof ContainerDefinition)[]) assert.deepEqual(app[key], rich[key], key);
      assert.deepEqual(got.containerDefinitions![1], { ...init, cpu: 0, portMappings: [], environment: [], mountPoints: [], volumesFrom: [] });
      assert.equal(got.cpu, "1024", "1 vCPU is stored as units");
      assert.equal(got.memory, "2048", "2GB is stored as MiB");
      for (const key of ["taskRoleArn", "executionRoleArn", "networkMode", "volumes", "requiresCompatibilities", "runtimePlatform", "ephemeralStorage", "pidMode", "enableFaultInjection"] as const) {
        assert.deepEqual(got[key], input[key], key);
      }
      assert.deepEqual(got.compatibilities, ["EC2", "FARGATE", "MANAGED_INSTANCES"]);
      const attrs = got.requiresAttributes!.map((a) => a.name);
      for (const want of [
        "com.amazonaws.ecs.capability.logging-driver.awslogs",
        "ecs.capability.execution-role-awslogs",
        "com.amazonaws.ecs.capability.ecr-auth",
        "ecs.capability.execution-role-ecr-pull",
        "com.amazonaws.ecs.capability.task-iam-role",
        "ecs.capability.task-eni",
        "ecs.capability.container-health-check",
        "ecs.capability.container-ordering",
        "ecs.capability.secrets.asm.environment-variables",
        "ecs.capability.secrets.ssm.environment-variables",
        "ecs.capability.efs",
        "ecs.capability.env-files.s3",
        "ecs.capability.pid-ipc-namespace-sharing",
        "com.amazonaws.ecs.capability.docker-remote-api.1.21",
      ]) {
        assert.ok(attrs.includes(want), `requiresAttributes lacks ${want}: ${attrs.join(", ")}`);
      }
    }
  });

  test("health checks get ECS's default interval, timeout and retries", async () => {
    const { taskDefinition: td } = await register("health", { containerDefinitions: [{ ...web, healthCheck: { command: ["CMD", "true"] } }] });
    assert.deepEqual(td!.containerDefinitions![0]!.healthCheck, { command: ["CMD", "true"], interval: 30, timeout: 5, retries: 3 });
  });

  test("in awsvpc mode a port mapping without hostPort gets hostPort = containerPort, and protocol tcp", async () => {
    const { taskDefinition: td } = await register("ports-awsvpc", {
      networkMode: "awsvpc",
      containerDefinitions: [{ ...web, portMappings: [{ containerPort: 80 }, { containerPort: 53, protocol: "udp" }] }],
    });
    assert.deepEqual(td!.containerDefinitions![0]!.portMappings, [
      { containerPort: 80, hostPort: 80, protocol: "tcp" },
      { containerPort: 53, hostPort: 53, protocol: "udp" },
    ]);
    assert.deepEqual(td!.compatibilities, ["EC2", "MANAGED_INSTANCES"], "no task size: not Fargate-compatible");
  });

  test("bridge mode keeps a missing hostPort missing (dynamic port)", async () => {
    const { taskDefinition: td } = await register("ports-bridge", { containerDefinitions: [{ ...web, portMappings: [{ containerPort: 80 }] }] });
    assert.deepEqual(td!.containerDefinitions![0]!.portMappings, [{ containerPort: 80, protocol: "tcp" }]);
  });

  test("revisions count up per family", async () => {
    assert.equal((await register("counting")).taskDefinition!.revision, 1);
    assert.equal((await register("counting")).taskDefinition!.revision, 2);
    assert.equal((await register("counting-other")).taskDefinition!.revision, 1);
    assert.equal((await register("counting")).taskDefinition!.revision, 3);
  });

  test("tags given at registration are returned and stored", async () => {
    const tags = [{ key: "team", value: "payments" }, { key: "env", value: "" }];
    const res = await register("tagged", { tags });
    assert.deepEqual(res.tags, tags);
    assert.deepEqual((await env.ecs.send(new ListTagsForResourceCommand({ resourceArn: tdArn("tagged", 1) }))).tags, tags);
  });

  describe("refuses what ECS refuses, with ECS's error and a message naming the problem, and registers nothing", () => {
    const cases: [string, Partial<RegisterTaskDefinitionCommandInput>, string, RegExp][] = [
      ["a container without an image", { containerDefinitions: [{ name: "web", memory: 64 }] }, "ClientException", /^Container\.image should not be null or empty\.$/],
      ["a container name with spaces", { containerDefinitions: [{ ...web, name: "my web" }] }, "ClientException", /^Container\.name contains invalid characters\.$/],
      ["duplicate container names", { containerDefinitions: [web, { ...web, image: "other" }] }, "ClientException", /Container names must be unique within a Task Definition/],
      [
        "no memory at either level",
        { containerDefinitions: [{ name: "web", image: "nginx" }] },
        "ClientException",
        /^Invalid setting for container 'web'\. At least one of 'memory' or 'memoryReservation' must be specified\.$/,
      ],
      ["memoryReservation above memory", { containerDefinitions: [{ ...web, memory: 64, memoryReservation: 128 }] }, "ClientException", /'memory' must be greater than or equal to 'memoryReservation'/],
      ["no essential container", { containerDefinitions: [{ ...web, essential: false }] }, "ClientException", /^Task definition doesn't have any essential container\.$/],
      ["dependsOn an unknown container", { containerDefinitions: [{ ...web, dependsOn: [{ containerName: "db", condition: "START" }] }] }, "ClientException", /Cannot depend on container \+ 'db' because it does not exist/],
      [
        "a dependsOn cycle",
        {
          containerDefinitions: [
            { ...web, dependsOn: [{ containerName: "side", condition: "START" }] },
            { name: "side", image: "busybox", memory: 32, dependsOn: [{ containerName: "web", condition: "START" }] },
          ],
        },
        "ClientException",
        /cycle: web -> side -> web/,
      ],
      ["a dependsOn condition outside the enum", { containerDefinitions: [{ ...web, dependsOn: [{ containerName: "web", condition: "READY" as "START" }] }] }, "InvalidParameterException", /condition/],
      ["a health check interval of 4", { containerDefinitions: [{ ...web, healthCheck: { command: ["CMD", "true"], interval: 4 } }] }, "ClientException", /'interval' must be between 5 and 300/],
      ["a health check with 11 retries", { containerDefinitions: [{ ...web, healthCheck: { command: ["CMD", "true"], retries: 11 } }] }, "ClientException", /'retries' must be between 1 and 10/],
      ["a health check without a command", { containerDefinitions: [{ ...web, healthCheck: {} as { command: string[] } }] }, "InvalidParameterException", /healthCheck\.command/],
      ["eleven containers", { containerDefinitions: Array.from({ length: 11 }, (_, i) => ({ ...web, name: `c${i}` })) }, "ClientException", /^Too many containers\.$/],
      [
        "more than 64 KiB",
        { containerDefinitions: [{ ...web, environment: [{ name: "BIG", value: "x".repeat(70000) }] }] },
        "ClientException",
        /^Actual length: '\d+'\. Max allowed length is '65536' bytes\.$/,
      ],
      ["a bad task cpu", { cpu: "fast" }, "ClientException", /^Invalid 'cpu' setting for task\.$/],
      ["FARGATE in bridge mode", { requiresCompatibilities: ["FARGATE"], cpu: "256", memory: "512" }, "ClientException", /^Fargate only supports network mode ‘awsvpc’\.$/],
      ["FARGATE without task cpu", { requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", memory: "512" }, "ClientException", /^Fargate requires that 'cpu' be defined at the task level\.$/],
      [
        "FARGATE with a size Fargate lacks",
        { requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "1024", memory: "1024" },
        "ClientException",
        /^No Fargate configuration exists for given values: 1024 CPU, 1024 memory\./,
      ],
      [
        "FARGATE with awslogs and no execution role",
        { requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "256", memory: "512", containerDefinitions: [{ ...web, logConfiguration: { logDriver: "awslogs" } }] },
        "ClientException",
        /execution role ARN to support log driver awslogs/,
      ],
      [
        "awsvpc with a different hostPort",
        { networkMode: "awsvpc", containerDefinitions: [{ ...web, portMappings: [{ containerPort: 80, hostPort: 8080 }] }] },
        "ClientException",
        /^When networkMode=awsvpc, the host ports and container ports in port mappings must match\.$/,
      ],
      [
        "host mode with a different hostPort",
        { networkMode: "host", containerDefinitions: [{ ...web, portMappings: [{ containerPort: 80, hostPort: 8080 }] }] },
        "ClientException",
        /When networkMode=host, the host ports and container ports/,
      ],
      ["a reserved tag key", { tags: [{ key: "aws:owner", value: "x" }] }, "InvalidParameterException", /aws:/],
    ];
    for (const [what, extra, name, message] of cases) {
      test(what, async () => {
        await rejectsWith(register("refused", extra), name, message);
      });
    }

    test("none of them registered a revision or a family", async () => {
      await rejectsWith(describeTd("refused"), "ClientException", /^Unable to describe task definition\.$/);
      assert.equal((await register("refused")).taskDefinition!.revision, 1, "refused registrations don't use up revisions");
    });

    test("a bad family name", async () => {
      await rejectsWith(register("bad family"), "ClientException", /^Family contains invalid characters\.$/);
    });
  });
});

describe("DescribeTaskDefinition", () => {
  before(async () => {
    for (let i = 0; i < 3; i++) await register("desc", { tags: [{ key: "n", value: String(i + 1) }] });
  });

  test("a bare family means the latest ACTIVE revision", async () => {
    assert.equal((await describeTd("desc")).taskDefinition!.revision, 3);
    await env.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: "desc:3" }));
    assert.equal((await describeTd("desc")).taskDefinition!.revision, 2);
  });

  test("family:revision and the ARN name one revision, INACTIVE ones too", async () => {
    assert.equal((await describeTd("desc:1")).taskDefinition!.revision, 1);
    const byArn = (await describeTd(tdArn("desc", 3))).taskDefinition!;
    assert.equal(byArn.revision, 3);
    assert.equal(byArn.status, "INACTIVE");
  });

  test("tags come back only with include TAGS", async () => {
    const plain = await describeTd("desc:2");
    assert.equal(plain.tags, undefined);
    const withTags = await env.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: "desc:2", include: ["TAGS"] }));
    assert.deepEqual(withTags.tags, [{ key: "n", value: "2" }]);
  });

  test("an unknown family, revision or ARN is ClientException 'Unable to describe task definition.'", async () => {
    for (const ref of ["nope", "desc:99", tdArn("nope", 1), tdArn("desc", 1, "eu-west-1")]) {
      await rejectsWith(describeTd(ref), "ClientException", /^Unable to describe task definition\.$/);
    }
  });

  test("a revision that isn't a number is InvalidParameterException naming it", async () => {
    await rejectsWith(describeTd("desc:latest"), "InvalidParameterException", /^Invalid revision number\. Number: latest$/);
  });
});

describe("DeregisterTaskDefinition", () => {
  test("marks the revision INACTIVE with deregisteredAt; it stays describable by family:rev", async () => {
    await register("dereg");
    await register("dereg");
    const { taskDefinition: td } = await env.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: tdArn("dereg", 1) }));
    assert.equal(td!.status, "INACTIVE");
    assert.ok(td!.deregisteredAt instanceof Date);
    const again = (await describeTd("dereg:1")).taskDefinition!;
    assert.equal(again.status, "INACTIVE");
    assert.deepEqual(again.deregisteredAt, td!.deregisteredAt);
    assert.deepEqual(await listAll({ familyPrefix: "dereg" }), [tdArn("dereg", 2)]);
    assert.deepEqual(await listAll({ familyPrefix: "dereg", status: "INACTIVE" }), [tdArn("dereg", 1)]);
  });

  test("a bare family is refused: a revision is required", async () => {
    await register("dereg-bare");
    await rejectsWith(env.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: "dereg-bare" })), "ClientException", /^Revision is missing\.$/);
    assert.equal((await describeTd("dereg-bare:1")).taskDefinition!.status, "ACTIVE", "nothing changed");
  });

  test("an unknown revision is ClientException", async () => {
    await rejectsWith(env.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: "dereg-none:1" })), "ClientException", /Unable to describe task definition/);
  });

  test("deregistering twice returns the INACTIVE revision unchanged", async () => {
    await register("dereg-twice");
    const first = (await env.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: "dereg-twice:1" }))).taskDefinition!;
    const second = (await env.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: "dereg-twice:1" }))).taskDefinition!;
    assert.equal(second.status, "INACTIVE");
    assert.deepEqual(second.deregisteredAt, first.deregisteredAt);
  });
});

describe("DeleteTaskDefinitions", () => {
  test("deletes INACTIVE revisions and reports ACTIVE and missing ones as failures", async () => {
    await register("del");
    await register("del");
    await env.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: "del:1" }));
    const res = await env.ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ["del:1", "del:2", "del:9", "del"] }));
    assert.deepEqual(res.taskDefinitions!.map((td) => [td.taskDefinitionArn, td.status]), [[tdArn("del", 1), "DELETE_IN_PROGRESS"]]);
    assert.ok(res.taskDefinitions![0]!.deleteRequestedAt instanceof Date);
    assert.deepEqual(res.failures, [
      { arn: tdArn("del", 2), reason: "The specified task definition is still in ACTIVE status. Please deregister the target and try again." },
      { arn: tdArn("del", 9), reason: "The specified task definition does not exist. Specify a valid account, family, revision and try again." },
      { arn: "del", reason: "The specified task definition identifier is invalid. Specify a valid name or ARN and try again." },
    ]);
    assert.equal((await describeTd("del:2")).taskDefinition!.status, "ACTIVE", "the ACTIVE one is untouched");
    assert.deepEqual(await listAll({ familyPrefix: "del", status: "DELETE_IN_PROGRESS" }), [tdArn("del", 1)]);
    assert.deepEqual(await listAll({ familyPrefix: "del", status: "INACTIVE" }), []);
  });

  test("revision numbers continue after deletion", async () => {
    await register("del-count");
    await env.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: "del-count:1" }));
    await env.ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: ["del-count:1"] }));
    assert.equal((await register("del-count")).taskDefinition!.revision, 2);
  });

  test("more than 10 at once is InvalidParameterException", async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => `del-many:${i + 1}`);
    await rejectsWith(env.ecs.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: eleven })), "InvalidParameterException", /10/);
  });
});

describe("ListTaskDefinitions", () => {
  before(async () => {
    for (const family of ["list-a", "list-b", "list-a", "list-c", "list-a"]) await register(family);
    await env.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: "list-c:1" }));
  });

  test("familyPrefix is an exact family filter; ACTIVE by default; sorted by revision", async () => {
    assert.deepEqual(await listAll({ familyPrefix: "list-a" }), [1, 2, 3].map((r) => tdArn("list-a", r)));
    assert.deepEqual(await listAll({ familyPrefix: "list-" }), [], "not a prefix");
    assert.deepEqual(await listAll({ familyPrefix: "list-c" }), []);
    assert.deepEqual(await listAll({ familyPrefix: "list-c", status: "INACTIVE" }), [tdArn("list-c", 1)]);
  });

  test("pages of one walk the whole list ASC (by family, then revision) and DESC", async () => {
    const everything = await listAll({});
    const mine = everything.filter((a) => /task-definition\/list-[ab]:/.test(a));
    assert.deepEqual(mine, [tdArn("list-a", 1), tdArn("list-a", 2), tdArn("list-a", 3), tdArn("list-b", 1)]);
    const paged = await listAll({ maxResults: 1 });
    assert.deepEqual(paged, everything);
    const desc = await listAll({ familyPrefix: "list-a", sort: "DESC", maxResults: 2 });
    assert.deepEqual(desc, [3, 2, 1].map((r) => tdArn("list-a", r)));
  });

  test("a page says nothing more when the list ends exactly at its size", async () => {
    const page = await env.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: "list-a", maxResults: 3 }));
    assert.equal(page.taskDefinitionArns!.length, 3);
    assert.equal(page.nextToken, undefined);
  });

  test("a tampered nextToken, or one from other filters, is InvalidParameterException", async () => {
    const first = await env.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: "list-a", maxResults: 1 }));
    assert.ok(first.nextToken);
    const tampered = first.nextToken!.slice(0, -2) + (first.nextToken!.endsWith("AA") ? "BB" : "AA");
    await rejectsWith(env.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: "list-a", nextToken: tampered })), "InvalidParameterException", /nextToken/);
    await rejectsWith(
      env.ecs.send(new ListTaskDefinitionsCommand({ familyPrefix: "list-a", sort: "DESC", nextToken: first.nextToken })),
      "InvalidParameterException",
      /nextToken/,
    );
  });

  test("maxResults outside 1..100 is InvalidParameterException", async () => {
    await rejectsWith(env.ecs.send(new ListTaskDefinitionsCommand({ maxResults: 101 })), "InvalidParameterException", /maxResults/);
  });
});

describe("ListTaskDefinitionFamilies", () => {
  before(async () => {
    for (const family of ["fam-x", "fam-y", "fam-z", "famous"]) await register(family);
    await env.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: "fam-y:1" }));
  });

  test("familyPrefix is a true prefix, and both ACTIVE and INACTIVE families are listed by default", async () => {
    assert.deepEqual(await familiesAll({ familyPrefix: "fam-" }), ["fam-x", "fam-y", "fam-z"]);
    assert.deepEqual(await familiesAll({ familyPrefix: "fam" }), ["fam-x", "fam-y", "fam-z", "famous"]);
  });

  test("status ACTIVE lists families with an ACTIVE revision; INACTIVE those with none", async () => {
    assert.deepEqual(await familiesAll({ familyPrefix: "fam-", status: "ACTIVE" }), ["fam-x", "fam-z"]);
    assert.deepEqual(await familiesAll({ familyPrefix: "fam-", status: "INACTIVE" }), ["fam-y"]);
    assert.deepEqual(await familiesAll({ familyPrefix: "fam-", status: "ALL" }), ["fam-x", "fam-y", "fam-z"]);
  });

  test("pages of one walk every family", async () => {
    const first = await env.ecs.send(new ListTaskDefinitionFamiliesCommand({ familyPrefix: "fam", maxResults: 1 }));
    assert.deepEqual(first.families, ["fam-x"]);
    assert.ok(first.nextToken);
    assert.deepEqual(await familiesAll({ familyPrefix: "fam", maxResults: 1 }), ["fam-x", "fam-y", "fam-z", "famous"]);
    await rejectsWith(
      env.ecs.send(new ListTaskDefinitionFamiliesCommand({ familyPrefix: "fam-", maxResults: 1, nextToken: first.nextToken })),
      "InvalidParameterException",
      /nextToken/,
    );
  });
});

describe("regions", () => {
  test("the same family is independent in each region", async () => {
    const eu = env.server.ecs("eu-west-1");
    await register("regional");
    await register("regional");
    const { taskDefinition: euTd } = await register("regional", {}, eu);
    assert.equal(euTd!.revision, 1);
    assert.equal(euTd!.taskDefinitionArn, tdArn("regional", 1, "eu-west-1"));
    assert.deepEqual(await listAll({ familyPrefix: "regional" }, eu), [tdArn("regional", 1, "eu-west-1")]);
    assert.deepEqual(await listAll({ familyPrefix: "regional" }), [tdArn("regional", 1), tdArn("regional", 2)]);
    await rejectsWith(describeTd(tdArn("regional", 2), eu), "ClientException", /Unable to describe task definition/);
    await env.ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: "regional:1" }));
    assert.equal((await describeTd("regional:1", eu)).taskDefinition!.status, "ACTIVE");
  });
});
