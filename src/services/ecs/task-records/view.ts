/** A task record → ECS's Task shape: times become Dates; tags only when the caller has them. */
import type { Tag, TaskRecord } from "../../../store/store.js";
import type { Task } from "../types.js";
import { TASK_TIMES, taskDoc } from "./doc.js";

export function taskView(record: TaskRecord, tags?: Tag[]): Task {
  const stored = taskDoc(record).task;
  const view = { ...stored } as unknown as Task;
  for (const key of TASK_TIMES) {
    const ms = stored[key];
    if (ms === undefined) delete view[key];
    else (view as unknown as Record<string, unknown>)[key] = new Date(ms);
  }
  if (tags) view.tags = tags;
  return view;
}
