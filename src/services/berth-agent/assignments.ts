/**
 * In-process wake-ups for PollTasks' long poll, keyed by container instance ARN. A writer that
 * changes an instance's assignments (RunTask, StopTask) calls `notifyAssignments` after its
 * write has committed; a waiting PollTasks re-reads the store when woken, so a wake-up carries no
 * data and a spurious one costs only a read. With several control-plane servers each would also
 * need the others' notices; for now there is one.
 */
import { EventEmitter } from "node:events";

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

export function notifyAssignments(instanceArns: Iterable<string>): void {
  for (const arn of new Set(instanceArns)) emitter.emit(arn);
}

export interface AssignmentWait {
  /** Resolves on the first notice for the instance after the wait began, or after `ms`. */
  done: Promise<void>;
  cancel(): void;
}

/**
 * Start listening before reading the store, so a notice that lands between the read and the
 * wait is not lost.
 */
export function waitForAssignments(instanceArn: string, ms: number): AssignmentWait {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const stop = () => {
    clearTimeout(timer);
    emitter.off(instanceArn, stop);
    finish();
  };
  const timer = setTimeout(stop, ms);
  emitter.on(instanceArn, stop);
  return { done, cancel: stop };
}
