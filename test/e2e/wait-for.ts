/**
 * Polling for a state in e2e tests: `waitFor(what, probe, done)` calls `probe` every 200 ms until
 * `done` holds for what it returned, and fails after the deadline with what it last saw. Options:
 * `retryErrors` (a probe that throws is tried again: a server restarting) and `explain` (more to say
 * when it fails, such as the stopped tasks' reasons).
 *
 * `waitForValue(what, probe)` is the other shape: a probe that returns undefined until it is done (a
 * probe that throws is tried again), checked every 100 ms for 30 s unless told.
 */

export interface WaitOptions {
  /** How long to wait (default 90 s). */
  readonly timeoutMs?: number;
  /** Treat a probe that throws as not done yet. */
  readonly retryErrors?: boolean;
  /** Added to the failure's message. */
  readonly explain?: () => Promise<string>;
}

export async function waitFor<T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean, options: number | WaitOptions = {}): Promise<T> {
  const { timeoutMs = 90_000, retryErrors = false, explain } = typeof options === "number" ? { timeoutMs: options } : options;
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch (e) {
      if (!retryErrors) throw e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const more = explain ? `; ${await explain()}` : "";
  throw new Error(`${what} never happened${more}; last seen: ${JSON.stringify(last, null, 1)?.slice(0, 4000)}`);
}

/** Poll `probe` until it returns a value other than undefined, or fail after `ms`. */
export async function waitForValue<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
