import type { RequestContext } from "../../../server/service.js";
import { invalidParameter } from "../errors.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { findTask, missingTaskArn } from "../task-records/lookup.js";
import { taskView } from "../task-records/view.js";
import type { Failure, Task } from "../types.js";

export interface DescribeTasksRequest {
  cluster?: string;
  tasks: string[];
  include?: "TAGS"[];
}

export interface DescribeTasksResponse {
  tasks: Task[];
  failures: Failure[];
}

export const MAX_DESCRIBE_TASKS = 100;

/** Up to 100 tasks of one cluster by id or ARN, stopped ones included; unknown ones are MISSING failures. */
export async function describeTasks(input: DescribeTasksRequest, ctx: RequestContext): Promise<DescribeTasksResponse> {
  if (input.tasks.length === 0) throw invalidParameter("Tasks cannot be empty.");
  if (input.tasks.length > MAX_DESCRIBE_TASKS) throw invalidParameter(`tasks can have at most ${MAX_DESCRIBE_TASKS} items.`);
  const withTags = (input.include ?? []).includes("TAGS");
  return ctx.store.read(async (tx) => {
    const cluster = await requireActiveCluster(tx, ctx, input.cluster);
    const tasks: Task[] = [];
    const failures: Failure[] = [];
    for (const ref of input.tasks) {
      const record = await findTask(tx, ctx, cluster, ref);
      if (!record) {
        failures.push({ arn: missingTaskArn(ctx, cluster.name, ref), reason: "MISSING" });
        continue;
      }
      tasks.push(taskView(record, withTags ? await tx.tags.get(record.arn) : undefined));
    }
    return { tasks, failures };
  });
}
