/**
 * Replacement latency (issue 5, benchmark a): `docker kill` the container of a 1-task service's
 * task, and time until the service's replacement task is RUNNING as DescribeTasks shows it; p50
 * and p99 over N trials (default 30), next to the raw latency of `docker run -d` of the same image
 * (create + start through the Engine API, until the container is running). The two are
 * interleaved, one raw start after each replacement, so that the machine's load (shared with
 * other work) weighs on both alike. Target: berth p50 at most 300 ms above raw p50.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/replacement-latency.js [--trials 30]
 *
 * For information, a third figure, also interleaved: create + start on berth's cluster network
 * (the user-defined network berth's bridge tasks join, where they reach each other by name), which
 * costs the engine more than the default bridge.
 *
 * Where the time goes, per trial, from the stamps berth and Docker keep (ms after the kill): the
 * engine's die event for the killed container (after it tore down the container's network), the
 * agent saw the container die (old task's executionStoppedAt, the agent's clock), the server
 * recorded the task STOPPED (stoppedAt), the service scheduler's pass committed the replacement
 * (new task's createdAt), the agent had it (pullStartedAt) and had image and network ready
 * (pullStoppedAt), Docker created and started the container (Created, State.StartedAt), the
 * server recorded it RUNNING (startedAt), and the bench's DescribeTasks saw it.
 *
 * Runs its own `berth server` and `berth agent` (berth-with-agent.ts: own account id, DNS port,
 * label-based cleanup); on failure prints both processes' last lines.
 */
import os from "node:os";
import Docker from "dockerode";
import { CreateServiceCommand, DeleteServiceCommand, DescribeTasksCommand, ListTasksCommand, RegisterTaskDefinitionCommand, type Task } from "@aws-sdk/client-ecs";
import { cleanup, failBench, installExitHandlers, registerDockerLabel, waitUntil } from "./children.js";
import { startBerthWithAgent } from "./berth-with-agent.js";
import { ensureBusyboxImage } from "../test/support/busybox-image.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const TRIALS = arg("trials", 30);
const FAMILY = `bench-replace-${process.pid}`;
const RAW_LABEL = `berth.bench=${FAMILY}`;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

/** The stages of one replacement, in ms after the kill (NaN where a stamp is missing). */
const STAGES = ["engineDie", "agentSawDie", "stoppedRecorded", "replacementCreated", "agentHasTask", "prepared", "dockerCreated", "dockerStarted", "runningRecorded", "benchSaw"] as const;
type Stages = Record<(typeof STAGES)[number], number>;

