/**
 * RunTask benchmark: how long berth takes to get a task RUNNING, next to raw `docker run -d` of
 * the same image, measured in the same run on the same engine.
 *
 *   npm run build && npm run bench:run-task -- [--launches 50] [--launch-type EC2,FARGATE] [--observe stamp|poll]
 *
 * 1. Latency: `--launches` times (default 50, after 3 unmeasured warm-ups each), interleaved:
 *    - berth: from sending RunTask (count 1) until berth recorded the task RUNNING. How that moment
 *      is observed (`--observe`):
 *        stamp (default)  the task's `startedAt`: the server's clock when it applied the agent's
 *                         RUNNING report, in the transaction that makes DescribeTasks say RUNNING
 *                         (so it is early by that commit, a few ms). DescribeTasks is polled every
 *                         `--poll-ms` (default 25) only to fetch it, so polling does not load the
 *                         2-CPU machine that runs the engine too;
 *        poll             when a DescribeTasks poll first sees RUNNING, polled back to back (one
 *                         request in flight; `--poll-ms` default 0): the polling load is then part
 *                         of the figure.
 *    - floor: `docker run -d <image> sleep 3600` (the CLI, until it returns: the container is
 *      started); also, for information, create + start through the Engine API (no CLI).
 *    - network floor: `docker run -d --network <net> ...`, on a user-defined bridge network the
 *      bench creates (and removes): berth puts tasks on such a network (the cluster network, so
 *      they reach each other by name), which costs the engine more to create and start a
 *      container on than the default bridge. berth p50 − this floor's p50 is berth's own overhead.
 *    p50/p99 of each, and berth p50 − floor p50 (the target: ≤ 50 ms over plain
 *    `docker run -d`), and berth p50 − network floor p50.
 * 2. Throughput: 50 tasks, as five RunTask calls of count 10 at once, until all 50 are RUNNING;
 *    next to 50 `docker run -d` by five concurrent workers (10 each), plain and on the network.
 *    Ratio floor time / berth time (target ≥ 0.9, against plain).
 * For each launch type asked: EC2 (a bridge-mode task on the embedded agent's instance) and
 * FARGATE (awsvpc on managed capacity: a pause container holds the task's network namespace, so
 * it starts two containers where `docker run` starts one).
 *
 * berth runs as `node dist/src/cli/main.js server --port 0` with a temporary data dir and its
 * embedded agent on the local Docker engine. The image is berth-test/busybox:1, built locally.
 * Every container either side made is removed between phases and at the end (by label).
 */
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import Docker from "dockerode";
import { callEcsOk, closeClient, type Endpoint } from "./aws-client.js";
import { cleanup, installExitHandlers, registerTempDir, spawnChild, waitUntil, type Child } from "./children.js";
import { ensureBusyboxImage } from "../test/support/busybox-image.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..");
const BERTH_MAIN = path.join(root, "dist", "src", "cli", "main.js");
const RAW_LABEL = "berth-bench=run-task-raw";
/** The network floor's user-defined bridge network (created and removed by the bench). */
const FLOOR_NETWORK = `berth-bench-run-task-${process.pid}`;
const FAMILY_LABEL = "com.amazonaws.ecs.task-definition-family";
const TARGETS = { latencyOverMs: 50, throughputRatio: 0.9 } as const;

type LaunchType = "EC2" | "FARGATE";

