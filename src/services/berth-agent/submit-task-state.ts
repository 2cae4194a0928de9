import type { RequestContext } from "../../server/service.js";
import type { SubmitTaskStateRequest, SubmitTaskStateResponse } from "../../agent-protocol/messages.js";
import { taskDoc } from "../ecs/task-records/doc.js";
import { parseTaskRef } from "../ecs/task-records/lookup.js";
import { applyReport } from "../ecs/task-records/reports.js";
import { countBucket, move } from "../ecs/task-records/instance-accounting.js";
import { requireAgentInstance } from "./instance.js";
import { isSeat } from "../ecs/launch/managed-capacity.js";

/**
 * The agent's reports, applied in one transaction: each task's observed fields move forward
 * (see task-records/reports.ts), and its instance's counts follow; a task reported STOPPED gives
 * its CPU, memory and host ports back (not on a managed-capacity seat, which keeps no such
 * accounting; its tasks are in any cluster of the region). Reports for tasks that are not this
 * instance's are ignored (the agent reconciles from PollTasks).
 */
export async function submitTaskState(input: SubmitTaskStateRequest, ctx: RequestContext): Promise<SubmitTaskStateResponse> {
  await ctx.store.write(async (tx) => {
    let instance = await requireAgentInstance(tx, ctx, input.containerInstanceArn);
    const seat = isSeat(instance);
    for (const report of input.reports) {
      const ref = parseTaskRef(report.taskArn);
      // A seat's tasks are in any cluster of its region; an instance's only in its own.
      if (!ref || ref.cluster === undefined || (!seat && ref.cluster !== instance.cluster)) continue;
      const record = await tx.tasks.get(ctx.region, ref.cluster, ref.id);
      if (!record || record.containerInstanceArn !== instance.arn) continue;
      const updated = applyReport(record, report, ctx.now);
      if (!updated) continue;
      await tx.tasks.put(updated);
      if (seat) continue; // managed capacity keeps no resource accounting
      const moved = move(instance, taskDoc(record).spec.reserved, countBucket(record.lastStatus), countBucket(updated.lastStatus));
      if (moved) {
        await tx.containerInstances.put(moved);
        instance = moved;
      }
    }
  });
  return {};
}
