/**
 * Log ingest benchmark: berth's awslogs path next to its floor, `docker logs`, in one run.
 *
 *   npm run build && node dist/bench/log-ingest.js [--lines 200000] [--stream-lines 1000000] [--runs 5]
 *
 * 1. A task whose container (awslogs driver) writes --lines lines as fast as it can, on a
 *    `bin/berth server` with its embedded agent. From the container's start (Docker's StartedAt):
 *    - berth: until the last line is the newest event GetLogEvents returns (all lines queryable;
 *      the count is checked afterwards by paging through the stream);
 *    - floor: until `docker logs -f` on the same container has printed the last line.
 *    Prints both, lines/s, and berth/floor (targets: ≥ 50,000 lines/s and within 2x of the floor).
 * 2. A stream of --stream-lines events (written with PutLogEvents, 1% containing ERROR):
 *    GetLogEvents for the newest 10,000 (median of --runs; target < 100 ms) and FilterLogEvents
 *    with the term ERROR over the whole stream (all pages).
 * --berth-node-arg passes a flag to the server's node (e.g. --cpu-prof).
 * Nothing is written but a temporary data directory, removed at the end; the task's container is
 * removed too.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import Docker from "dockerode";
import { DescribeTasksCommand, ECSClient, RegisterTaskDefinitionCommand, RunTaskCommand, StopTaskCommand } from "@aws-sdk/client-ecs";
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, FilterLogEventsCommand, GetLogEventsCommand, PutLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { cleanup, installExitHandlers, registerTempDir, spawnChild, waitUntil } from "./children.js";
import { ensureBusyboxImage } from "../test/support/busybox-image.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const BERTH_MAIN = path.resolve(here, "..", "src", "cli", "main.js");
const CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };
const TARGETS = { linesPerSecond: 50_000, floorRatio: 2, newest10kMs: 100 };

const { values } = parseArgs({
  options: {
    lines: { type: "string", default: "200000" },
    "stream-lines": { type: "string", default: "1000000" },
    runs: { type: "string", default: "5" },
    /** e.g. --berth-node-arg=--cpu-prof --berth-node-arg=--cpu-prof-dir=/tmp/prof */
    "berth-node-arg": { type: "string", multiple: true, default: [] },
  },
});
const LINES = Number(values.lines);
const STREAM_LINES = Number(values["stream-lines"]);
const RUNS = Number(values.runs);

