/**
 * ECS services with serviceRegistries, with real containers: a berth server (in process) and a
 * `bin/berth agent --cluster <own> --dns-server <server's DNS>` process, which relays DNS on its
 * cluster network's gateway, port 53. Service "web" (awsvpc, busybox httpd) is registered in a
 * Cloud Map A-record service: `dig @127.0.0.1 -p <dns port> web.<namespace>` answers the tasks'
 * addresses, and the records follow the tasks as they scale, are stopped and replaced, and as the
 * service is deleted; ListInstances and GetInstancesHealthStatus show the tasks. Service "client"
 * (bridge) calls web by its Cloud Map name from inside its container (`nc web.<namespace> <port>`)
 * and serves what it got on its own httpd, which the test reads from the host. Service "api"
 * (bridge) is registered with SRV records carrying its host port; service "checked" shows its
 * container health in Cloud Map (custom health check).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import Docker from "dockerode";
import * as SD from "@aws-sdk/client-servicediscovery";
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StopTaskCommand,
  UpdateServiceCommand,
  type ECSClient,
} from "@aws-sdk/client-ecs";
import { TEST_CREDENTIALS, rejectsWith, startTestServer, type TestServer } from "./harness.js";
import { runBerth, spawnAgent } from "./spawn-server.js";
import { request, waitFor } from "./elbv2-support.js";
import { ensureBusyboxImage } from "../support/busybox-image.js";
import { releaseClusterNetwork } from "../support/cluster-network.js";
import { execIn } from "../support/docker-exec.js";
import { removeContainers } from "../support/remove-containers.js";

let env: { server: TestServer } = { server: undefined as unknown as TestServer };
const docker = new Docker();
const suffix = randomBytes(4).toString("hex");
const cluster = `sd-${suffix}`;
const namespace = `sd${suffix}.test`;
const family = `sd-${suffix}`;
const children: ReturnType<typeof runBerth>[] = [];
const run = promisify(execFile);
// awsvpc tasks of other berth servers on this engine may hold 127.77.0.x:8080: pick an unusual port.
const WEB_PORT = 20000 + Math.floor(Math.random() * 10000);

let ecs: ECSClient;
let sd: SD.ServiceDiscoveryClient;
let image: string;
let webRegistry: string;
let apiRegistry: string;
let webRegistryId: string;

const root = process.getuid?.() === 0;

async function dig(...args: string[]): Promise<string[]> {
  const { stdout } = await run("dig", ["@127.0.0.1", "-p", String(env.server.server.dns!.port), "+short", "+tries=1", "+time=2", ...args]);
  return stdout.trim().split("\n").filter((l) => l !== "").sort();
}

const taskIds = async (serviceName: string): Promise<string[]> =>
  ((await ecs.send(new ListTasksCommand({ cluster, serviceName, desiredStatus: "RUNNING" }))).taskArns ?? []).map((a) => a.slice(a.lastIndexOf("/") + 1)).sort();

async function runningTasks(serviceName: string) {
  const arns = (await ecs.send(new ListTasksCommand({ cluster, serviceName, desiredStatus: "RUNNING" }))).taskArns ?? [];
  if (arns.length === 0) return [];
  return (await ecs.send(new DescribeTasksCommand({ cluster, tasks: arns }))).tasks!.filter((t) => t.lastStatus === "RUNNING");
}
const addressOf = (t: { attachments?: { details?: { name?: string; value?: string }[] }[] }) => t.attachments![0]!.details!.find((d) => d.name === "privateIPv4Address")!.value!;

/** Waits until `web.<namespace>` answers exactly the addresses of the service's RUNNING tasks, `count` of them. */
async function webRecordsFollow(count: number): Promise<string[]> {
  let last = "";
  try {
    return await waitFor(`web.${namespace} to answer ${count} task addresses`, async () => {
      const tasks = await runningTasks("web");
      const want = tasks.map(addressOf).sort();
      const got = await dig(`web.${namespace}`);
      last = `tasks ${JSON.stringify(want)}, records ${JSON.stringify(got)}`;
      if (tasks.length !== count) return undefined;
      return JSON.stringify(got) === JSON.stringify(want) ? got : undefined;
    }, 90_000);
  } catch (e) {
    const events = (await ecs.send(new DescribeServicesCommand({ cluster, services: ["web"] }))).services?.[0]?.events?.slice(0, 5).map((x) => x.message);
    const stopped = (await ecs.send(new ListTasksCommand({ cluster, serviceName: "web", desiredStatus: "STOPPED" }))).taskArns ?? [];
    const reasons = stopped.length === 0 ? [] : (await ecs.send(new DescribeTasksCommand({ cluster, tasks: stopped.slice(0, 3) }))).tasks!.map((t) => `${t.stoppedReason} / ${t.containers?.map((c) => c.reason).join(",")}`);
    throw new Error(`${(e as Error).message}; last seen ${last}; events ${JSON.stringify(events)}; stopped ${JSON.stringify(reasons)}`);
  }
}

