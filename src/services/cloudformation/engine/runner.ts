/**
 * Runs stack operations in the background of the server: one at a time per stack, all of them
 * stopped (left in their in-progress status, as a kill would) when the server closes, and
 * resumed when it starts again (`resumeStacks`).
 */
import type { Store } from "../../../store/store.js";
import { Aborted, setStackStatus, type EngineBase, type Operation } from "./context.js";
import { drive, RESUME_AS } from "./phases.js";

interface Runner {
  controller: AbortController;
  running: Map<string, Promise<void>>;
}

const runners = new WeakMap<Store, Runner>();

function runnerOf(store: Store): Runner {
  let r = runners.get(store);
  if (!r) runners.set(store, (r = { controller: new AbortController(), running: new Map() }));
  return r;
}

/** Start (or continue) driving the stack's operation. */
export function startOperation(base: EngineBase, region: string, stackId: string, log: (m: string, e?: unknown) => void = console.error): void {
  const runner = runnerOf(base.store);
  if (runner.controller.signal.aborted) return;
  const previous = runner.running.get(stackId) ?? Promise.resolve();
  const next = previous.then(async () => {
    const stack = await base.store.read((tx) => tx.cloudformation.getStack(region, stackId));
    if (!stack) return;
    const op: Operation = { base, stack, signal: runner.controller.signal };
    try {
      await drive(op);
    } catch (err) {
      if (err instanceof Aborted || runner.controller.signal.aborted) return;
      log(`[berth] cloudformation: operation on ${stackId} failed:`, err);
    }
  });
  runner.running.set(stackId, next);
  void next.finally(() => {
    if (runner.running.get(stackId) === next) runner.running.delete(stackId);
  });
}

/** Wait until the stack has no operation running, or `timeoutMs` passed. */
export async function operationSettled(store: Store, stackId: string, timeoutMs: number): Promise<void> {
  const running = runners.get(store)?.running.get(stackId);
  if (!running) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([running, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}

/** Stop every operation at its next step; their stacks stay in progress until resumed. */
export async function stopOperations(store: Store): Promise<void> {
  const runner = runners.get(store);
  if (!runner) return;
  runner.controller.abort();
  await Promise.allSettled([...runner.running.values()]);
  runners.delete(store);
}

/** At start-up: every stack left in progress is resumed, a cut-short create or update as a rollback. */
export async function resumeStacks(base: EngineBase, log: (m: string, e?: unknown) => void = console.error): Promise<void> {
  const stacks = await base.store.read((tx) => tx.cloudformation.stacksWithStatus("%_IN_PROGRESS"));
  for (const stack of stacks) {
    if (stack.status === "REVIEW_IN_PROGRESS") continue;
    const resume = RESUME_AS[stack.status];
    if (resume) {
      const op: Operation = { base, stack, signal: runnerOf(base.store).controller.signal };
      await setStackStatus(op, resume.status, resume.reason);
    }
    startOperation(base, stack.region, stack.stackId, log);
  }
}
