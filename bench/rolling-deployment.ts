/**
 * Rolling deployment (issue 5, benchmark c): a 10-task service whose container has a health check,
 * updated to a new task definition revision; the time from UpdateService until the new deployment
 * is COMPLETED (all new tasks healthy, every old task STOPPED), next to the sum of its unavoidable
 * waits measured on the same engine in the same run. Target: total / unavoidable ≤ 1.2.
 *
 *   npm run build && npm run bench:rolling -- [--tasks 10] [--min 100] [--max 200] [--interval 5] [--runs 3]
 *
 * Unavoidable waits: the waves the deployment arithmetic allows (min/max percent), and per wave
 *  - stopping the old tasks that must go before new ones fit (raw: `docker stop` of that many
 *    containers at once, through the Engine API),
 *  - starting the wave's new containers (raw: create + start of that many containers at once),
 *  - their first health check: Docker probes `interval` seconds after the start and one success
 *    is HEALTHY (retries only count failures, so the bench uses retries 1: interval × retries),
 *  - and, after the last wave, stopping the old tasks still running.
 * The container is `sh` trapping SIGTERM (exits at once when stopped, as a well-behaved service).
 * Docker itself takes a few hundred ms more than the interval to mark a container HEALTHY on a
 * loaded machine (it runs the probe, 10 at once here): the bench also times that, raw, and prints
 * the ratio to that measured floor beside the target's.
 *
 * Also printed per run: when the last new task was seen HEALTHY and the last old task seen STOPPED
 * (polling DescribeTasks every 100 ms), to show where the time goes.
 *
 * Runs its own `berth server` and `berth agent` (berth-with-agent.ts: own account id, DNS port and
 * cleanup by label, one instance with the host's resources) on 127.0.0.1; removes every container
 * it made when done, failed or interrupted, and on failure prints both processes' last lines.
 */
import os from "node:os";
import Docker from "dockerode";
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type Task,
} from "@aws-sdk/client-ecs";
import { cleanup, failBench, installExitHandlers, registerDockerLabel, waitUntil } from "./children.js";
import { startBerthWithAgent } from "./berth-with-agent.js";
import { ensureBusyboxImage } from "../test/support/busybox-image.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
if (process.argv.includes("--help")) {
  console.log("node dist/bench/rolling-deployment.js [--tasks 10] [--min 100] [--max 200] [--interval 5] [--runs 3] [--berth-node-arg=ARG ...]");
  process.exit(0);
}
const TASKS = arg("tasks", 10);
const MIN = arg("min", 100);
const MAX = arg("max", 200);
const INTERVAL = arg("interval", 5);
const RUNS = arg("runs", 3);
const FAMILY = `bench-rolling-${process.pid}`;
const SERVICE = "rolling";
const COMMAND = ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"];

/** The waves ECS's arithmetic allows: per wave, old tasks stopped before starting, and tasks started. */
function waves(desired: number, minPercent: number, maxPercent: number): { stopFirst: number; start: number }[] {
  const minHealthy = Math.ceil((desired * minPercent) / 100);
  const maxTotal = Math.floor((desired * maxPercent) / 100);
  let old = desired;
  let fresh = 0;
  const out: { stopFirst: number; start: number }[] = [];
  while (fresh < desired) {
    // Old tasks beyond what keeps `minHealthy` healthy go first (the new ones are healthy by now).
    const keep = Math.max(0, minHealthy - fresh);
    const stopFirst = Math.max(0, old - keep);
    old -= stopFirst;
    const start = Math.min(desired - fresh, maxTotal - old - fresh);
    if (start <= 0) throw new Error(`min ${minPercent} / max ${maxPercent} lets nothing move`);
    out.push({ stopFirst, start });
    fresh += start;
  }
  if (old > 0) out.push({ stopFirst: old, start: 0 });
  return out;
}

