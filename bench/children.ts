/**
 * Child processes of the bench (berth, the floor server, moto_server, wrk) and their cleanup.
 * Every child runs in its own process group (detached), so stopping it also stops whatever it
 * started (pyenv's shim, werkzeug's threads); it is stopped by its own id only. Cleanup runs on
 * normal exit, on error and on SIGINT/SIGTERM: children stopped, Docker containers and networks
 * carrying a registered label removed, temporary directories removed. `failBench` is the end of a
 * bench that failed: the error, then the last lines every child printed (a server that died, or
 * said why a pass failed, is the likeliest cause), then the same cleanup.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import net from "node:net";

export interface Child {
  name: string;
  proc: ChildProcess;
  /** The last 64 KB of the child's stdout and stderr, for error messages. */
  output(): string;
  exited: Promise<number | null>;
  isAlive(): boolean;
}

const live = new Set<Child>();
/** Every child ever spawned, exited ones too: a failure prints what each said. */
const spawned: Child[] = [];
const tempDirs = new Set<string>();
/** Docker labels (`key=value`) whose containers and networks are removed at cleanup. */
const dockerLabels = new Set<string>();

const hasTaskset = spawnSync("taskset", ["-V"], { stdio: "ignore" }).status === 0;

/** Pins a command to one CPU with taskset when asked and available. */
export function pinned(cpu: number | undefined, cmd: string, args: string[]): [string, string[]] {
  if (cpu === undefined || !hasTaskset) return [cmd, args];
  return ["taskset", ["-c", String(cpu), cmd, ...args]];
}

export function tasksetAvailable(): boolean {
  return hasTaskset;
}