/** utime + stime of a process, in seconds (from /proc; NaN when unavailable). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ
  } catch {
    return NaN;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const lineText = (i: number) => `line ${i} the quick brown fox jumps over the lazy dog`;

async function main(): Promise<void> {
  installExitHandlers();
  const docker = new Docker();
  const image = await ensureBusyboxImage(docker);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "berth-bench-logs-"));
  registerTempDir(dataDir);
  const server = spawnChild("berth", process.execPath, [...(values["berth-node-arg"] ?? []), BERTH_MAIN, "server", "--port", "0", "--data-dir", dataDir]);
  const url = await waitUntil("berth server", async () => /listening on (http:\/\/\S+)/.exec(server.output())?.[1], { timeoutMs: 30_000, child: server });
  const ecs = new ECSClient({ endpoint: url, region: "us-east-1", credentials: CREDENTIALS, maxAttempts: 1 });
  const logs = new CloudWatchLogsClient({ endpoint: url, region: "us-east-1", credentials: CREDENTIALS, maxAttempts: 1 });
  let containerId: string | undefined;
  try {
    // The embedded agent must have registered before RunTask can place the task.
    await waitUntil("the embedded agent", async () => (/container instance arn:/.test(server.output()) ? true : undefined), { timeoutMs: 30_000, child: server });

    // ---- 1. ingest ----
    const group = "/bench/ingest";
    await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: "bench-log-ingest",
        containerDefinitions: [
          {
            name: "writer",
            image,
            memory: 64,
            command: ["awk", `BEGIN { for (i = 1; i <= ${LINES}; i++) print "line " i " the quick brown fox jumps over the lazy dog" }`],
            logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": group, "awslogs-region": "us-east-1", "awslogs-stream-prefix": "bench", "awslogs-create-group": "true" } },
          },
        ],
      }),
    );
    const run = await ecs.send(new RunTaskCommand({ taskDefinition: "bench-log-ingest", launchType: "EC2" }));
    const taskArn = run.tasks![0]!.taskArn!;
    const stream = `bench/writer/${taskArn.slice(taskArn.lastIndexOf("/") + 1)}`;
    containerId = await waitUntil(
      "the writer container",
      // Started: `docker logs -f` on a container that is only created ends at once, empty.
      async () => {
        const found = await docker.listContainers({ all: true, filters: { label: [`com.amazonaws.ecs.task-arn=${taskArn}`] } });
        for (const c of found) {
          const state = await docker.getContainer(c.Id).inspect().then((i) => i.State, () => undefined);
          if (state !== undefined && !state.StartedAt.startsWith("0001-")) return c.Id;
        }
        return undefined;
      },
      { timeoutMs: 60_000, intervalMs: 5 },
    );
    const last = lineText(LINES);
    const loadAtStart = os.loadavg()[0]!;
    const cpuAtStart = cpuSeconds(server.proc.pid);
    const floorDone = new Promise<number>((resolve, reject) => {
      const p = spawn("docker", ["logs", "-f", containerId!], { stdio: ["ignore", "pipe", "pipe"] });
      let tail = "";
      let err = "";
      p.stderr.on("data", (d: Buffer) => (err += d.toString()));
      p.stdout.on("data", (d: Buffer) => {
        tail = (tail + d.toString("latin1")).slice(-200);
        if (tail.includes(`${last}\n`)) {
          resolve(Date.now());
          p.kill();
        }
      });
      p.on("exit", () => reject(new Error(`docker logs ended before the last line; it ended with: ${JSON.stringify(tail.slice(-120))} ${err}`)));
    });
    const berthDone = waitUntil(
      "all lines queryable in berth",
      async () => {
        const r = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, limit: 1 }));
        return r.events?.[0]?.message === last ? Date.now() : undefined;
      },
      { timeoutMs: 300_000, intervalMs: 20, child: server },
    );
    let cpuAtDone = NaN;
    const [floorAt, berthAt] = await Promise.all([floorDone, berthDone.then((at) => ((cpuAtDone = cpuSeconds(server.proc.pid)), at))]);
    // CPU the server (API, log store and embedded agent in one process) spent on the ingest: on
    // a loaded machine this says more than the wall time (it includes the bench's polling).
    const cpuMs = (cpuAtDone - cpuAtStart) * 1000;
    const started = Date.parse((await docker.getContainer(containerId).inspect()).State.StartedAt);
    const berthMs = berthAt - started;
    const floorMs = floorAt - started;
    // Every line is there once.
    let count = 0;
    let token: string | undefined;
    for (;;) {
      const r = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, nextToken: token }));
      count += r.events!.length;
      if (r.nextForwardToken === token) break;
      token = r.nextForwardToken;
    }
    await waitUntil("the task to stop", async () => ((await ecs.send(new DescribeTasksCommand({ tasks: [taskArn] }))).tasks?.[0]?.lastStatus === "STOPPED" ? true : undefined), {
      timeoutMs: 60_000,
    }).catch(async () => ecs.send(new StopTaskCommand({ task: taskArn })));

    // ---- 2. reads over a large stream ----
    const big = "/bench/big";
    await logs.send(new CreateLogGroupCommand({ logGroupName: big }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: big, logStreamName: "s" }));
    const base = Date.now() - 3_600_000;
    const writeStart = Date.now();
    for (let b = 0; b < STREAM_LINES; b += 10_000) {
      const n = Math.min(10_000, STREAM_LINES - b);
      await logs.send(
        new PutLogEventsCommand({
          logGroupName: big,
          logStreamName: "s",
          logEvents: Array.from({ length: n }, (_, k) => {
            const i = b + k;
            return { timestamp: base + Math.floor(i / 100), message: i % 100 === 0 ? `ERROR request ${i} failed` : `INFO request ${i} ok` };
          }),
        }),
      );
    }
    const writeMs = Date.now() - writeStart;
    const newest: number[] = [];
    const cpuBeforeReads = cpuSeconds(server.proc.pid);
    for (let r = 0; r < RUNS; r++) {
      const t0 = performance.now();
      const res = await logs.send(new GetLogEventsCommand({ logGroupName: big, logStreamName: "s", limit: 10_000 }));
      newest.push(performance.now() - t0);
      if (res.events!.length !== 10_000) throw new Error(`GetLogEvents returned ${res.events!.length} events`);
    }
    const newestCpuMs = ((cpuSeconds(server.proc.pid) - cpuBeforeReads) * 1000) / RUNS;
    const filter: number[] = [];
    let matched = 0;
    for (let r = 0; r < Math.min(RUNS, 3); r++) {
      const t0 = performance.now();
      matched = 0;
      let next: string | undefined;
      do {
        const res = await logs.send(new FilterLogEventsCommand({ logGroupName: big, filterPattern: "ERROR", nextToken: next }));
        matched += res.events!.length;
        next = res.nextToken;
      } while (next);
      filter.push(performance.now() - t0);
    }

    const rate = LINES / (berthMs / 1000);
    const ratio = berthMs / floorMs;
    const newestMs = median(newest);
    const mark = (ok: boolean) => (ok ? "ok" : "MISS");
    console.log(`\nlog ingest: ${LINES} lines from one container (awslogs), ${count === LINES ? "all present once" : `COUNT MISMATCH: ${count}`}`);
    console.log(`  berth  (until queryable by GetLogEvents)   ${berthMs.toFixed(0).padStart(7)} ms   ${rate.toFixed(0).padStart(8)} lines/s   target ≥ ${TARGETS.linesPerSecond}: ${mark(rate >= TARGETS.linesPerSecond)}`);
    console.log(`  floor  (docker logs -f, same container)    ${floorMs.toFixed(0).padStart(7)} ms   ${(LINES / (floorMs / 1000)).toFixed(0).padStart(8)} lines/s`);
    console.log(`  berth/floor ${ratio.toFixed(2)}x   target ≤ ${TARGETS.floorRatio}x: ${mark(ratio <= TARGETS.floorRatio)}`);
    console.log(`  berth server CPU during ingest ${cpuMs.toFixed(0)} ms (${((cpuMs * 1000) / LINES).toFixed(1)} µs/line: one core would allow ${(LINES / (cpuMs / 1000)).toFixed(0)} lines/s)   load average ${loadAtStart.toFixed(1)} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end`);
    console.log(`\nreads over a ${STREAM_LINES}-event stream (written with PutLogEvents in ${writeMs} ms, ${(STREAM_LINES / (writeMs / 1000)).toFixed(0)} events/s)`);
    console.log(`  GetLogEvents newest 10,000: median ${newestMs.toFixed(1)} ms of ${RUNS} (${newest.map((x) => x.toFixed(1)).join(", ")})   target < ${TARGETS.newest10kMs} ms: ${mark(newestMs < TARGETS.newest10kMs)}`);
    console.log(`    (server CPU per call ${newestCpuMs.toFixed(0)} ms; the rest is the SDK decoding 10,000 events and the machine's load)`);
    console.log(`  FilterLogEvents "ERROR", all pages: median ${median(filter).toFixed(0)} ms (${matched} matches)`);
    console.log(
      `JSON ${JSON.stringify({ machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model }, lines: LINES, berthMs, floorMs, cpuMs, loadAtStart, loadavg: os.loadavg(), linesPerSecond: rate, ratio, count, streamLines: STREAM_LINES, writeMs, newest10kMs: newest, newestCpuMs, filterMs: filter, matched })}`,
    );
  } finally {
    ecs.destroy();
    logs.destroy();
    await cleanup();
    if (containerId) await docker.getContainer(containerId).remove({ force: true }).catch(() => undefined);
  }
}

main().catch(async (e: unknown) => {
  console.error(e);
  await cleanup();
  process.exit(1);
});
