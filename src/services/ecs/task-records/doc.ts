/** What a task record keeps in its doc: the wire Task (times in epoch ms) and the agent's spec. */
import type { TaskRecord } from "../../../store/store.js";
import type { ResourceNeeds } from "../placement/types.js";
import type { Container, Task } from "../types.js";
import type { Activation } from "../tasks/activation.js";

/** The Task members that are times: Dates on the wire, epoch ms in the store. */
export const TASK_TIMES = [
  "createdAt",
  "pullStartedAt",
  "pullStoppedAt",
  "startedAt",
  "connectivityAt",
  "stoppingAt",
  "executionStoppedAt",
  "stoppedAt",
] as const;
export type TaskTime = (typeof TASK_TIMES)[number];

export type StoredTask = Omit<Task, TaskTime | "tags" | "containers"> & { [K in TaskTime]?: number } & {
  createdAt: number;
  containers: Container[];
};

export type NetworkMode = "bridge" | "host" | "awsvpc" | "none";

/** What the agent needs to run the task, fixed at RunTask. */
export interface TaskSpec {
  /** Container definitions with the task's overrides applied, in task-definition order. */
  containerDefinitions: Record<string, unknown>[];
  networkMode: NetworkMode;
  volumes: Record<string, unknown>[];
  /** Task-level cpu units / MiB (after overrides), when set. */
  cpu?: number;
  memory?: number;
  /** What the task holds on its instance until it is reported STOPPED. */
  reserved: ResourceNeeds;
}

export interface TaskDoc {
  task: StoredTask;
  spec: TaskSpec;
  /** A service task with load balancers or serviceRegistries: its registrations (../tasks/activation.ts). */
  activation?: Activation;
}

export const taskDoc = (record: TaskRecord): TaskDoc => record.doc as unknown as TaskDoc;
