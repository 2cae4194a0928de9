import type { RequestContext } from "../../server/service.js";
import { MAX_POLL_WAIT_MS, type PollTasksRequest, type PollTasksResponse } from "../../agent-protocol/messages.js";
import { invalidParameter } from "../ecs/errors.js";
import { assignedTask } from "../ecs/task-records/assignment.js";
import { requireAgentInstance } from "./instance.js";
import { waitForAssignments } from "./assignments.js";

/**
 * The agent's assignments: every task on its instance it still has to act on, with the
 * instance's assignment sequence. When `sinceSequence` is the current sequence, the answer waits
 * (a long poll) until RunTask or StopTask changes an assignment, or `waitMs` (at most
 * MAX_POLL_WAIT_MS) passes, and then answers whatever is current.
 */
export async function pollTasks(input: PollTasksRequest, ctx: RequestContext): Promise<PollTasksResponse> {
  const waitMs = Math.min(input.waitMs ?? MAX_POLL_WAIT_MS, MAX_POLL_WAIT_MS);
  if (waitMs < 0) throw invalidParameter("waitMs must not be negative.");
  const instance = await ctx.store.read((tx) => requireAgentInstance(tx, ctx, input.containerInstanceArn));
  const wait = waitForAssignments(instance.arn, waitMs);
  try {
    const sequence = await ctx.store.read((tx) => tx.tasks.sequence(instance.arn));
    if (input.sinceSequence !== undefined && input.sinceSequence === sequence && waitMs > 0) await wait.done;
  } finally {
    wait.cancel();
  }
  return ctx.store.read(async (tx) => {
    const sequence = await tx.tasks.sequence(instance.arn);
    const tasks = await tx.tasks.assignedTo(instance.arn);
    return { sequence, tasks: tasks.map(assignedTask) };
  });
}
