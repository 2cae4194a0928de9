/**
 * The agent's two conversations about tasks with the control plane: a long poll for the
 * instance's assignments, each handed to the task runner, and a pump that sends the runner's
 * reports (coalesced per task; on failure kept and sent again, newest first). Both carry whole
 * states, so a lost message only costs latency. On start, the runner first takes stock of the
 * containers a previous run of this instance left, and the first assignments adopt them.
 */
import type { AgentClient } from "../agent-protocol/client.js";
import type { TaskReport } from "../agent-protocol/messages.js";
import { MAX_POLL_WAIT_MS } from "../agent-protocol/messages.js";
import { TaskRunner } from "./tasks/task-runner.js";
import type { ContainerRuntime } from "./runtime/runtime.js";
import { awslogsHook } from "./logs/awslogs.js";
import type { TaskDns } from "./network/task-dns.js";

/** Wait after a failed call before trying again. */
export const RETRY_DELAY_MS = 1_000;

/** How long a stopped task's containers are kept (for inspection) before they are removed: one hour, as ECS. */
export const DEFAULT_STOPPED_TASK_RETENTION_MS = 60 * 60 * 1000;

export interface TaskSync {
  stop(): Promise<void>;
}

/** The cluster name inside a container-instance ARN (`.../container-instance/<cluster>/<id>`). */
export function clusterOfInstance(arn: string): string {
  const m = /:container-instance\/([^/]+)\/[^/]+$/.exec(arn);
  return m ? m[1]! : "default";
}

export function startTaskSync(opts: {
  client: AgentClient;
  runtime: ContainerRuntime;
  containerInstanceArn: string;
  agentName: string;
  /** Default DEFAULT_STOPPED_TASK_RETENTION_MS. */
  stoppedTaskRetentionMs?: number;
  allowPrivileged?: boolean;
  log: (message: string) => void;
  /** The agent's DNS relay for task containers (network/task-dns.ts). */
  dns?: TaskDns;
}): TaskSync {
  const { client, containerInstanceArn, log } = opts;
  const abort = new AbortController();
  let running = true;

  // Reports: the newest per task, sent in batches.
  const pending = new Map<string, TaskReport>();
  let flushing: Promise<void> | undefined;
  const flush = async (): Promise<void> => {
    while (running && pending.size > 0) {
      const reports = [...pending.values()];
      pending.clear();
      try {
        await client.submitTaskState({ containerInstanceArn, reports });
      } catch (err) {
        // Keep what failed unless a newer report for the same task arrived meanwhile.
        for (const r of reports) if (!pending.has(r.taskArn)) pending.set(r.taskArn, r);
        log(`berth agent: reporting task state failed (${err instanceof Error ? err.message : String(err)}); retrying`);
        await delay(RETRY_DELAY_MS, abort.signal);
      }
    }
  };
  // Stopped tasks' containers are removed once their retention has passed.
  const cleanups = new Map<string, NodeJS.Timeout>();
  const retention = opts.stoppedTaskRetentionMs ?? DEFAULT_STOPPED_TASK_RETENTION_MS;
  const scheduleCleanup = (taskArn: string) => {
    if (cleanups.has(taskArn)) return;
    const timer = setTimeout(() => {
      runner.remove(taskArn).catch((err) => log(`berth agent: removing the containers of ${taskArn} failed: ${err instanceof Error ? err.message : String(err)}`));
    }, retention);
    timer.unref();
    cleanups.set(taskArn, timer);
  };
  const logs = awslogsHook({ client, runtime: opts.runtime, containerInstanceArn, log });
  const runner = new TaskRunner({
    logs,
    runtime: opts.runtime,
    identity: { clusterName: clusterOfInstance(containerInstanceArn), containerInstanceArn, agentName: opts.agentName },
    allowPrivileged: opts.allowPrivileged,
    ...(opts.dns !== undefined && { dns: opts.dns }),
    // networking: the metadata endpoint's region and /taskWithTags
    region: containerInstanceArn.split(":")[3],
    taskTags: (taskArn) => client.getTaskTags({ containerInstanceArn, taskArn }),
    onReport(report) {
      pending.set(report.taskArn, report);
      flushing ??= flush().finally(() => (flushing = undefined));
      if (report.lastStatus === "STOPPED") scheduleCleanup(report.taskArn);
    },
  });

  // After a restart: adopt what the first assignments claim; remove the rest (running containers at
  // once, exited ones after the retention, counted from now).
  const disposeUnclaimed = () => {
    for (const t of runner.unclaimed()) {
      if (t.running) {
        log(`berth agent: removing containers of ${t.taskArn}, which no assigned task owns`);
        runner.remove(t.taskArn).catch((err) => log(`berth agent: removing the containers of ${t.taskArn} failed: ${err instanceof Error ? err.message : String(err)}`));
      } else {
        scheduleCleanup(t.taskArn);
      }
    }
  };

  const poll = async (): Promise<void> => {
    await runner.ready.catch(() => undefined);
    await runner.takeStock().catch((err) => log(`berth agent: listing this instance's containers failed (${err instanceof Error ? err.message : String(err)}); nothing adopted`));
    let first = true;
    let sequence: number | undefined;
    let lastError = "";
    while (running) {
      try {
        const res = await client.pollTasks({ containerInstanceArn, sinceSequence: sequence, waitMs: MAX_POLL_WAIT_MS }, abort.signal);
        sequence = res.sequence;
        lastError = "";
        for (const task of res.tasks) {
          runner.apply(task);
          void logs.resume(task).catch((e) => log(`berth agent: resuming awslogs of ${task.taskArn}: ${e instanceof Error ? e.message : String(e)}`));
        }
        if (first) {
          first = false;
          disposeUnclaimed();
        }
      } catch (err) {
        if (!running) return;
        const message = err instanceof Error ? err.message : String(err);
        if (message !== lastError) log(`berth agent: polling for tasks failed (${message}); retrying`);
        lastError = message;
        await delay(RETRY_DELAY_MS, abort.signal);
      }
    }
  };
  const polling = poll();

  return {
    async stop() {
      running = false;
      abort.abort();
      await polling;
      await flushing?.catch(() => undefined);
      for (const timer of cleanups.values()) clearTimeout(timer);
      await runner.close();
      await logs.close();
    },
  };
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
  });
}