before(async () => {
  if (!root) return;
  image = await ensureBusyboxImage(docker);
  env = { server: await startTestServer() };
  ecs = env.server.ecs();
  sd = new SD.ServiceDiscoveryClient({ endpoint: env.server.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1, disableHostPrefix: true });
  await ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  await spawnAgent(env.server.url, ["--cluster", cluster, "--name", `sd-${suffix}`, "--task-cleanup-wait", "1", "--dns-server", `127.0.0.1:${env.server.server.dns!.port}`], (r) => children.push(r));
  const { OperationId } = await sd.send(new SD.CreatePrivateDnsNamespaceCommand({ Name: namespace, Vpc: "vpc-1" }));
  const nsId = (await sd.send(new SD.GetOperationCommand({ OperationId }))).Operation!.Targets!.NAMESPACE!;
  const web = await sd.send(
    new SD.CreateServiceCommand({ Name: "web", NamespaceId: nsId, DnsConfig: { DnsRecords: [{ Type: "A", TTL: 1 }] }, HealthCheckCustomConfig: { FailureThreshold: 1 } }),
  );
  webRegistry = web.Service!.Arn!;
  webRegistryId = web.Service!.Id!;
  apiRegistry = (await sd.send(new SD.CreateServiceCommand({ Name: "api", NamespaceId: nsId, DnsConfig: { DnsRecords: [{ Type: "SRV", TTL: 1 }] } }))).Service!.Arn!;
  const httpd = (port: number, text: string) => `mkdir -p /www && echo ${text} > /www/index.html && exec httpd -f -p ${port} -h /www`;
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: `${family}-web`,
      networkMode: "awsvpc",
      containerDefinitions: [{ name: "web", image, memory: 16, stopTimeout: 1, portMappings: [{ containerPort: WEB_PORT }], command: ["sh", "-c", httpd(WEB_PORT, "hello-from-web")] }],
    }),
  );
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: `${family}-client`,
      networkMode: "bridge",
      containerDefinitions: [
        {
          name: "client",
          image,
          memory: 16,
          stopTimeout: 1,
          portMappings: [{ containerPort: 8081, hostPort: 0 }],
          // Calls web by its Cloud Map name every second; serves the last answer (and its resolution) on 8081.
          command: [
            "sh",
            "-c",
            `mkdir -p /www && httpd -p 8081 -h /www && while true; do { nslookup web.${namespace}; printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 3 web.${namespace} ${WEB_PORT}; } > /www/next 2>&1; mv /www/next /www/last; sleep 1; done`,
          ],
        },
      ],
    }),
  );
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: `${family}-api`,
      networkMode: "bridge",
      containerDefinitions: [{ name: "api", image, memory: 16, stopTimeout: 1, portMappings: [{ containerPort: 9090, hostPort: 0 }], command: ["sh", "-c", httpd(9090, "hello-from-api")] }],
    }),
  );
});

