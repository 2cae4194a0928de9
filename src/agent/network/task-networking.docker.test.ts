// Cross-task networking and the task metadata endpoint on the real Docker engine, through the task
// runner, with the local busybox image. Each run uses its own cluster ARN, so its cluster network is
// its own; `after` removes every container of this run's agent and checks that neither a container
// nor the cluster network is left behind. Waits are on reports and container exits, never sleeps.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { DockerRuntime } from "../runtime/docker-runtime.js";
import { ensureBusyboxImage } from "../../../test/support/busybox-image.js";
import { agentFilter } from "../tasks/labels.js";
import { TaskRunner } from "../tasks/task-runner.js";
import { ReportLog, assignedTask, stopped, testIdentity } from "../tasks/test-support.js";
import type { AssignedTask } from "../../agent-protocol/messages.js";
import { clusterNetworkFilter, clusterNetworkName, taskIdOf } from "./cluster-network.js";

/**
 * A shell HTTP GET with busybox nc (its wget can crash): `get PATH` prints the response body. Busybox
 * nc quits when its input ends, before a slower answer arrives, so the input stays open until nc
 * has finished (the /tmp/got flag), or 10 s.
 */
const GET_FN = [
  `u=\${ECS_CONTAINER_METADATA_URI_V4#http://}; hp=\${u%%/*}; base=/\${u#*/}; host=\${hp%:*}; port=\${hp#*:}`,
  `get() { rm -f /tmp/got; (printf 'GET %s HTTP/1.0\\r\\nHost: %s\\r\\n\\r\\n' "$1" "$hp"; i=0; while [ $i -lt 200 ] && [ ! -e /tmp/got ]; do usleep 50000; i=$((i+1)); done) | (nc "$host" "$port"; touch /tmp/got) | sed '1,/^\\r*$/d'; }`,
].join("; ");