export function spawnChild(name: string, cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Child {
  const proc = spawn(cmd, args, { detached: true, stdio: ["ignore", "pipe", "pipe"], env: opts.env ?? process.env, cwd: opts.cwd });
  let tail = "";
  const keep = (b: Buffer) => {
    tail = (tail + b.toString("utf8")).slice(-65536);
  };
  proc.stdout!.on("data", keep);
  proc.stderr!.on("data", keep);
  let alive = true;
  const exited = new Promise<number | null>((resolve) => {
    proc.on("exit", (code, signal) => {
      alive = false;
      live.delete(child);
      resolve(code ?? (signal ? 128 : null));
    });
    proc.on("error", (err) => {
      alive = false;
      live.delete(child);
      tail += `\n[spawn error] ${err.message}`;
      resolve(null);
    });
  });
  const child: Child = { name, proc, output: () => tail, exited, isAlive: () => alive };
  live.add(child);
  spawned.push(child);
  return child;
}

function signalGroup(child: Child, signal: NodeJS.Signals): void {
  const pid = child.proc.pid;
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      child.proc.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/** SIGTERM, then SIGKILL after graceMs if the child is still there. */
export async function stopChild(child: Child, graceMs = 3000): Promise<void> {
  if (!child.isAlive()) return;
  signalGroup(child, "SIGTERM");
  const timer = new Promise<"late">((r) => setTimeout(() => r("late"), graceMs).unref());
  if ((await Promise.race([child.exited, timer])) === "late") {
    signalGroup(child, "SIGKILL");
    await child.exited;
  }
}

export function registerTempDir(dir: string): void {
  tempDirs.add(dir);
}

/**
 * Remove, at cleanup (success, failure or signal), every Docker container and network carrying
 * `label` (`key=value`). Through the docker CLI, so that benches without dockerode can use it too
 * and the exit handler can do it synchronously.
 */
export function registerDockerLabel(label: string): void {
  dockerLabels.add(label);
}

const docker = (args: string[]) =>
  new Promise<string>((resolve) => execFile("docker", args, { timeout: 120_000 }, (err, stdout) => resolve(err ? "" : stdout)));

/** Containers first, then networks: a network is removed only once no container holds it. */
async function removeLabelled(labels: string[]): Promise<void> {
  for (const label of labels) {
    const ids = (await docker(["ps", "-aq", "--filter", `label=${label}`])).split("\n").filter(Boolean);
    if (ids.length > 0) await docker(["rm", "-f", "-v", ...ids]);
  }
  for (const label of labels) {
    const nets = (await docker(["network", "ls", "-q", "--filter", `label=${label}`])).split("\n").filter(Boolean);
    if (nets.length > 0) await docker(["network", "rm", ...nets]);
  }
}

function removeLabelledSync(labels: string[]): void {
  const run = (args: string[]) => spawnSync("docker", args, { encoding: "utf8", timeout: 60_000 }).stdout ?? "";
  for (const label of labels) {
    const ids = run(["ps", "-aq", "--filter", `label=${label}`]).split("\n").filter(Boolean);
    if (ids.length > 0) run(["rm", "-f", "-v", ...ids]);
  }
  for (const label of labels) {
    const nets = run(["network", "ls", "-q", "--filter", `label=${label}`]).split("\n").filter(Boolean);
    if (nets.length > 0) run(["network", "rm", ...nets]);
  }
}

export async function cleanup(): Promise<void> {
  await Promise.all([...live].map((c) => stopChild(c)));
  // After the children: a stopped agent no longer starts replacements for what is removed here.
  await removeLabelled([...dockerLabels]);
  dockerLabels.clear();
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  tempDirs.clear();
}

/** Last resort on process exit: synchronous, so it can only SIGKILL. */
function cleanupSync(): void {
  for (const c of live) signalGroup(c, "SIGKILL");
  if (dockerLabels.size > 0) removeLabelledSync([...dockerLabels]);
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
}

/** The last `lines` lines a child printed (stdout and stderr interleaved as they came). */
export function tailOf(child: Child, lines = 40): string {
  return child.output().split("\n").slice(-lines - 1).join("\n");
}

/**
 * The end of a failed bench: prints the error, then the tail of every child's output (each says
 * whether it is still running or how it exited), then cleans up and exits with status 1.
 */
export async function failBench(err: unknown, lines = 40): Promise<never> {
  console.error(wasInterrupted() ? "bench: interrupted" : "bench failed:", err);
  for (const c of spawned) {
    const state = c.isAlive() ? "still running" : `exited (${c.proc.exitCode ?? c.proc.signalCode})`;
    console.error(`\n--- last ${lines} lines of ${c.name} (pid ${c.proc.pid}, ${state}) ---\n${tailOf(c, lines)}`);
  }
  await cleanup();
  process.exit(1);
}

let installed = false;
let interrupted = false;
/** True once a signal asked the bench to stop (errors from the children it kills are expected then). */
export function wasInterrupted(): boolean {
  return interrupted;
}

export function installExitHandlers(): void {
  if (installed) return;
  installed = true;
  process.on("exit", cleanupSync);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(sig, () => {
      interrupted = true;
      process.stderr.write(`\nbench: ${sig} received, stopping children\n`);
      cleanup().finally(() => process.exit(130));
    });
  }
}

/** A port free on 127.0.0.1 right now (for servers that cannot be told to pick one themselves). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `probe` until it returns a value (not undefined), the child dies, or the timeout passes. */
export async function waitUntil<T>(what: string, probe: () => Promise<T | undefined>, opts: { timeoutMs: number; child?: Child; intervalMs?: number }): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastErr: unknown;
  for (;;) {
    if (opts.child && !opts.child.isAlive()) {
      throw new Error(`${what}: ${opts.child.name} exited before it was ready. Its output:\n${opts.child.output()}`);
    }
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      lastErr = err;
    }
    if (Date.now() > deadline) {
      const detail = lastErr instanceof Error ? ` (last error: ${lastErr.message})` : "";
      throw new Error(`${what}: not ready after ${opts.timeoutMs} ms${detail}${opts.child ? `. Output of ${opts.child.name}:\n${opts.child.output()}` : ""}`);
    }
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
}

/** utime + stime of a process and its descendants, in seconds (from /proc; 0 when gone). */
export function cpuSeconds(pid: number | undefined): number {
  let ticks = 0;
  const visit = (p: number) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
      for (const c of readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean)) visit(Number(c));
    } catch {
      /* gone, or no /proc */
    }
  };
  if (pid !== undefined) visit(pid);
  return ticks / 100; // USER_HZ
}