after(async () => {
  if (!root) return;
  // Services go first, so that the agent stops their tasks while the server still answers.
  for (const name of ["web", "client", "api", "checked"]) await ecs?.send(new DeleteServiceCommand({ cluster, service: name, force: true })).catch(() => undefined);
  await waitFor("the services' tasks to stop", async () => ((await ecs.send(new ListTasksCommand({ cluster, desiredStatus: "RUNNING" }))).taskArns?.length === 0 ? true : undefined), 30_000).catch(() => undefined);
  for (const c of children) if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill("SIGTERM");
  await Promise.all(children.map((c) => c.exited));
  for (const suffixFamily of ["web", "client", "api", "checked"]) {
    const leftovers = await docker.listContainers({ all: true, filters: { label: [`com.amazonaws.ecs.task-definition-family=${family}-${suffixFamily}`] } });
    await removeContainers(docker, leftovers);
  }
  await releaseClusterNetwork(`arn:aws:ecs:us-east-1:000000000000:cluster/${cluster}`);
  sd?.destroy();
  await env.server?.stop();
});

const awsvpc = { awsvpcConfiguration: { subnets: ["subnet-12345678"] } };

test("CreateService refuses serviceRegistries that don't fit, as ECS does", { skip: !root && "the agent's DNS relay binds port 53: run as root" }, async () => {
  await rejectsWith(
    ecs.send(new CreateServiceCommand({ cluster, serviceName: "bad1", taskDefinition: `${family}-api`, desiredCount: 1, serviceRegistries: [{ registryArn: apiRegistry }] })),
    "InvalidParameterException",
    /When specifying 'host' or 'bridge' for networkMode, values for 'containerName' and 'containerPort' must be specified/,
  );
  await rejectsWith(
    ecs.send(
      new CreateServiceCommand({ cluster, serviceName: "bad2", taskDefinition: `${family}-web`, desiredCount: 1, networkConfiguration: awsvpc, serviceRegistries: [{ registryArn: webRegistry, containerName: "web", containerPort: WEB_PORT }] }),
    ),
    "InvalidParameterException",
    /do not require a value for 'containerPort'/,
  );
  const missing = webRegistry.replace(/srv-[a-z0-9]+$/, "srv-0000000000000000");
  await rejectsWith(
    ecs.send(new CreateServiceCommand({ cluster, serviceName: "bad3", taskDefinition: `${family}-web`, desiredCount: 1, networkConfiguration: awsvpc, serviceRegistries: [{ registryArn: missing }] })),
    "InvalidParameterException",
    /does not exist/,
  );
  const { serviceArns } = await ecs.send(new DescribeServicesCommand({ cluster, services: ["bad1", "bad2", "bad3"] })).then((r) => ({ serviceArns: r.services?.map((s) => s.serviceArn) ?? [] }));
  assert.deepEqual(serviceArns, []);
});

