// An awsvpc task's own network, and the task statuses it adds: PROVISIONING while it is set up,
// DEPROVISIONING while it is torn down. In ECS this is the task's elastic network interface; in
// berth it is the task's loopback address and the pause container holding its network namespace
// (the address is published there). Pure; forward only, like the task statuses.
//
// Sources:
// - AWS DG "Amazon ECS task lifecycle" (task-lifecycle-explanation.md): PROVISIONING "Amazon ECS
//   has to perform additional steps before the task is launched. For example, for tasks that use
//   the awsvpc network mode, the elastic network interface needs to be provisioned"; DEPROVISIONING
//   is its mirror after the containers stopped (the ENI is detached and deleted), before STOPPED.
// - ECS API Attachment.status: PRECREATED, CREATED, ATTACHING, ATTACHED, DETACHING, DETACHED,
//   DELETED, FAILED. RunTask answers an awsvpc task with its ENI attachment PRECREATED; a stopped
//   task shows it DELETED (ecs-api.md §3.1; observed).
// - API Task: connectivityAt "the time when the task last went into CONNECTED status" (its network
//   is attached); executionStoppedAt "the time when the task execution stopped" (the containers),
//   before stoppedAt "the task transitioned from the RUNNING state to the STOPPED state".

/** What the agent knows of the task's own network, in order. */
export const TASK_NETWORK_STATES = ["ATTACHING", "ATTACHED", "DETACHING", "DETACHED"] as const;
export type TaskNetworkState = (typeof TASK_NETWORK_STATES)[number];

/** The wire Attachment.status values berth shows for an awsvpc task's ENI, in order. */
export const ATTACHMENT_STATUSES = ["PRECREATED", "ATTACHING", "ATTACHED", "DETACHING", "DETACHED", "DELETED"] as const;
export type AttachmentStatus = (typeof ATTACHMENT_STATUSES)[number];

/** The later of two network states: a late observation never moves the network back. */
export function laterNetwork(a: TaskNetworkState, b: TaskNetworkState): TaskNetworkState {
  return TASK_NETWORK_STATES.indexOf(b) > TASK_NETWORK_STATES.indexOf(a) ? b : a;
}

/** Move an attachment status forward only (an unknown stored value counts as the first). */
export function laterAttachment(current: string, next: AttachmentStatus): string {
  const a = ATTACHMENT_STATUSES.indexOf(current as AttachmentStatus);
  return ATTACHMENT_STATUSES.indexOf(next) > a ? next : current;
}

/**
 * The ENI attachment's status for a task status, once the agent reports on the task:
 * PROVISIONING → ATTACHING (the agent is setting it up), PENDING … STOPPING → ATTACHED,
 * DEPROVISIONING → DETACHING, STOPPED → DELETED (the address is free again).
 * Example: RunTask → PRECREATED; first report PROVISIONING → ATTACHING; PENDING → ATTACHED.
 */
export function attachmentStatusFor(taskStatus: string): AttachmentStatus {
  switch (taskStatus) {
    case "PROVISIONING":
      return "ATTACHING";
    case "DEPROVISIONING":
      return "DETACHING";
    case "STOPPED":
      return "DELETED";
    default:
      return "ATTACHED";
  }
}
