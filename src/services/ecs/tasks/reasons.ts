// The words ECS uses when a task or container stops: stopCode values, stoppedReason texts and
// container `reason` texts. Each text cites where it comes from.

/** Task.stopCode enum (ECS API reference, Task.stopCode; ecs-api.md §3.2). */
export type StopCode =
  | "TaskFailedToStart"
  | "EssentialContainerExited"
  | "UserInitiated"
  | "ServiceSchedulerInitiated"
  | "SpotInterruption"
  | "TerminationNotice"
  | "InfrastructureHealth";

/** stopCode + stoppedReason pairs as ECS reports them (AWS DG "stopped task errors"; ecs-api.md §3.2). */
export const ESSENTIAL_CONTAINER_EXITED = "Essential container in task exited";
/** StopTask without a `reason` (ECS API StopTask; observed, ecs-api.md §3.2 and §StopTask). */
export const TASK_STOPPED_BY_USER = "Task stopped by user";
/** Container reason when the kernel OOM killer ended it (observed in fixtures; ecs-api.md §3.2). */
export const OUT_OF_MEMORY = "OutOfMemoryError: Container killed due to memory usage";
/** Exit code the agent records for a container it stops because its dependencies can never resolve
 * (aws/amazon-ecs-agent PR #3218 "Stop container when dependencies are non-resolvable": "marked with
 * exitCode 143 ... the code docker assigns when a container receives SIGTERM"). */
export const DEPENDENCY_FAILED_EXIT_CODE = 143;

/** Container.reason is at most 1024 characters (ECS API Container.reason). */
export const MAX_REASON_LENGTH = 1024;

export function truncateReason(reason: string): string {
  return reason.length <= MAX_REASON_LENGTH ? reason : reason.slice(0, MAX_REASON_LENGTH);
}

/** What the runtime saw when a container stopped or failed to start. */
export type ContainerExit =
  | { kind: "exited"; exitCode: number; oomKilled: boolean }
  | { kind: "pull-failed"; message: string }
  | { kind: "create-failed"; message: string }
  | { kind: "start-failed"; message: string };

/**
 * The container fields to record for an exit. Named error prefixes follow the agent's
 * named errors (agent/dockerclient/dockerapi/errors.go: CannotPullContainerError,
 * CannotCreateContainerError, CannotStartContainerError) and ECS's stopped-task error doc.
 * An OOM kill keeps its exit code (137 from Docker) and gets the OOM reason.
 */
export function containerExitFields(exit: ContainerExit): { exitCode?: number; reason?: string } {
  switch (exit.kind) {
    case "exited":
      return exit.oomKilled ? { exitCode: exit.exitCode, reason: OUT_OF_MEMORY } : { exitCode: exit.exitCode };
    case "pull-failed":
      return { reason: truncateReason(`CannotPullContainerError: ${exit.message}`) };
    case "create-failed":
      return { reason: truncateReason(`CannotCreateContainerError: ${exit.message}`) };
    case "start-failed":
      return { reason: truncateReason(`CannotStartContainerError: ${exit.message}`) };
  }
}

export interface TaskStop {
  stopCode: StopCode;
  stoppedReason: string;
  /** Task.stoppingAt: when the decision to stop was made (clock passed in). */
  stoppingAt: Date;
}

/** StopTask: stopCode UserInitiated, the caller's reason or "Task stopped by user" (ECS API StopTask). */
export function userStop(reason: string | undefined, now: Date): TaskStop {
  return {
    stopCode: "UserInitiated",
    stoppedReason: reason !== undefined && reason !== "" ? reason : TASK_STOPPED_BY_USER,
    stoppingAt: now,
  };
}
