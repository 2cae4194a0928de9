/**
 * Replacement latency (issue 5, benchmark a): `docker kill` the container of a 1-task service's
 * task, and time until the service's replacement task is RUNNING as DescribeTasks shows it; p50
 * and p99 over N trials (default 30), next to the raw latency of `docker run -d` of the same image
 * (create + start through the Engine API, until the container is running) measured in the same
 * run. Target: berth p50 at most 300 ms above raw p50.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/replacement-latency.js [--trials 30]
 *
 * Starts `berth server` (embedded agent) on 127.0.0.1 with a temporary data directory; removes
 * the service's containers, the raw containers and the directory when done.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Docker from "dockerode";
import { CreateServiceCommand, DeleteServiceCommand, DescribeTasksCommand, ECSClient, ListTasksCommand, RegisterTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { cleanup, installExitHandlers, registerTempDir, spawnChild, stopChild, waitUntil } from "./children.js";
import { ensureBusyboxImage } from "../test/support/busybox-image.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const TRIALS = arg("trials", 30);
const FAMILY = `bench-replace-${process.pid}`;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

async function main(): Promise<void> {
  installExitHandlers();
  const docker = new Docker();
  const image = await ensureBusyboxImage(docker);
  const dir = mkdtempSync(path.join(os.tmpdir(), "berth-bench-replace-"));
  registerTempDir(dir);
  const main = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../src/cli/main.js");
  const server = spawnChild("berth", process.execPath, [main, "server", "--port", "0", "--data-dir", dir, "--task-cleanup-wait", "1"]);
  const url = await waitUntil("berth listening", async () => /listening on (http:\/\/\S+)/.exec(server.output())?.[1], { timeoutMs: 30_000, child: server });
  const ecs = new ECSClient({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, maxAttempts: 1 });
  try {
    await waitUntil("the embedded agent", async () => (/container instance arn:/.test(server.output()) ? true : undefined), { timeoutMs: 30_000, child: server });
    await ecs.send(new RegisterTaskDefinitionCommand({ family: FAMILY, containerDefinitions: [{ name: "main", image, memory: 16, command: ["sleep", "3600"], stopTimeout: 1 }] }));
    await ecs.send(new CreateServiceCommand({ serviceName: "replace", taskDefinition: FAMILY, desiredCount: 1 }));
    const runningTask = async (not?: string) => {
      const { taskArns } = await ecs.send(new ListTasksCommand({ serviceName: "replace" }));
      if (!taskArns?.length) return undefined;
      const { tasks } = await ecs.send(new DescribeTasksCommand({ tasks: taskArns }));
      return tasks?.find((t) => t.lastStatus === "RUNNING" && t.taskArn !== not && t.containers?.[0]?.runtimeId);
    };
    const berth: number[] = [];
    for (let i = 0; i < TRIALS; i++) {
      const task = await waitUntil("a running task", () => runningTask(), { timeoutMs: 60_000, child: server, intervalMs: 20 });
      const t0 = performance.now();
      await docker.getContainer(task.containers![0]!.runtimeId!).kill();
      await waitUntil("the replacement", () => runningTask(task.taskArn), { timeoutMs: 60_000, child: server, intervalMs: 5 });
      berth.push(performance.now() - t0);
    }
    const raw: number[] = [];
    for (let i = 0; i < TRIALS; i++) {
      const t0 = performance.now();
      const c = await docker.createContainer({ Image: image, Cmd: ["sleep", "3600"], Labels: { "berth.bench": FAMILY } });
      await c.start();
      raw.push(performance.now() - t0);
      await c.remove({ force: true });
    }
    const row = {
      trials: TRIALS,
      berthP50: Math.round(pct(berth, 50)),
      berthP99: Math.round(pct(berth, 99)),
      rawP50: Math.round(pct(raw, 50)),
      rawP99: Math.round(pct(raw, 99)),
    };
    const over = row.berthP50 - row.rawP50;
    console.log(`replacement after docker kill: p50 ${row.berthP50} ms, p99 ${row.berthP99} ms; raw docker run -d: p50 ${row.rawP50} ms, p99 ${row.rawP99} ms`);
    console.log(`p50 over raw: ${over} ms (ratio ${(row.berthP50 / row.rawP50).toFixed(2)}) ${over <= 300 ? "ok (≤ 300 ms)" : "MISS (> 300 ms)"}`);
    console.log(`JSON ${JSON.stringify({ ...row, berth, raw })}`);
    await ecs.send(new DeleteServiceCommand({ service: "replace", force: true }));
  } finally {
    ecs.destroy();
    await stopChild(server);
    for (const label of [`com.amazonaws.ecs.task-definition-family=${FAMILY}`, `berth.bench=${FAMILY}`]) {
      const left = await docker.listContainers({ all: true, filters: { label: [label] } });
      await Promise.all(left.map((c) => docker.getContainer(c.Id).remove({ force: true })));
    }
    await cleanup();
  }
}

main().catch(async (err) => {
  console.error(err);
  await cleanup();
  process.exit(1);
});