async function main(): Promise<void> {
  installExitHandlers();
  const loadavg = () => os.loadavg().map((l) => l.toFixed(1)).join(" ");
  const docker = new Docker();
  const image = await ensureBusyboxImage(docker);
  registerDockerLabel(RAW_LABEL);
  const berth = await startBerthWithAgent({ name: "replace" });
  const { ecs } = berth;
  const loadStart = loadavg();
  try {
    await ecs.send(new RegisterTaskDefinitionCommand({ family: FAMILY, containerDefinitions: [{ name: "main", image, memory: 16, command: ["sleep", "3600"], stopTimeout: 1 }] }));
    await ecs.send(new CreateServiceCommand({ serviceName: "replace", taskDefinition: FAMILY, desiredCount: 1 }));
    const tasks = async (): Promise<Task[]> => {
      const { taskArns } = await ecs.send(new ListTasksCommand({ serviceName: "replace", desiredStatus: "RUNNING" }));
      if (!taskArns?.length) return [];
      return (await ecs.send(new DescribeTasksCommand({ tasks: taskArns }))).tasks ?? [];
    };
    const runningTask = async (not?: string) => (await tasks()).find((t) => t.lastStatus === "RUNNING" && t.taskArn !== not && t.containers?.[0]?.runtimeId);
    // Docker's own die events for berth's containers: when the engine says the killed one died.
    const dieAt = new Map<string, number>();
    const events = await docker.getEvents({ filters: JSON.stringify({ label: [berth.containerLabel], type: ["container"], event: ["die"] }) });
    let buffered = "";
    events.on("data", (chunk: Buffer) => {
      const lines = (buffered + chunk.toString("utf8")).split("\n");
      buffered = lines.pop()!;
      for (const l of lines.filter(Boolean)) {
        const e = JSON.parse(l) as { id: string; timeNano: number };
        dieAt.set(e.id, e.timeNano / 1e6);
      }
    });
    const berthMs: number[] = [];
    const rawMs: number[] = [];
    const rawNetMs: number[] = [];
    const stages: Stages[] = [];
    const rawStart = async (into: number[], network?: string) => {
      const t0 = performance.now();
      const c = await docker.createContainer({ Image: image, Cmd: ["sleep", "3600"], Labels: { "berth.bench": FAMILY }, HostConfig: network ? { NetworkMode: network } : {} });
      await c.start();
      into.push(performance.now() - t0);
      await c.remove({ force: true });
    };
    let network: string | undefined;
    let task = await waitUntil("a running task", () => runningTask(), { timeoutMs: 60_000, child: berth.server, intervalMs: 20 });
    for (let i = 0; i < TRIALS; i++) {
      const wall0 = Date.now();
      const t0 = performance.now();
      await docker.getContainer(task.containers![0]!.runtimeId!).kill();
      const next = await waitUntil("the replacement", () => runningTask(task.taskArn), { timeoutMs: 60_000, child: berth.server, intervalMs: 5 });
      berthMs.push(performance.now() - t0);
      const seen = Date.now() - wall0;
      // The stamps, read once the replacement runs (the old task is STOPPED by then: it was replaced).
      const old = (await ecs.send(new DescribeTasksCommand({ tasks: [task.taskArn!] }))).tasks?.[0];
      const inspect = await docker.getContainer(next.containers![0]!.runtimeId!).inspect();
      network ??= Object.keys(inspect.NetworkSettings.Networks)[0];
      const rel = (d: Date | string | undefined) => (d === undefined ? NaN : new Date(d).getTime() - wall0);
      const died = dieAt.get(task.containers![0]!.runtimeId!);
      stages.push({
        engineDie: died === undefined ? NaN : died - wall0,
        agentSawDie: rel(old?.executionStoppedAt),
        stoppedRecorded: rel(old?.stoppedAt),
        replacementCreated: rel(next.createdAt),
        agentHasTask: rel(next.pullStartedAt),
        prepared: rel(next.pullStoppedAt),
        dockerCreated: rel(inspect.Created),
        dockerStarted: rel(inspect.State.StartedAt),
        runningRecorded: rel(next.startedAt),
        benchSaw: seen,
      });
      task = next;
      await rawStart(rawMs);
      // For information: the engine doing what it does for berth's task, on berth's cluster network.
      await rawStart(rawNetMs, network);
    }
    (events as unknown as { destroy(): void }).destroy();
    const row = {
      trials: TRIALS,
      berthP50: Math.round(pct(berthMs, 50)),
      berthP99: Math.round(pct(berthMs, 99)),
      rawP50: Math.round(pct(rawMs, 50)),
      rawP99: Math.round(pct(rawMs, 99)),
    };
    const over = row.berthP50 - row.rawP50;
    console.log(`load average (1 5 15 min): ${loadStart} at the start, ${loadavg()} at the end`);
    console.log(`replacement after docker kill: p50 ${row.berthP50} ms, p99 ${row.berthP99} ms; raw docker run -d (interleaved): p50 ${row.rawP50} ms, p99 ${row.rawP99} ms`);
    console.log(`for information, create + start on berth's cluster network ${network} (interleaved): p50 ${Math.round(pct(rawNetMs, 50))} ms, p99 ${Math.round(pct(rawNetMs, 99))} ms`);
    console.log(`p50 over raw: ${over} ms (ratio ${(row.berthP50 / row.rawP50).toFixed(2)}) ${over <= 300 ? "ok (≤ 300 ms)" : "MISS (> 300 ms)"}`);
    // Per stage: p50 of the time since the previous stage, and p50 of the time since the kill.
    const parts = STAGES.map((s, k) => {
      const since = stages.map((st) => st[s] - (k === 0 ? 0 : st[STAGES[k - 1]!])).filter((x) => !Number.isNaN(x));
      const at = stages.map((st) => st[s]).filter((x) => !Number.isNaN(x));
      return since.length ? `${s} +${Math.round(pct(since, 50))} (at ${Math.round(pct(at, 50))}, p90 +${Math.round(pct(since, 90))})` : `${s} -`;
    });
    console.log(`where the time goes (p50 ms since the previous stage; at: p50 ms after the kill):\n  ${parts.join("\n  ")}`);
    console.log(`JSON ${JSON.stringify({ ...row, berth: berthMs.map(Math.round), raw: rawMs.map(Math.round), rawClusterNetwork: rawNetMs.map(Math.round), stages })}`);
    await ecs.send(new DeleteServiceCommand({ service: "replace", force: true }));
  } finally {
    ecs.destroy();
  }
  await cleanup();
}

main().catch(failBench);
