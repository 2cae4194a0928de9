/**
 * The generic controller loop (DESIGN.md "controllers"): a pass reads a snapshot, decides with a
 * pure function and applies; the loop runs it when woken (store changes), when the pass asks for
 * another run (it changed something, or time alone will change its answer at `wakeAt`), and on a
 * periodic resync, so a lost wake-up only costs latency. Passes never overlap: a wake-up during a
 * pass makes one more pass afterwards. A pass that throws is retried with doubling back-off.
 *
 * Kubernetes controllers work one key at a time from a queue; berth's passes cover every key
 * (every live service) because the store's change notice carries no key. With the numbers berth
 * runs (services per installation in the hundreds at most) a pass is cheap; per-key queues can
 * come when a change notice says what changed.
 */
export interface PassResult {
  /** The pass changed something: run again at once (its own writes may enable more work). */
  again?: boolean;
  /** Epoch ms at which the passing of time alone changes what the pass would do. */
  wakeAt?: number;
}

export interface LoopOptions {
  name: string;
  pass: () => Promise<PassResult>;
  /** Longest time between passes. */
  resyncMs: number;
  clock?: () => number;
  log?: (message: string) => void;
}

export interface RunningLoop {
  wake(): void;
  /** Resolves once the pass in flight, if any, has finished; no pass starts afterwards. */
  stop(): Promise<void>;
}

const MAX_IMMEDIATE = 20;
const MAX_BACKOFF_MS = 30_000;

export function startLoop(opts: LoopOptions): RunningLoop {
  const clock = opts.clock ?? Date.now;
  const log = opts.log ?? ((m: string) => console.error(m));
  let running: Promise<void> | undefined;
  let dirty = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(wake, Math.max(0, Math.min(delayMs, opts.resyncMs)));
    timer.unref?.();
  };

  async function runPasses(): Promise<void> {
    let immediate = 0;
    do {
      dirty = false;
      let next = opts.resyncMs;
      try {
        const result = await opts.pass();
        failures = 0;
        if (result.wakeAt !== undefined) next = Math.min(next, result.wakeAt - clock() + 5);
        if (result.again && immediate++ < MAX_IMMEDIATE) dirty = true;
      } catch (err) {
        failures++;
        next = Math.min(MAX_BACKOFF_MS, 100 * 2 ** Math.min(failures, 10));
        log(`[berth] controller ${opts.name}: pass failed (${failures} in a row), retrying in ${next} ms: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
      schedule(next);
      // Between passes the event loop runs (requests, timers, I/O): with the store synchronous
      // underneath, a pass woken by its own commit would otherwise run on microtasks alone, and a
      // plan that never settles would starve the server.
      if (dirty && !stopped) await new Promise((resolve) => setImmediate(resolve));
    } while (dirty && !stopped);
  }

  function wake(): void {
    if (stopped) return;
    if (running) {
      dirty = true;
      return;
    }
    running = runPasses().finally(() => (running = undefined));
  }

  wake();
  return {
    wake,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