describe("cluster network and metadata endpoint on Docker", () => {
  const runtime = new DockerRuntime();
  const identity = testIdentity();
  const clusterArn = `arn:aws:ecs:us-east-1:000000000000:cluster/net-${randomBytes(4).toString("hex")}`;
  const log = new ReportLog();
  const tasks: AssignedTask[] = [];
  let runner: TaskRunner;
  let image: string;

  before(async () => {
    image = await ensureBusyboxImage(runtime.docker);
    runner = new TaskRunner({
      runtime,
      identity,
      onReport: log.onReport,
      defaultStopTimeoutSeconds: 2,
      region: "us-east-1",
      taskTags: async () => ({ taskTags: [{ key: "team", value: "berth" }], containerInstanceTags: [{ key: "rack", value: "r1" }] }),
    });
    await runner.ready;
  });

  after(async () => {
    for (const t of tasks) {
      runner.apply(stopped(t));
      await log.status(t.taskArn, "STOPPED").catch(() => undefined);
      await runner.remove(t.taskArn).catch(() => undefined);
    }
    for (const c of await runtime.listContainers(agentFilter(identity))) await runtime.removeContainer(c.id);
    await runner?.close();
    assert.deepEqual(await runtime.listContainers(agentFilter(identity)), [], "containers left behind");
    assert.deepEqual(await runtime.listNetworks(clusterNetworkFilter(clusterArn)), [], "cluster network left behind");
  });

  const c = (name: string, extra: Record<string, unknown> = {}) => ({ name, image, memory: 64, ...extra });
  const task = (containers: Record<string, unknown>[], extra: Partial<AssignedTask> = {}) => {
    const t = assignedTask(containers, { clusterArn, ...extra });
    tasks.push(t);
    return t;
  };
  const httpd = (text: string) => ["sh", "-c", `echo ${text} > /tmp/index.html && exec httpd -f -p 8080 -h /tmp`];
  /** Exits 0 once `host:8080` answers with `text`. */
  const probe = (host: string, text: string) => [
    "sh",
    "-c",
    `for i in $(seq 1 150); do printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc ${host} 8080 2>/dev/null | grep -q ${text} && exit 0; usleep 100000; done; exit 1`,
  ];
  const exitOf = (t: AssignedTask, name: string) =>
    log.waitFor(t.taskArn, (r) => r.containers.find((k) => k.name === name)?.exitCode !== undefined, `${name} exited`, 30_000).then(
      (r) => r.containers.find((k) => k.name === name)!.exitCode,
    );

  it("containers of different tasks reach each other over the cluster network: bridge↔bridge by alias, awsvpc by task id", async () => {
    const web = task([c("web", { command: httpd("from-bridge") })]);
    runner.apply(web);
    await log.status(web.taskArn, "RUNNING");
    const net = await runtime.inspectNetwork(clusterNetworkName(clusterArn));
    assert.equal(net.labels["berth.network"], "cluster");
    assert.equal(net.labels["berth.cluster-arn"], clusterArn);

    const vpcAddress = `127.77.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`;
    const vpc = task(
      [
        c("api", { command: httpd("from-awsvpc"), portMappings: [{ containerPort: 8080 }] }),
        // awsvpc → bridge, by the bridge container's alias <container>.<task id>.
        c("probe", { essential: false, command: probe(`web.${taskIdOf(web.taskArn)}`, "from-bridge") }),
      ],
      { networkMode: "awsvpc", privateIpv4Address: vpcAddress },
    );
    runner.apply(vpc);
    assert.equal(await exitOf(vpc, "probe"), 0, "the awsvpc task reached the bridge task by alias");

    // bridge → awsvpc, by the awsvpc task's id (alias of its pause container), and by <container>.<task id>.
    const client = task([
      c("main", { command: ["sh", "-c", "trap 'exit 0' TERM; sleep 300 & wait"] }),
      c("byid", { essential: false, command: probe(taskIdOf(vpc.taskArn), "from-awsvpc") }),
      c("byname", { essential: false, command: probe(`api.${taskIdOf(vpc.taskArn)}`, "from-awsvpc") }),
    ]);
    runner.apply(client);
    assert.equal(await exitOf(client, "byid"), 0, "the bridge task reached the awsvpc task by its task id");
    assert.equal(await exitOf(client, "byname"), 0, "the bridge task reached the awsvpc task by <container>.<task id>");

    // The awsvpc task is still reachable from the host on its own loopback address.
    const body = await (await fetch(`http://${vpcAddress}:8080/`)).text();
    assert.equal(body.trim(), "from-awsvpc");
  });

  it("an awsvpc task of one container holds its namespace itself: reachable at its address and by task id, no pause container", async () => {
    const address = `127.77.${Math.floor(Math.random() * 250) + 1}.${Math.floor(Math.random() * 250) + 1}`;
    const solo = task([c("solo", { command: httpd("from-solo"), portMappings: [{ containerPort: 8080 }] })], { networkMode: "awsvpc", privateIpv4Address: address });
    runner.apply(solo);
    await log.status(solo.taskArn, "RUNNING");
    const mine = await runtime.listContainers({ ...agentFilter(identity), "com.amazonaws.ecs.task-arn": solo.taskArn });
    assert.deepEqual(mine.map((x) => x.labels["berth.role"]), ["container"]);
    // from the host, on the task's own address (httpd may need a moment to listen)
    let body = "";
    for (let i = 0; i < 100 && body.trim() !== "from-solo"; i++) {
      body = await fetch(`http://${address}:8080/`).then((r) => r.text(), () => "");
      if (body.trim() !== "from-solo") await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(body.trim(), "from-solo");
    // from another task, by the task id and by <container>.<task id>
    const client = task([
      c("main", { command: ["sh", "-c", "trap 'exit 0' TERM; sleep 300 & wait"] }),
      c("byid", { essential: false, command: probe(taskIdOf(solo.taskArn), "from-solo") }),
      c("byname", { essential: false, command: probe(`solo.${taskIdOf(solo.taskArn)}`, "from-solo") }),
    ]);
    runner.apply(client);
    assert.equal(await exitOf(client, "byid"), 0);
    assert.equal(await exitOf(client, "byname"), 0);
  });

  it("a container reads its own and its task's metadata (v4 and v3) from inside, through the cluster network's gateway", async () => {
    const script = [
      GET_FN,
      // Wait until the agent knows the probe as RUNNING, so the documents below are settled.
      `for i in $(seq 1 100); do get "$base" | grep -q '"KnownStatus":"RUNNING"' && break; usleep 100000; done`,
      `echo "URI=$ECS_CONTAINER_METADATA_URI_V4 V3=$ECS_CONTAINER_METADATA_URI"`,
      `echo "CONTAINER=$(get "$base")"`,
      `echo "TASK=$(get "$base/task")"`,
      `echo "TAGS=$(get "$base/taskWithTags")"`,
      `echo "STATS=$(get "$base/stats")"`,
      `echo "TASKSTATS=$(get "$base/task/stats")"`,
      `v3=\${ECS_CONTAINER_METADATA_URI#http://}; echo "V3TASK=$(get "/\${v3#*/}/task")"`,
    ].join("\n");
    const t = task(
      [
        c("main", { cpu: 128, command: ["sh", "-c", "trap 'exit 0' TERM; sleep 300 & wait"] }),
        c("reader", { essential: false, command: ["sh", "-c", script], dockerLabels: { "user.label": "x" } }),
      ],
      { cpu: 256, memory: 512 },
    );
    runner.apply(t);
    assert.equal(await exitOf(t, "reader"), 0);
    const report = log.latest(t.taskArn)!;
    const readerId = report.containers.find((k) => k.name === "reader")!.runtimeId!;
    const mainId = report.containers.find((k) => k.name === "main")!.runtimeId!;
    const out: Record<string, string> = {};
    for await (const l of runtime.logs(readerId)) {
      const m = /^([A-Z0-9]+)=(.*)$/.exec(l.line);
      if (m) out[m[1]!] = m[2]!;
    }
    const gateway = (await runtime.inspectNetwork(clusterNetworkName(clusterArn))).gateway!;
    assert.match(out.URI ?? "", new RegExp(`^http://${gateway.replace(/\./g, "\\.")}:\\d+/v4/[0-9a-f-]{36} V3=http://.*/v3/[0-9a-f-]{36}$`));

    const container = JSON.parse(out.CONTAINER!);
    assert.equal(container.DockerId, readerId);
    assert.equal(container.Name, "reader");
    assert.match(container.DockerName, /^berth-.*-reader$/);
    assert.equal(container.Image, image);
    assert.match(container.ImageID, /^sha256:/);
    assert.equal(container.Labels["com.amazonaws.ecs.task-arn"], t.taskArn);
    assert.equal(container.Labels["com.amazonaws.ecs.container-name"], "reader");
    assert.equal(container.Labels["user.label"], "x");
    assert.equal(container.DesiredStatus, "RUNNING");
    assert.equal(container.KnownStatus, "RUNNING");
    assert.deepEqual(container.Limits, { CPU: 0, Memory: 64 });
    assert.ok(!Number.isNaN(Date.parse(container.CreatedAt)) && !Number.isNaN(Date.parse(container.StartedAt)));
    assert.equal(container.Type, "NORMAL");
    assert.equal(container.Networks[0].NetworkMode, "bridge");
    assert.match(container.Networks[0].IPv4Addresses[0], /^\d+\.\d+\.\d+\.\d+$/);

    const taskDoc = JSON.parse(out.TASK!);
    assert.equal(taskDoc.Cluster, clusterArn);
    assert.equal(taskDoc.TaskARN, t.taskArn);
    assert.equal(taskDoc.Family, "fam");
    assert.equal(taskDoc.Revision, "1");
    assert.equal(taskDoc.DesiredStatus, "RUNNING");
    assert.equal(taskDoc.KnownStatus, "RUNNING");
    assert.deepEqual(taskDoc.Limits, { CPU: 0.25, Memory: 512 });
    assert.ok(!Number.isNaN(Date.parse(taskDoc.PullStartedAt)) && !Number.isNaN(Date.parse(taskDoc.PullStoppedAt)));
    assert.deepEqual(taskDoc.Containers.map((k: { Name: string }) => k.Name), ["main", "reader"]);
    assert.equal(taskDoc.Containers[0].DockerId, mainId);
    assert.deepEqual(taskDoc.Containers[0].Limits, { CPU: 128, Memory: 64 });
    assert.equal(taskDoc.TaskTags, undefined);

    const withTags = JSON.parse(out.TAGS!);
    assert.deepEqual(withTags.TaskTags, { team: "berth" });
    assert.deepEqual(withTags.ContainerInstanceTags, { rack: "r1" });
    assert.equal(withTags.TaskARN, t.taskArn);

    const stats = JSON.parse(out.STATS!);
    for (const k of ["read", "cpu_stats", "precpu_stats", "memory_stats"]) assert.ok(k in stats, `stats has ${k}`);
    assert.equal(stats.id, readerId);
    const taskStats = JSON.parse(out.TASKSTATS!);
    assert.deepEqual(Object.keys(taskStats).sort(), [mainId, readerId].sort());
    assert.ok("memory_stats" in taskStats[mainId]);

    const v3 = JSON.parse(out.V3TASK!);
    assert.equal(v3.TaskARN, t.taskArn);
    assert.equal(v3.LaunchType, undefined, "v3 has no LaunchType");
    assert.equal(v3.Containers[1].ContainerARN, undefined, "v3 has no ContainerARN");
  });

  it("host-mode containers read the metadata endpoint on the instance's loopback address", async () => {
    const script = [GET_FN, `echo "URI=$ECS_CONTAINER_METADATA_URI_V4"`, `echo "TASK=$(get "$base/task")"`].join("\n");
    const t = task([c("main", { command: ["sh", "-c", script] })], { networkMode: "host" });
    runner.apply(t);
    const r = await log.status(t.taskArn, "STOPPED", 30_000);
    const main = r.containers[0]!;
    assert.equal(main.exitCode, 0);
    const out: Record<string, string> = {};
    for await (const l of runtime.logs(main.runtimeId!)) {
      const m = /^([A-Z]+)=(.*)$/.exec(l.line);
      if (m) out[m[1]!] = m[2]!;
    }
    assert.match(out.URI ?? "", /^http:\/\/127\.0\.0\.1:\d+\/v4\//);
    const doc = JSON.parse(out.TASK!);
    assert.equal(doc.TaskARN, t.taskArn);
    assert.deepEqual(doc.Containers[0].Networks, [{ NetworkMode: "host", IPv4Addresses: ["127.0.0.1"] }]);
  });
});