interface Options {
  launches: number;
  warmups: number;
  pollMs: number;
  observe: "stamp" | "poll";
  launchTypes: LaunchType[];
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      launches: { type: "string", default: "50" },
      warmups: { type: "string", default: "3" },
      "poll-ms": { type: "string" },
      observe: { type: "string", default: "stamp" },
      "launch-type": { type: "string", default: "EC2,FARGATE" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`Usage: npm run bench:run-task -- [flags]
  --launches N        measured launches per side for the latency figures (default 50)
  --warmups N         unmeasured launches per side first (default 3)
  --observe MODE      stamp (default: berth's own record of RUNNING, startedAt) or poll (first poll that sees RUNNING)
  --poll-ms MS        pause between DescribeTasks polls (default 25 with stamp, 0 with poll: back to back)
  --launch-type LIST  EC2, FARGATE or both (default EC2,FARGATE)
`);
    process.exit(0);
  }
  const launchTypes = values["launch-type"]!.split(",").map((s) => s.trim().toUpperCase()) as LaunchType[];
  for (const t of launchTypes) if (t !== "EC2" && t !== "FARGATE") throw new Error(`--launch-type: unknown '${t}'`);
  const observe = values.observe as Options["observe"];
  if (observe !== "stamp" && observe !== "poll") throw new Error("--observe must be stamp or poll");
  const pollMs = Number(values["poll-ms"] ?? (observe === "stamp" ? 25 : 0));
  return { launches: Number(values.launches), warmups: Number(values.warmups), pollMs, observe, launchTypes };
}

// ---------------------------------------------------------------------------------------------
// berth

async function startBerth(dir: string): Promise<{ child: Child; endpoint: Endpoint }> {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("BERTH_")) delete env[k];
  const child = spawnChild("berth", process.execPath, [BERTH_MAIN, "server", "--port", "0", "--host", "127.0.0.1", "--data-dir", path.join(dir, "data")], { env });
  const port = await waitUntil("berth start", async () => {
    const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(child.output());
    return m ? Number(m[1]) : undefined;
  }, { timeoutMs: 30_000, child, intervalMs: 20 });
  const endpoint = { host: "127.0.0.1", port };
  // The embedded agent has registered once the default cluster shows its instance.
  await waitUntil("the embedded agent", async () => {
    const r = await callEcsOk(endpoint, "ListContainerInstances", { cluster: "default" }, "berth");
    return (JSON.parse(r.body).containerInstanceArns as string[]).length > 0 ? true : undefined;
  }, { timeoutMs: 30_000, child, intervalMs: 50 });
  return { child, endpoint };
}

const ecs = async <T>(e: Endpoint, op: string, input: unknown): Promise<T> => JSON.parse((await callEcsOk(e, op, input, "berth")).body) as T;

interface RunTaskOut {
  tasks: { taskArn: string }[];
  failures: unknown[];
}

function runTaskInput(family: string, launchType: LaunchType, count: number): Record<string, unknown> {
  return {
    cluster: "default",
    taskDefinition: family,
    count,
    launchType,
    ...(launchType === "FARGATE" && { networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-bench"] } } }),
  };
}

async function runTasks(e: Endpoint, family: string, launchType: LaunchType, count: number): Promise<string[]> {
  const out = await ecs<RunTaskOut>(e, "RunTask", runTaskInput(family, launchType, count));
  if (out.failures.length > 0 || out.tasks.length !== count) throw new Error(`RunTask failed: ${JSON.stringify(out.failures)}`);
  return out.tasks.map((t) => t.taskArn);
}

interface DescribedTask {
  taskArn: string;
  lastStatus: string;
  stoppedReason?: string;
  /** Epoch seconds (AWS JSON timestamps). */
  createdAt: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  connectivityAt?: number;
  containers?: { runtimeId?: string }[];
}

/** When berth had the tasks RUNNING, in epoch ms: as recorded (stamp) or as first seen (poll). */
function runningAt(tasks: DescribedTask[], seen: number, observe: Options["observe"]): number {
  if (observe === "poll") return seen;
  return Math.max(...tasks.map((t) => Math.round((t.startedAt ?? seen / 1000) * 1000)));
}

/** Polls DescribeTasks until every task is RUNNING (and returns them); fails on a STOPPED one. */
async function untilRunning(e: Endpoint, arns: string[], pollMs: number): Promise<DescribedTask[]> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const out = await ecs<{ tasks: DescribedTask[] }>(e, "DescribeTasks", { cluster: "default", tasks: arns });
    const stopped = out.tasks.find((t) => t.lastStatus === "STOPPED");
    if (stopped) throw new Error(`task stopped instead of running: ${stopped.stoppedReason}`);
    if (out.tasks.length === arns.length && out.tasks.every((t) => t.lastStatus === "RUNNING")) return out.tasks;
    if (Date.now() > deadline) throw new Error(`tasks not RUNNING after 120 s`);
    if (pollMs > 0) await new Promise((r) => setTimeout(r, pollMs));
  }
}

