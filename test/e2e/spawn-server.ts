/** Run `bin/berth server` as a child process, the way a user does, and wait for its endpoint. */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const BERTH_BIN = path.join(REPO_ROOT, "bin/berth");

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
}

export function runBerth(args: string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; output(): string; exited: Promise<number | string> } {
  // BERTH_DNS_FALLBACK=0: task containers resolve only berth's names, so no lookup leaves the machine.
  const child = spawn(BERTH_BIN, args, { env: { ...process.env, BERTH_DNS_FALLBACK: "0", ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | string>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  // A crash (an exit status other than 0, not a signal a test sent) shows what the process said, for the failure it causes.
  void exited.then((code) => {
    if (typeof code === "number" && code !== 0) process.stderr.write(`berth ${args[0]} exited with status ${code}; its output:\n${out}\n`);
  });
  return { child, output: () => out, exited };
}

/** Start a server and wait until it prints its endpoint URL (or fails). */
export async function spawnServer(args: string[], env: NodeJS.ProcessEnv = {}): Promise<ServerProcess> {
  const run = runBerth(["server", "--port", "0", "--dns-port", "0", ...args], env);
  const url = await new Promise<string>((resolve, reject) => {
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(run.output());
      if (m) resolve(m[1]!);
    };
    run.child.stdout!.on("data", check);
    run.exited.then((code) => reject(new Error(`berth exited (${code}) before listening:\n${run.output()}`)));
  });
  return { ...run, url };
}

/**
 * Start `bin/berth agent` against `endpoint` and wait for it to say it registered. `onSpawn` gets the
 * process at once, so that a caller can stop it even when it never registers.
 */
export async function spawnAgent(
  endpoint: string,
  args: string[],
  onSpawn: (run: ReturnType<typeof runBerth>) => void = () => {},
): Promise<{ arn: string; run: ReturnType<typeof runBerth> }> {
  const run = runBerth(["agent", "--endpoint", endpoint, ...args]);
  onSpawn(run);
  const arn = await new Promise<string>((resolve, reject) => {
    run.child.stdout!.on("data", () => {
      const m = /registered as (\S+)/.exec(run.output());
      if (m) resolve(m[1]!);
    });
    run.exited.then((code) => reject(new Error(`agent exited (${code}):\n${run.output()}`)));
  });
  return { arn, run };
}
