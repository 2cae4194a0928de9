/**
 * The task metadata endpoint as a task sees it: `bin/berth server` with its embedded agent on the
 * real Docker engine; RunTask (with tags) through @aws-sdk/client-ecs; a container reads
 * ${ECS_CONTAINER_METADATA_URI_V4}/taskWithTags from inside with busybox nc, and what it read
 * matches DescribeTasks. `after` removes this file's containers (by family label) and the cluster
 * network if nothing else uses it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { ECSClient, RegisterTaskDefinitionCommand, RunTaskCommand, StopTaskCommand, TagResourceCommand, type Task } from "@aws-sdk/client-ecs";
import type { ServerProcess } from "./spawn-server.js";
import { TEST_CREDENTIALS } from "./harness.js";
import { useDockerServer } from "./docker-server.js";
import { AgentClient, AgentProtocolError } from "../../src/agent-protocol/client.js";

const cluster = "default";
const family = `meta-${randomBytes(4).toString("hex")}`;
let ecs: ECSClient;
let image: string;
let server: ServerProcess;
const fx = useDockerServer({
  name: "metadata", families: [family], clusters: [cluster],
  ready: (f) => {
    ecs = f.ecs();
    image = f.image();
    server = f.server();
  },
});

const waitForTask = (arn: string, done: (t: Task) => boolean, what: string, timeoutMs?: number) => fx.waitForTask(cluster, arn, done, what, timeoutMs);

// `get PATH` prints the body of an HTTP GET to the metadata endpoint (busybox nc quits at the end of
// its input, so the input stays open until nc is done).
const script = [
  `u=\${ECS_CONTAINER_METADATA_URI_V4#http://}; hp=\${u%%/*}; base=/\${u#*/}; host=\${hp%:*}; port=\${hp#*:}`,
  `get() { rm -f /tmp/got; (printf 'GET %s HTTP/1.0\\r\\nHost: %s\\r\\n\\r\\n' "$1" "$hp"; i=0; while [ $i -lt 200 ] && [ ! -e /tmp/got ]; do usleep 50000; i=$((i+1)); done) | (nc "$host" "$port"; touch /tmp/got) | sed '1,/^\\r*$/d'; }`,
  // Until the tag added after RunTask shows (TagResource is seen at once), at most 20 s.
  `for i in $(seq 1 100); do t=$(get "$base/taskWithTags"); echo "$t" | grep -q '"later":"yes"' && break; usleep 200000; done`,
  `echo "TAGS=$t"`,
  `echo "SELF=$(get "$base")"`,
].join("\n");

test("a container reads /taskWithTags and its own metadata from inside; they match DescribeTasks and the tags", async () => {
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      cpu: "256",
      memory: "256",
      containerDefinitions: [
        { name: "main", image, memory: 32, essential: true, command: ["sh", "-c", "trap 'exit 0' TERM; sleep 300 & wait"], stopTimeout: 2 },
        { name: "reader", image, memory: 32, essential: false, command: ["sh", "-c", script] },
      ],
    }),
  );
  const run = await ecs.send(new RunTaskCommand({ cluster, taskDefinition: family, launchType: "EC2", tags: [{ key: "team", value: "berth" }] }));
  assert.deepEqual(run.failures, [], JSON.stringify(run.failures));
  const arn = run.tasks![0]!.taskArn!;
  await ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: "later", value: "yes" }] }));
  const task = await waitForTask(arn, (t) => t.containers?.find((c) => c.name === "reader")?.exitCode !== undefined, "reader exited");
  const reader = task.containers!.find((c) => c.name === "reader")!;
  assert.equal(reader.exitCode, 0);

  const out: Record<string, string> = {};
  const logs = (await fx.docker.getContainer(reader.runtimeId!).logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
  // Docker's multiplexed frames: 8-byte header, then the payload.
  for (let i = 0; i + 8 <= logs.length; ) {
    const size = logs.readUInt32BE(i + 4);
    for (const line of logs.subarray(i + 8, i + 8 + size).toString().split("\n")) {
      const m = /^([A-Z]+)=(.*)$/.exec(line);
      if (m) out[m[1]!] = m[2]!;
    }
    i += 8 + size;
  }
  const doc = JSON.parse(out.TAGS ?? "null");
  assert.ok(doc, JSON.stringify(out));
  assert.equal(doc.Cluster, task.clusterArn);
  assert.equal(doc.TaskARN, arn);
  assert.equal(doc.Family, family);
  assert.equal(doc.Revision, "1");
  assert.equal(doc.LaunchType, "EC2");
  assert.equal(doc.AvailabilityZone, task.availabilityZone);
  assert.deepEqual(doc.Limits, { CPU: 0.25, Memory: 256 });
  assert.deepEqual(doc.TaskTags, { team: "berth", later: "yes" });
  assert.deepEqual(doc.ContainerInstanceTags, {});
  for (const c of task.containers!) {
    const m = doc.Containers.find((k: { Name: string }) => k.Name === c.name);
    assert.equal(m.ContainerARN, c.containerArn);
    assert.equal(m.DockerId, c.runtimeId);
  }
  const self = JSON.parse(out.SELF ?? "null");
  assert.equal(self.Name, "reader");
  assert.equal(self.DockerId, reader.runtimeId);
  assert.equal(self.Labels["com.amazonaws.ecs.task-arn"], arn);
  assert.equal(self.Networks[0].NetworkMode, "bridge");

  await ecs.send(new StopTaskCommand({ cluster, task: arn }));
  await waitForTask(arn, (t) => t.lastStatus === "STOPPED", "STOPPED");
});

test("GetTaskTags answers only for tasks on the asking agent's instance", async () => {
  const instanceArn = /container instance (arn:aws:ecs:\S+)/.exec(server.output())?.[1];
  assert.ok(instanceArn, server.output());
  const client = new AgentClient(server.url, "us-east-1", TEST_CREDENTIALS);
  const foreign = `arn:aws:ecs:us-east-1:000000000000:task/default/${"0".repeat(32)}`;
  await assert.rejects(client.getTaskTags({ containerInstanceArn: instanceArn!, taskArn: foreign }), (e) => {
    assert.ok(e instanceof AgentProtocolError);
    assert.equal(e.code, "ClientException");
    assert.match(e.message, /is not on container instance/);
    return true;
  });
  await assert.rejects(client.getTaskTags({ containerInstanceArn: instanceArn! } as never), (e) => e instanceof AgentProtocolError && e.code === "InvalidParameterException");
});