// ---------------------------------------------------------------------------------------------
// The floor: the Docker CLI and the Engine API

function dockerRun(image: string, network?: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const net = network === undefined ? [] : ["--network", network];
    const p = spawn("docker", ["run", "-d", "--label", RAW_LABEL, ...net, image, "sleep", "3600"], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    p.stderr!.on("data", (d) => (err += d));
    p.on("error", reject);
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`docker run exited ${code}: ${err}`))));
  });
}

async function engineRun(docker: Docker, image: string): Promise<string> {
  const c = await docker.createContainer({ Image: image, Cmd: ["sleep", "3600"], Labels: { "berth-bench": "run-task-raw" } });
  await c.start();
  return c.id;
}

/** The engine's own stamps of a container: created, and its process started (epoch ms). */
async function engineStamps(docker: Docker, id: string | undefined): Promise<{ created: number; started: number } | undefined> {
  if (id === undefined) return undefined;
  const i = await docker.getContainer(id).inspect();
  return { created: new Date(i.Created).getTime(), started: new Date(i.State.StartedAt).getTime() };
}

async function removeAll(docker: Docker, labels: string[]): Promise<number> {
  let n = 0;
  for (const label of labels) {
    const list = await docker.listContainers({ all: true, filters: { label: [label] } });
    n += list.length;
    // A few at a time: removing is the engine's work, and the next phase should not share it.
    for (let i = 0; i < list.length; i += 8) await Promise.all(list.slice(i, i + 8).map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  }
  return n;
}

// ---------------------------------------------------------------------------------------------
// Figures

const timed = async (fn: () => Promise<unknown>): Promise<number> => {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

function stats(samples: number[]): { p50: number; p99: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const verdict = (ok: boolean) => (ok ? "ok" : "MISS");

async function main(): Promise<void> {
  installExitHandlers();
  const opts = options();
  const docker = new Docker();
  const image = await ensureBusyboxImage(docker);
  const dir = mkdtempSync(path.join(os.tmpdir(), "berth-bench-run-task-"));
  registerTempDir(dir);
  const families: Record<LaunchType, string> = { EC2: `bench-ec2-${process.pid}`, FARGATE: `bench-fargate-${process.pid}` };
  const labels = [RAW_LABEL, ...Object.values(families).map((f) => `${FAMILY_LABEL}=${f}`)];
  const results: Record<string, unknown> = {};
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");
  process.stdout.write(`berth RunTask bench\n  machine ${os.cpus().length} CPUs, ${os.cpus()[0]?.model ?? "?"}, load average ${load()}\n  node    ${process.version}\n  image   ${image}\n`);
  process.stdout.write("starting berth ... ");
  const berth = await startBerth(dir);
  process.stdout.write(`ok (127.0.0.1:${berth.endpoint.port})\n`);
  await docker.createNetwork({ Name: FLOOR_NETWORK, Driver: "bridge", Labels: { "berth-bench": "run-task" } });
  try {
    await ecs(berth.endpoint, "RegisterTaskDefinition", {
      family: families.EC2,
      containerDefinitions: [{ name: "main", image, memory: 16, command: ["sleep", "3600"] }],
    });
    await ecs(berth.endpoint, "RegisterTaskDefinition", {
      family: families.FARGATE,
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      cpu: "256",
      memory: "512",
      containerDefinitions: [{ name: "main", image, command: ["sleep", "3600"] }],
    });

    for (const lt of opts.launchTypes) {
      const family = families[lt];
      // ---- latency
      const berthMs: number[] = [];
      const cliMs: number[] = [];
      const apiMs: number[] = [];
      // `docker run -d` on a user-defined bridge network, as berth's tasks are on one.
      const netMs: number[] = [];
      // Where berth's time goes, along the agent's path, from the stamps berth and Docker keep:
      // RunTask's commit (createdAt) → the agent has it (pullStartedAt: long poll woken, assignment
      // delivered) → image checked and network ready (pullStoppedAt) → Docker created the app
      // container (Created: the chain's step, create call) → its process started (State.StartedAt:
      // the engine) → berth recorded it RUNNING (startedAt: start event, inspect, report, commit).
      const phases = { answer: [] as number[], deliver: [] as number[], prepare: [] as number[], create: [] as number[], start: [] as number[], report: [] as number[] };
      const engineBerthMs: number[] = [];
      const engineFloorMs: number[] = [];
      for (let i = 0; i < opts.warmups + opts.launches; i++) {
        const t0 = Date.now();
        const arns = await runTasks(berth.endpoint, family, lt, 1);
        const answered = Date.now();
        const task = (await untilRunning(berth.endpoint, arns, opts.pollMs))[0]!;
        const running = runningAt([task], Date.now(), opts.observe);
        const b = running - t0;
        const app = i >= opts.warmups ? await engineStamps(docker, task.containers?.[task.containers.length - 1]?.runtimeId) : undefined;
        if (app !== undefined && task.pullStartedAt !== undefined && task.pullStoppedAt !== undefined) {
          phases.answer.push(answered - t0);
          phases.deliver.push(task.pullStartedAt * 1000 - task.createdAt * 1000);
          phases.prepare.push(task.pullStoppedAt * 1000 - task.pullStartedAt * 1000);
          phases.create.push(app.created - task.pullStoppedAt * 1000);
          phases.start.push(app.started - app.created);
          phases.report.push(running - app.started);
        }
        const c = await timed(() => dockerRun(image));
        const n = await timed(() => dockerRun(image, FLOOR_NETWORK));
        let floorId: string | undefined;
        const a = await timed(async () => (floorId = await engineRun(docker, image)));
        if (i >= opts.warmups) {
          const ef = await engineStamps(docker, floorId);
          if (app !== undefined && ef !== undefined) {
            engineBerthMs.push(app.started - app.created);
            engineFloorMs.push(ef.started - ef.created);
          }
          berthMs.push(b);
          cliMs.push(c);
          apiMs.push(a);
          netMs.push(n);
        }
      }
      await removeAll(docker, labels);
      const sb = stats(berthMs);
      const sc = stats(cliMs);
      const sa = stats(apiMs);
      const sn = stats(netMs);
      const over = sb.p50 - sc.p50;
      const overNet = sb.p50 - sn.p50;
      process.stdout.write(
        `\n${lt} (load average ${load()}): RunTask → RUNNING (${opts.observe === "stamp" ? "as berth recorded it" : "as first seen by polling"}), ${opts.launches} launches one at a time\n` +
          `  berth                   p50 ${ms(sb.p50)}  p99 ${ms(sb.p99)}  mean ${ms(sb.mean)}\n` +
          `  floor docker run -d     p50 ${ms(sc.p50)}  p99 ${ms(sc.p99)}  mean ${ms(sc.mean)}\n` +
          `  floor ... --network     p50 ${ms(sn.p50)}  p99 ${ms(sn.p99)}  mean ${ms(sn.mean)}   (a user-defined bridge, as berth's cluster network)\n` +
          `  (engine create+start    p50 ${ms(sa.p50)}  p99 ${ms(sa.p99)}  mean ${ms(sa.mean)}, default bridge)\n` +
          `  berth's path, p50s: RunTask answered ${ms(stats(phases.answer).p50)}; createdAt → agent has it ${ms(stats(phases.deliver).p50)} → image+network ready ${ms(stats(phases.prepare).p50)} → container created ${ms(stats(phases.create).p50)} → started ${ms(stats(phases.start).p50)} → RUNNING recorded ${ms(stats(phases.report).p50)}\n` +
          `  engine Created→StartedAt p50: berth's container ${ms(stats(engineBerthMs).p50)}, the Engine API floor's ${ms(stats(engineFloorMs).p50)}\n` +
          `  berth p50 − floor p50 = ${ms(over)}   ratio ${(sb.p50 / sc.p50).toFixed(2)}   target ≤ ${TARGETS.latencyOverMs} ms: ${verdict(over <= TARGETS.latencyOverMs)}\n` +
          `  berth p50 − network floor p50 = ${ms(overNet)}   ratio ${(sb.p50 / sn.p50).toFixed(2)}   (berth's own overhead; ≤ ${TARGETS.latencyOverMs} ms: ${verdict(overNet <= TARGETS.latencyOverMs)})\n`,
      );

      // ---- throughput: the floor before and after berth (the machine's load drifts; their mean is
      // the floor berth is compared with), containers removed between phases.
      const rawBurst = (network?: string) => timed(() => Promise.all(Array.from({ length: 5 }, async () => {
        for (let i = 0; i < 10; i++) await dockerRun(image, network);
      })));
      const rawBefore = await rawBurst();
      await removeAll(docker, labels);
      const netBefore = await rawBurst(FLOOR_NETWORK);
      await removeAll(docker, labels);
      const t0 = Date.now();
      const arns = (await Promise.all(Array.from({ length: 5 }, () => runTasks(berth.endpoint, family, lt, 10)))).flat();
      const berthThroughput = runningAt(await untilRunning(berth.endpoint, arns, opts.pollMs), Date.now(), opts.observe) - t0;
      await removeAll(docker, labels);
      const netAfter = await rawBurst(FLOOR_NETWORK);
      await removeAll(docker, labels);
      const rawAfter = await rawBurst();
      await removeAll(docker, labels);
      const rawThroughput = (rawBefore + rawAfter) / 2;
      const netThroughput = (netBefore + netAfter) / 2;
      const ratio = rawThroughput / berthThroughput;
      const netRatio = netThroughput / berthThroughput;
      process.stdout.write(
        `${lt}: 50 tasks RUNNING (5 × RunTask count 10, at once) vs 50 docker run -d (5 workers × 10)\n` +
          `  berth ${ms(berthThroughput)} (${(50_000 / berthThroughput).toFixed(1)} tasks/s)   floor ${ms(rawThroughput)} (${(50_000 / rawThroughput).toFixed(1)} containers/s; before ${ms(rawBefore)}, after ${ms(rawAfter)})\n` +
          `  network floor ${ms(netThroughput)} (${(50_000 / netThroughput).toFixed(1)} containers/s; before ${ms(netBefore)}, after ${ms(netAfter)})\n` +
          `  ratio floor/berth ${ratio.toFixed(2)}   target ≥ ${TARGETS.throughputRatio}: ${verdict(ratio >= TARGETS.throughputRatio)}   network floor/berth ${netRatio.toFixed(2)}\n`,
      );
      const path = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, stats(v).p50]));
      results[lt] = {
        latency: { berth: sb, dockerRun: sc, dockerRunNetwork: sn, engineApi: sa, overMs: over, overNetworkMs: overNet, pathP50: path },
        throughput: { berthMs: berthThroughput, dockerRunMs: rawThroughput, dockerRunBeforeMs: rawBefore, dockerRunAfterMs: rawAfter, ratio, dockerRunNetworkMs: netThroughput, networkRatio: netRatio },
      };
    }
    process.stdout.write(`\nJSON ${JSON.stringify({ loadAverage: os.loadavg(), launches: opts.launches, observe: opts.observe, pollMs: opts.pollMs, results })}\n`);
  } finally {
    const removed = await removeAll(docker, labels);
    process.stdout.write(`removed ${removed} leftover containers\n`);
    closeClient();
    await cleanup();
    // The agent may have had containers in flight when the server stopped.
    await removeAll(docker, labels);
    await docker.getNetwork(FLOOR_NETWORK).remove().catch(() => undefined);
    // The server stopped with its stopped tasks' containers still standing, so its agent kept the
    // cluster network: with them gone it goes too (the engine refuses while anything else uses it).
    const clusterNetworks = await docker.listNetworks({ filters: { label: ["berth.cluster-arn=arn:aws:ecs:us-east-1:000000000000:cluster/default"] } });
    for (const n of clusterNetworks) await docker.getNetwork(n.Id).remove().catch(() => undefined);
  }
}

main().catch(async (err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  await cleanup();
  process.exit(1);
});
