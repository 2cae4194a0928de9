/**
 * Test helpers for the task runner: assignments, and a report log to wait on (conditions, never
 * fixed sleeps). Used by the fake-runtime and the Docker tests.
 */
import { randomBytes } from "node:crypto";
import type { AssignedTask, TaskReport } from "../../agent-protocol/messages.js";
import type { AgentIdentity } from "./labels.js";

export function testIdentity(): AgentIdentity {
  const id = randomBytes(6).toString("hex");
  return {
    clusterName: "test",
    containerInstanceArn: `arn:aws:ecs:us-east-1:000000000000:container-instance/test/${id}`,
    agentName: `agent-${id}`,
  };
}

let seq = 0;

export function assignedTask(
  containers: Record<string, unknown>[],
  extra: Partial<AssignedTask> = {},
): AssignedTask {
  const id = `${randomBytes(8).toString("hex")}${seq++}`;
  return {
    taskArn: `arn:aws:ecs:us-east-1:000000000000:task/test/${id}`,
    clusterArn: "arn:aws:ecs:us-east-1:000000000000:cluster/test",
    taskDefinitionArn: "arn:aws:ecs:us-east-1:000000000000:task-definition/fam:1",
    family: "fam",
    version: 1,
    desiredStatus: "RUNNING",
    networkMode: "bridge",
    containers: containers.map((definition) => ({ definition })),
    volumes: [],
    ...extra,
  };
}

export function stopped(task: AssignedTask, reason = "stopped by test"): AssignedTask {
  return { ...task, version: task.version + 1, desiredStatus: "STOPPED", stopCode: "UserInitiated", stoppedReason: reason };
}

/** Every report, and waiting for one that meets a condition. */
export class ReportLog {
  readonly all: TaskReport[] = [];
  private waiters: { arn: string; test: (r: TaskReport) => boolean; resolve: (r: TaskReport) => void }[] = [];

  readonly onReport = (r: TaskReport): void => {
    this.all.push(structuredClone(r));
    this.waiters = this.waiters.filter((w) => {
      if (w.arn !== r.taskArn || !w.test(r)) return true;
      w.resolve(r);
      return false;
    });
  };

  latest(arn: string): TaskReport | undefined {
    for (let i = this.all.length - 1; i >= 0; i--) if (this.all[i]!.taskArn === arn) return this.all[i];
    return undefined;
  }

  of(arn: string): TaskReport[] {
    return this.all.filter((r) => r.taskArn === arn);
  }

  /** Resolves with the first report (past or future) of `arn` that meets `test`. */
  waitFor(arn: string, test: (r: TaskReport) => boolean, what: string, timeoutMs = 20_000): Promise<TaskReport> {
    const seen = this.of(arn).find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`timed out waiting for ${what}; last report: ${JSON.stringify(this.latest(arn))}`));
      }, timeoutMs);
      this.waiters.push({
        arn,
        test,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      });
    });
  }

  status(arn: string, lastStatus: TaskReport["lastStatus"], timeoutMs?: number): Promise<TaskReport> {
    return this.waitFor(arn, (r) => r.lastStatus === lastStatus, lastStatus, timeoutMs);
  }
}
