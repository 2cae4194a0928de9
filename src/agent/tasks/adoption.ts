/**
 * Restart adoption: the containers an agent finds on the engine when it starts, grouped by the task
 * their labels name. A restarted agent adopts the groups of the tasks the control plane still assigns
 * to it (neither restarting nor duplicating their containers) and disposes of the rest: running
 * ones at once, exited ones after the stopped-task retention. Pure: listings in, groups out.
 *
 * Example: labels {task A, container "web"}, {task A, pause}, {task B, container "job", exited}
 * → A: {web → id1, pause: id2, running}, B: {job → id3, not running}.
 */
import type { ContainerSummary } from "../runtime/runtime.js";
import { LABEL_CONTAINER_NAME, LABEL_ROLE, LABEL_TASK_ARN } from "./labels.js";

export interface FoundTask {
  taskArn: string;
  /** Container name → container id. */
  containers: Map<string, string>;
  pauseId?: string;
  /** Some container of the task (its pause container included) is still running. */
  running: boolean;
}

export function groupFound(summaries: readonly ContainerSummary[]): Map<string, FoundTask> {
  const found = new Map<string, FoundTask>();
  for (const c of summaries) {
    const taskArn = c.labels[LABEL_TASK_ARN];
    if (taskArn === undefined) continue;
    let task = found.get(taskArn);
    if (task === undefined) found.set(taskArn, (task = { taskArn, containers: new Map(), running: false }));
    if (c.status === "running" || c.status === "restarting" || c.status === "paused") task.running = true;
    if (c.labels[LABEL_ROLE] === "pause") task.pauseId = c.id;
    else {
      const name = c.labels[LABEL_CONTAINER_NAME];
      if (name !== undefined) task.containers.set(name, c.id);
    }
  }
  return found;
}
