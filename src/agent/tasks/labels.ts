/**
 * The labels berth puts on every container it runs, so that events can be filtered to one agent and
 * a restarted agent can find (adopt) its containers. The com.amazonaws.ecs.* names are the ECS
 * agent's own (agent/dockerclient/dockerapi: labelPrefix "com.amazonaws.ecs."); berth.* are ours.
 */
import type { AssignedTask } from "../../agent-protocol/messages.js";

export const LABEL_CLUSTER = "com.amazonaws.ecs.cluster";
export const LABEL_TASK_ARN = "com.amazonaws.ecs.task-arn";
export const LABEL_CONTAINER_NAME = "com.amazonaws.ecs.container-name";
export const LABEL_FAMILY = "com.amazonaws.ecs.task-definition-family";
export const LABEL_REVISION = "com.amazonaws.ecs.task-definition-version";
/** The container instance the agent registered as: unique across agents sharing one engine. */
export const LABEL_INSTANCE = "berth.container-instance-arn";
export const LABEL_AGENT = "berth.agent";
/** "container" for a task's containers, "pause" for awsvpc's namespace holder. */
export const LABEL_ROLE = "berth.role";

export interface AgentIdentity {
  clusterName: string;
  containerInstanceArn: string;
  agentName: string;
}

/** The filter for this agent's containers (events, listing). */
export function agentFilter(identity: AgentIdentity): Record<string, string> {
  return { [LABEL_INSTANCE]: identity.containerInstanceArn };
}

export function containerLabels(
  identity: AgentIdentity,
  task: Pick<AssignedTask, "taskArn" | "family" | "taskDefinitionArn"> & { clusterArn?: string },
  containerName: string,
  role: "container" | "pause" = "container",
): Record<string, string> {
  return {
    // The task's own cluster: a managed-capacity seat runs tasks of every cluster.
    [LABEL_CLUSTER]: task.clusterArn !== undefined ? task.clusterArn.slice(task.clusterArn.lastIndexOf("/") + 1) : identity.clusterName,
    [LABEL_TASK_ARN]: task.taskArn,
    [LABEL_CONTAINER_NAME]: containerName,
    [LABEL_FAMILY]: task.family,
    [LABEL_REVISION]: task.taskDefinitionArn.slice(task.taskDefinitionArn.lastIndexOf(":") + 1),
    [LABEL_INSTANCE]: identity.containerInstanceArn,
    [LABEL_AGENT]: identity.agentName,
    [LABEL_ROLE]: role,
  };
}

/** Labels of a task's own volumes (see volumes.ts), so that its cleanup finds them. */
export function taskVolumeLabels(identity: AgentIdentity, taskArn: string): Record<string, string> {
  return { [LABEL_INSTANCE]: identity.containerInstanceArn, [LABEL_TASK_ARN]: taskArn };
}

/** Docker container name: `berth-<task id>-<container name>` (Docker allows [a-zA-Z0-9_.-]). */
export function dockerName(taskArn: string, containerName: string): string {
  const taskId = taskArn.slice(taskArn.lastIndexOf("/") + 1);
  return `berth-${taskId}-${containerName}`.replace(/[^a-zA-Z0-9_.-]/g, "_");
}

/** awsvpc's pause container: a '.' no ECS container name can contain, so it never clashes. */
export function pauseDockerName(taskArn: string): string {
  return `berth-${taskArn.slice(taskArn.lastIndexOf("/") + 1)}.pause`.replace(/[^a-zA-Z0-9_.-]/g, "_");
}