test(
  "tasks register in Cloud Map, resolve from the host and from inside containers, and the records follow them",
  { skip: !root && "the agent's DNS relay binds port 53: run as root" },
  async () => {
    await ecs.send(new CreateServiceCommand({ cluster, serviceName: "web", taskDefinition: `${family}-web`, desiredCount: 2, networkConfiguration: awsvpc, serviceRegistries: [{ registryArn: webRegistry }] }));
    const first = await webRecordsFollow(2);
    assert.equal(first.length, 2);
    for (const a of first) assert.match(a, /^127\./);

    // The API shows the tasks as instances, with ECS's attributes, and healthy.
    const ids = await taskIds("web");
    const listed = (await sd.send(new SD.ListInstancesCommand({ ServiceId: webRegistryId }))).Instances!;
    assert.deepEqual(listed.map((i) => i.Id).sort(), ids);
    const attributes = listed[0]!.Attributes!;
    assert.equal(attributes.ECS_CLUSTER_NAME, cluster);
    assert.equal(attributes.ECS_SERVICE_NAME, "web");
    assert.equal(attributes.ECS_TASK_DEFINITION_FAMILY, `${family}-web`);
    assert.equal(attributes.REGION, "us-east-1");
    assert.equal(attributes.AWS_INIT_HEALTH_STATUS, "HEALTHY");
    assert.ok(attributes.AVAILABILITY_ZONE);
    assert.ok(first.includes(attributes.AWS_INSTANCE_IPV4!));
    const health = (await sd.send(new SD.GetInstancesHealthStatusCommand({ ServiceId: webRegistryId }))).Status!;
    assert.deepEqual(Object.keys(health).sort(), ids);
    assert.ok(Object.values(health).every((s) => s === "HEALTHY"));

    // Another service calls web by name from inside its container (bridge, through the agent's relay).
    await ecs.send(new CreateServiceCommand({ cluster, serviceName: "client", taskDefinition: `${family}-client`, desiredCount: 1 }));
    const client = await waitFor("the client task", async () => (await runningTasks("client"))[0], 60_000);
    const port = client.containers![0]!.networkBindings!.find((b) => b.containerPort === 8081)!.hostPort!;
    const answer = await waitFor("the client to reach web by name", async () => {
      const r = await request("127.0.0.1", port, "/last").catch(() => undefined);
      return r && r.status === 200 && /hello-from-web/.test(r.body) ? r.body : undefined;
    }, 60_000);
    // Inside containers the name resolves to the tasks' addresses on the cluster network, not the host's loopback ones.
    assert.doesNotMatch(answer, /Address(?: \d+)?:\s*127\.77\./, answer);

    // Scale in: the task stopped leaves the records; scale out: the new ones join.
    await ecs.send(new UpdateServiceCommand({ cluster, service: "web", desiredCount: 1 }));
    await webRecordsFollow(1);
    await ecs.send(new UpdateServiceCommand({ cluster, service: "web", desiredCount: 3 }));
    await webRecordsFollow(3);

    // A task stopped from outside is deregistered, and its replacement registered.
    const [victim] = await runningTasks("web");
    const victimAddress = addressOf(victim!);
    await ecs.send(new StopTaskCommand({ cluster, task: victim!.taskArn!, reason: "test" }));
    const after = await waitFor("the stopped task to be replaced in the records", async () => {
      const tasks = await runningTasks("web");
      if (tasks.length !== 3 || tasks.some((t) => t.taskArn === victim!.taskArn)) return undefined;
      const got = await dig(`web.${namespace}`);
      return JSON.stringify(got) === JSON.stringify(tasks.map(addressOf).sort()) ? got : undefined;
    }, 90_000);
    assert.equal(after.length, 3);
    const victimId = victim!.taskArn!.slice(victim!.taskArn!.lastIndexOf("/") + 1);
    assert.ok(!(await sd.send(new SD.ListInstancesCommand({ ServiceId: webRegistryId }))).Instances!.some((i) => i.Id === victimId));
    void victimAddress;

    // The client still reaches web by name after the changes.
    await waitFor("the client to reach web by name again", async () => {
      const r = await request("127.0.0.1", port, "/last").catch(() => undefined);
      return r && /hello-from-web/.test(r.body) ? true : undefined;
    }, 30_000);

    // Deleting the service deregisters every task.
    await ecs.send(new DeleteServiceCommand({ cluster, service: "web", force: true }));
    await waitFor("every web instance to be deregistered", async () => ((await sd.send(new SD.ListInstancesCommand({ ServiceId: webRegistryId }))).Instances!.length === 0 ? true : undefined), 60_000);
    await waitFor(`web.${namespace} to answer nothing`, async () => ((await dig(`web.${namespace}`)).length === 0 ? true : undefined), 10_000);
  },
);

