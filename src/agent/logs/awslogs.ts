/**
 * The task runner's hook for awslogs containers. `open` runs before a container is created: it
 * checks the log group (creating it with awslogs-create-group) and the stream, and answers the
 * container's stop reason when that fails, in the words ECS uses (ResourceInitializationError).
 * `follow` starts shipping a started container's log; `resume` picks up the containers of an
 * assignment that already exist (after an agent restart their lines are shipped from the stored
 * cursor on); `close` stops every shipper.
 */
import { AgentProtocolError } from "../../agent-protocol/client.js";
import type { AssignedTask } from "../../agent-protocol/messages.js";
import type { ContainerDefinition } from "../../services/ecs/task-definitions/types.js";
import { awslogsOptions } from "./options.js";
import { ContainerLogShipper, type ShipperDeps } from "./shipper.js";
import { LABEL_CONTAINER_NAME, LABEL_INSTANCE, LABEL_ROLE, LABEL_TASK_ARN } from "../tasks/labels.js";
import type { ContainerSummary } from "../runtime/runtime.js";

export interface ContainerLogHook {
  /** undefined when the container may start (not awslogs, or its destination is ready); else its stop reason. */
  open(task: AssignedTask, def: ContainerDefinition): Promise<string | undefined>;
  /** Ships the log of a started (or adopted) container until it stops. Idempotent per container. */
  follow(task: AssignedTask, def: ContainerDefinition, containerId: string): void;
  /** Once per task: follows the task's containers that already exist on the engine. */
  resume(task: AssignedTask): Promise<void>;
  close(): Promise<void>;
}

/** How long `open` keeps trying to reach the control plane before failing the container. */
export const OPEN_TIMEOUT_MS = 30_000;

export type HookDeps = ShipperDeps & {
  runtime: ShipperDeps["runtime"] & { listContainers(labelFilter: Record<string, string>): Promise<ContainerSummary[]> };
};

export function awslogsHook(deps: HookDeps): ContainerLogHook {
  const shippers = new Map<string, ContainerLogShipper>();
  const resumed = new Set<string>();
  let closed = false;
  const hook: ContainerLogHook = {
    async open(task, def) {
      const o = awslogsOptions(def, task.taskArn);
      if (o.kind === "none") return undefined;
      if (o.kind === "invalid") return o.reason;
      const t = o.target;
      const deadline = Date.now() + OPEN_TIMEOUT_MS;
      for (;;) {
        try {
          await deps.client.putContainerLogs({
            containerInstanceArn: deps.containerInstanceArn,
            ...(t.region !== undefined && { region: t.region }),
            logGroupName: t.group,
            ...(t.stream !== undefined && { logStreamName: t.stream }),
            createGroup: t.createGroup,
            events: [],
          });
          return undefined;
        } catch (e) {
          const retriable = !(e instanceof AgentProtocolError && e.status < 500);
          if (!retriable || closed || Date.now() > deadline) {
            const why = e instanceof AgentProtocolError ? e.message : e instanceof Error ? e.message : String(e);
            return `ResourceInitializationError: failed to validate logger args: create stream has been retried 1 times: failed to create Cloudwatch log stream: ${why} : exit status 1`;
          }
          await new Promise((r) => setTimeout(r, deps.retryMs ?? 1_000));
        }
      }
    },
    follow(task, def, containerId) {
      const o = awslogsOptions(def, task.taskArn);
      if (closed || o.kind !== "awslogs" || shippers.has(containerId)) return;
      const s = new ContainerLogShipper(deps, containerId, { ...o.target, stream: o.target.stream ?? containerId });
      shippers.set(containerId, s);
      void s.done.finally(() => shippers.delete(containerId));
    },
    async resume(task) {
      if (closed || resumed.has(task.taskArn) || task.desiredStatus !== "RUNNING") return;
      resumed.add(task.taskArn);
      const defs = task.containers.map((c) => c.definition as ContainerDefinition);
      if (!defs.some((d) => d.logConfiguration?.logDriver === "awslogs")) return;
      const found = await deps.runtime.listContainers({ [LABEL_TASK_ARN]: task.taskArn, [LABEL_INSTANCE]: deps.containerInstanceArn, [LABEL_ROLE]: "container" });
      for (const c of found) {
        const def = defs.find((d) => d.name === c.labels[LABEL_CONTAINER_NAME]);
        if (def !== undefined && c.status !== "created") hook.follow(task, def, c.id);
      }
    },
    async close() {
      closed = true;
      await Promise.all([...shippers.values()].map((s) => s.stop()));
    },
  };
  return hook;
}