async function main(): Promise<void> {
  installExitHandlers();
  const docker = new Docker();
  const image = await ensureBusyboxImage(docker);
  const label = `berth.bench=${FAMILY}`;
  registerDockerLabel(label);

  /**
   * Raw: create + start `n` containers at once (with the task's health check), until all run; then,
   * for information, until Docker has marked them all healthy (the probe's own run time under this
   * load is on top of the interval); then stop them all at once.
   */
  async function raw(n: number): Promise<{ startMs: number; healthyMs: number; stopMs: number }> {
    const events = await docker.getEvents({ filters: JSON.stringify({ label: [label], event: ["health_status"] }) });
    const healthy = new Set<string>();
    let allHealthy: () => void = () => undefined;
    const healthyAll = new Promise<void>((resolve) => (allHealthy = resolve));
    let buffered = "";
    events.on("data", (chunk: Buffer) => {
      buffered += chunk.toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines.filter(Boolean)) {
        const e = JSON.parse(line) as { id: string; status: string };
        if (e.status.includes("healthy") && !e.status.includes("unhealthy")) healthy.add(e.id);
        if (healthy.size >= n) allHealthy();
      }
    });
    const t0 = performance.now();
    const cs = await Promise.all(
      Array.from({ length: n }, async () => {
        const c = await docker.createContainer({
          Image: image,
          Cmd: COMMAND,
          Labels: { "berth.bench": FAMILY },
          StopTimeout: 1,
          Healthcheck: { Test: ["CMD-SHELL", "exit 0"], Interval: INTERVAL * 1e9, Retries: 1, Timeout: 10e9 },
        } as Docker.ContainerCreateOptions);
        await c.start();
        return c;
      }),
    );
    const startMs = performance.now() - t0;
    await healthyAll;
    const healthyMs = performance.now() - t0;
    (events as unknown as { destroy(): void }).destroy();
    const t1 = performance.now();
    await Promise.all(cs.map((c) => c.stop({ t: 1 })));
    const stopMs = performance.now() - t1;
    await Promise.all(cs.map((c) => c.remove({ force: true })));
    return { startMs, healthyMs, stopMs };
  }

  const nodeArgs = process.argv.filter((a) => a.startsWith("--berth-node-arg=")).map((a) => a.slice("--berth-node-arg=".length));
  const berth = await startBerthWithAgent({ name: "rolling", nodeArgs });
  const { ecs, server } = berth;
  const register = async () => {
    const { taskDefinition } = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: FAMILY,
        containerDefinitions: [
          { name: "main", image, memory: 16, command: COMMAND, stopTimeout: 1, healthCheck: { command: ["CMD-SHELL", "exit 0"], interval: INTERVAL, retries: 1, timeout: 10 } },
        ],
      }),
    );
    return taskDefinition!.taskDefinitionArn!;
  };
  const tasksOf = async (): Promise<Task[]> => {
    const arns: string[] = [];
    for (const desiredStatus of ["RUNNING", "STOPPED"] as const) arns.push(...((await ecs.send(new ListTasksCommand({ serviceName: SERVICE, desiredStatus }))).taskArns ?? []));
    const out: Task[] = [];
    for (let i = 0; i < arns.length; i += 100) out.push(...((await ecs.send(new DescribeTasksCommand({ tasks: arns.slice(i, i + 100) }))).tasks ?? []));
    return out;
  };
  const steady = async (td: string) => {
    const s = (await ecs.send(new DescribeServicesCommand({ services: [SERVICE] }))).services?.[0];
    const primary = s?.deployments?.find((d) => d.status === "PRIMARY");
    return s?.deployments?.length === 1 && primary?.taskDefinition === td && primary.rolloutState === "COMPLETED" ? primary : undefined;
  };

  try {
    let td = await register();
    await ecs.send(
      new CreateServiceCommand({
        serviceName: SERVICE,
        taskDefinition: td,
        desiredCount: TASKS,
        deploymentConfiguration: { minimumHealthyPercent: MIN, maximumPercent: MAX },
      }),
    );
    await waitUntil("the service steady", () => steady(td), { timeoutMs: 120_000, child: server, intervalMs: 200 });
    const plan = waves(TASKS, MIN, MAX);
    const rows: Record<string, number>[] = [];
    for (let r = 0; r < RUNS; r++) {
      // Raw figures for this run's waves, taken right before it (same engine, same load).
      let unavoidable = 0;
      let measured = 0;
      const rawParts: string[] = [];
      for (const w of plan) {
        if (w.stopFirst > 0) {
          const { stopMs } = await raw(w.stopFirst);
          unavoidable += stopMs;
          measured += stopMs;
          rawParts.push(`stop ${w.stopFirst}: ${Math.round(stopMs)}`);
        }
        if (w.start > 0) {
          const { startMs, healthyMs } = await raw(w.start);
          unavoidable += startMs + INTERVAL * 1000;
          measured += healthyMs;
          rawParts.push(`start ${w.start}: ${Math.round(startMs)} + health ${INTERVAL * 1000} (all HEALTHY by Docker at ${Math.round(healthyMs)})`);
        }
      }
      const oldTd = td;
      td = await register();
      const t0 = Date.now();
      await ecs.send(new UpdateServiceCommand({ service: SERVICE, taskDefinition: td }));
      const answered = Date.now() - t0;
      let lastHealthy = 0;
      let lastStopped = 0;
      const seenHealthy = new Set<string>();
      const seenStopped = new Set<string>();
      const watch = (async () => {
        while (seenHealthy.size < TASKS || seenStopped.size < TASKS) {
          for (const t of await tasksOf()) {
            if (t.taskDefinitionArn === td && t.healthStatus === "HEALTHY" && !seenHealthy.has(t.taskArn!)) (seenHealthy.add(t.taskArn!), (lastHealthy = Date.now() - t0));
            if (t.taskDefinitionArn === oldTd && t.lastStatus === "STOPPED" && !seenStopped.has(t.taskArn!)) (seenStopped.add(t.taskArn!), (lastStopped = Date.now() - t0));
          }
          await new Promise((res) => setTimeout(res, 100));
        }
      })();
      await waitUntil("the deployment COMPLETED", () => steady(td), { timeoutMs: 300_000, child: server, intervalMs: 50 });
      const total = Date.now() - t0;
      await watch;
      // Where berth's time went, from the tasks' own timestamps (the server's clock, this machine).
      const all = await tasksOf();
      const at = (ts: Task[], f: (t: Task) => Date | undefined) => Math.max(...ts.map((t) => (f(t)?.getTime() ?? NaN) - t0));
      const fresh = all.filter((t) => t.taskDefinitionArn === td);
      const old = all.filter((t) => t.taskDefinitionArn === oldTd);
      const timeline = {
        updateAnswered: answered,
        newCreated: at(fresh, (t) => t.createdAt),
        newStarted: at(fresh, (t) => t.startedAt),
        newHealthySeen: lastHealthy,
        oldStopping: at(old, (t) => t.stoppingAt),
        oldStopped: at(old, (t) => t.stoppedAt),
      };
      console.log(`  raw (ms): ${rawParts.join(", ")}; berth (ms after UpdateService, last task of each): ${JSON.stringify(timeline)}`);
      // A new task that failed (a probe timing out on an overloaded machine) was replaced: say so.
      const replaced = fresh.filter((t) => t.desiredStatus === "STOPPED");
      if (replaced.length > 0) console.log(`  ${replaced.length} new task(s) replaced: ${[...new Set(replaced.map((t) => t.stoppedReason))].join("; ")}`);
      // The server's complaints (a controller pass that failed and backs off) say where time went.
      const complaints = [server, berth.agent].flatMap((c) => c.output().split("\n").filter((l) => /pass failed|error/i.test(l)));
      for (const l of complaints.slice(-5)) console.log(`  berth said: ${l.slice(0, 300)}`);
      const row = {
        total,
        unavoidable: Math.round(unavoidable),
        ratio: +(total / unavoidable).toFixed(3),
        measuredFloor: Math.round(measured),
        ratioToMeasured: +(total / measured).toFixed(3),
        lastNewHealthy: lastHealthy,
        lastOldStopped: lastStopped,
      };
      rows.push(row);
      console.log(
        `run ${r + 1} (load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}): ${TASKS} tasks, min ${MIN}% max ${MAX}% (${plan.filter((w) => w.start > 0).length} wave(s)): total ${total} ms, unavoidable ${row.unavoidable} ms, ratio ${row.ratio} ` +
          `${row.ratio <= 1.2 ? "ok (≤ 1.2)" : "MISS (> 1.2)"}; with Docker's own time to HEALTHY instead of the interval: ${row.measuredFloor} ms, ratio ${row.ratioToMeasured}`,
      );
    }
    const ratios = rows.map((r) => r.ratio!).sort((a, b) => a - b);
    const median = ratios[Math.floor(ratios.length / 2)]!;
    console.log(`median ratio ${median} ${median <= 1.2 ? "ok (≤ 1.2)" : "MISS (> 1.2)"}`);
    console.log(`JSON ${JSON.stringify({ tasks: TASKS, min: MIN, max: MAX, interval: INTERVAL, waves: plan, runs: rows })}`);
    await ecs.send(new DeleteServiceCommand({ service: SERVICE, force: true }));
  } finally {
    ecs.destroy();
  }
  await cleanup();
}

main().catch(failBench);
