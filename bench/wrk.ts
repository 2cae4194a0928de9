/** Running wrk (Debian's, built on LuaJIT) with a generated SigV4 script, and reading its result. */
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { pinned, spawnChild } from "./children.js";
import { wrkScript, type WrkScriptConfig } from "./wrk-script.js";

export interface WrkResult {
  requests: number;
  durationUs: number;
  rps: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
}

export function wrkVersion(): string | undefined {
  const r = spawnSync("wrk", ["-v"], { encoding: "utf8" });
  if (r.error) return undefined;
  return (r.stdout + r.stderr).split("\n")[0]?.trim();
}

export interface WrkRun {
  url: string;
  script: WrkScriptConfig;
  threads: number;
  connections: number;
  durationS: number;
  cpu?: number;
  /** Where the generated script is written. */
  scriptPath: string;
}

export async function runWrk(run: WrkRun): Promise<WrkResult> {
  writeFileSync(run.scriptPath, wrkScript(run.script));
  const [cmd, args] = pinned(run.cpu, "wrk", [
    "-t",
    String(run.threads),
    "-c",
    String(run.connections),
    "-d",
    `${run.durationS}s`,
    "--timeout",
    "5s",
    "-s",
    run.scriptPath,
    run.url,
  ]);
  const child = spawnChild(`wrk (${path.basename(run.scriptPath)})`, cmd, args);
  let out = "";
  child.proc.stdout!.on("data", (b: Buffer) => (out += b.toString("utf8")));
  const code = await child.exited;
  const line = out.split("\n").find((l) => l.startsWith("WRK_RESULT "));
  if (code !== 0 || !line) throw new Error(`wrk failed (exit ${code}):\n${child.output()}`);
  const raw = JSON.parse(line.slice("WRK_RESULT ".length)) as {
    requests: number;
    duration_us: number;
    p50_us: number;
    p90_us: number;
    p99_us: number;
    max_us: number;
    mean_us: number;
    errors: WrkResult["errors"];
  };
  return {
    requests: raw.requests,
    durationUs: raw.duration_us,
    rps: raw.requests / (raw.duration_us / 1e6),
    p50Ms: raw.p50_us / 1000,
    p90Ms: raw.p90_us / 1000,
    p99Ms: raw.p99_us / 1000,
    maxMs: raw.max_us / 1000,
    meanMs: raw.mean_us / 1000,
    errors: raw.errors,
  };
}

/** Runs the script's self-test: the Authorization header the Lua signer makes for a fixed date. */
export async function luaAuthorization(script: WrkScriptConfig, url: string, scriptPath: string): Promise<string> {
  writeFileSync(scriptPath, wrkScript(script));
  const child = spawnChild("wrk (signer self-test)", "wrk", ["-t", "1", "-c", "1", "-d", "1s", "-s", scriptPath, url]);
  let out = "";
  child.proc.stdout!.on("data", (b: Buffer) => (out += b.toString("utf8")));
  const code = await child.exited;
  const line = out.split("\n").find((l) => l.startsWith("AUTH "));
  if (code !== 0 || !line) throw new Error(`signer self-test failed (exit ${code}): ${child.output().trim()}`);
  return line.slice("AUTH ".length);
}