test("a bridge service registers SRV records with its host port", { skip: !root && "the agent's DNS relay binds port 53: run as root" }, async () => {
  await ecs.send(new CreateServiceCommand({ cluster, serviceName: "api", taskDefinition: `${family}-api`, desiredCount: 1, serviceRegistries: [{ registryArn: apiRegistry, containerName: "api", containerPort: 9090 }] }));
  const task = await waitFor("the api task", async () => (await runningTasks("api"))[0], 60_000);
  const binding = task.containers![0]!.networkBindings!.find((b) => b.containerPort === 9090)!;
  const taskId = task.taskArn!.slice(task.taskArn!.lastIndexOf("/") + 1);
  const srv = await waitFor("the SRV record", async () => {
    const got = await dig("SRV", `api.${namespace}`);
    return got.length === 1 ? got[0] : undefined;
  }, 30_000);
  // priority weight port target
  assert.match(srv, new RegExp(`^\\d+ \\d+ ${binding.hostPort} ${taskId}\\.api\\.${namespace.replace(/\./g, "\\.")}\\.$`));
  assert.deepEqual(await dig(`${taskId}.api.${namespace}`), [binding.bindIP === "0.0.0.0" || !binding.bindIP ? "127.0.0.1" : binding.bindIP]);
  const reply = await request(binding.bindIP && binding.bindIP !== "0.0.0.0" ? binding.bindIP : "127.0.0.1", binding.hostPort!, "/index.html");
  assert.match(reply.body, /hello-from-api/);
});

test("with a custom health check, the instance's health follows the task's container health", { skip: !root && "the agent's DNS relay binds port 53: run as root" }, async () => {
  const nsId = (await sd.send(new SD.GetServiceCommand({ Id: webRegistryId }))).Service!.NamespaceId!;
  const checked = (await sd.send(new SD.CreateServiceCommand({ Name: "checked", NamespaceId: nsId, DnsConfig: { DnsRecords: [{ Type: "A", TTL: 1 }] }, HealthCheckCustomConfig: { FailureThreshold: 1 } }))).Service!;
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: `${family}-checked`,
      networkMode: "awsvpc",
      containerDefinitions: [
        {
          name: "app",
          image,
          memory: 16,
          stopTimeout: 1,
          // Also resolves its own name: awsvpc containers share the pause container's resolver.
          command: ["sh", "-c", `touch /tmp/ok; while true; do nslookup checked.${namespace}; sleep 2; done`],
          // Generous timeout and retries: a loaded machine must not make the check flap.
          healthCheck: { command: ["CMD-SHELL", "test -f /tmp/ok"], interval: 5, timeout: 10, retries: 2, startPeriod: 0 },
        },
      ],
    }),
  );
  // A long grace period: the task stays while it is unhealthy, so that its instance's health can be seen.
  await ecs.send(
    new CreateServiceCommand({ cluster, serviceName: "checked", taskDefinition: `${family}-checked`, desiredCount: 1, networkConfiguration: awsvpc, healthCheckGracePeriodSeconds: 600, serviceRegistries: [{ registryArn: checked.Arn! }] }),
  );
  try {
    const healthOf = async () => Object.values((await sd.send(new SD.GetInstancesHealthStatusCommand({ ServiceId: checked.Id! }))).Status ?? {});
    await waitFor("the instance to be HEALTHY", async () => ((await healthOf()).join() === "HEALTHY" ? true : undefined), 90_000);
    const task = (await runningTasks("checked"))[0]!;
    assert.equal(await execIn(docker, task.containers![0]!.runtimeId!, ["rm", "/tmp/ok"]), 0);
    await waitFor("the instance to be UNHEALTHY", async () => ((await healthOf()).join() === "UNHEALTHY" ? true : undefined), 90_000);
    // From inside the awsvpc task, its own name resolves to its address on the cluster network.
    const ownAddress = addressOf(task);
    const logs = await waitFor("the awsvpc container to resolve its name", async () => {
      const out = ((await docker.getContainer(task.containers![0]!.runtimeId!).logs({ stdout: true, stderr: true })) as unknown as Buffer).toString("utf8");
      return new RegExp(`Name:\\s*checked\\.`).test(out) ? out : undefined;
    }, 30_000);
    assert.doesNotMatch(logs, new RegExp(`Address(?: \\d+)?:\\s*${ownAddress.replace(/\./g, "\\.")}\\b`), logs);
    assert.match(logs, /Address(?: \d+)?:\s*(?!127\.)\d+\.\d+\.\d+\.\d+(?![:\d])/, logs);
  } finally {
    await ecs.send(new DeleteServiceCommand({ cluster, service: "checked", force: true }));
  }
});
