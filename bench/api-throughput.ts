/**
 * API throughput benchmark: berth next to its physical floor and next to its peer, in one run.
 *
 *   npm run build && npm run bench -- [--duration 10] [--runs 5] [--warmup 2] [--connections 16]
 *
 * For DescribeTaskDefinition and ListTaskDefinitions it loads, with wrk at 16 keep-alive
 * connections and SigV4-signed requests:
 *   - berth   (`node dist/src/cli/main.js server --port 0`, temporary data dir);
 *   - floor   a bare node:http server answering berth's captured response body (bench/floor-server.ts);
 *   - moto    `moto_server` with the same task definitions registered through HTTP.
 * and prints requests/s and p50/p99 latency of the median run, the ratios berth/floor (target ≥ 0.5)
 * and berth/moto (target ≥ 20), then the same figures as JSON. Nothing is written to disk but a
 * temporary directory that is removed at the end. See bench/README.md.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { callEcs, callEcsOk, closeClient, CREDENTIALS, ECS_TARGET_PREFIX, hostHeader, REGION, SERVICE, signedHeaders, type Endpoint } from "./aws-client.js";
import { cleanup, cpuSeconds, installExitHandlers, pinned, registerTempDir, spawnChild, tasksetAvailable, waitUntil, wasInterrupted, freePort, type Child } from "./children.js";
import { operations, taskDefinitionInputs, type Operation } from "./fixtures.js";
import { luaAuthorization, runWrk, wrkVersion, type WrkResult } from "./wrk.js";
import type { WrkScriptConfig } from "./wrk-script.js";

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/bench → repository root. */
const root = path.resolve(here, "..", "..");
const BERTH_MAIN = path.join(root, "dist", "src", "cli", "main.js");
const FLOOR_MAIN = path.join(here, "floor-server.js");

const TARGETS = { berthFloor: 0.5, berthMoto: 20 } as const;
type TargetName = "berth" | "floor" | "moto" | "base";

interface Options {
  durationS: number;
  warmupS: number;
  runs: number;
  connections: number;
  threads: number;
  pin: boolean;
  signing: "per-request" | "presigned" | "auto";
  moto: boolean;
  berthNodeArgs: string[];
  floorNodeArgs: string[];
  /** Another checkout whose built berth runs beside this one as "base" (A/B of a change). */
  baseline?: string;
  only?: TargetName[];
  ops: Operation[];
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      duration: { type: "string", default: "10" },
      warmup: { type: "string", default: "2" },
      runs: { type: "string", default: "5" },
      connections: { type: "string", default: "16" },
      threads: { type: "string" },
      "no-pin": { type: "boolean", default: false },
      signing: { type: "string", default: "auto" },
      "no-moto": { type: "boolean", default: false },
      "berth-node-arg": { type: "string", multiple: true, default: [] },
      "floor-node-arg": { type: "string", multiple: true, default: [] },
      baseline: { type: "string" },
      only: { type: "string" },
      ops: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`Usage: npm run bench -- [flags]
  --duration S          seconds per measured run (default 10)
  --warmup S            seconds of unmeasured load before each target's runs (default 2)
  --runs N              measured runs per target and operation; the median run is reported (default 5)
  --connections N       concurrent keep-alive connections (default 16)
  --threads N           wrk threads (default 1 when pinned, else 2)
  --no-pin              do not pin servers to CPU 0 and wrk to CPU 1 with taskset
  --signing MODE        per-request | presigned | auto (default: per-request if the Lua signer's self-test passes)
  --no-moto             skip the moto peer
  --only LIST           comma-separated subset of berth,floor,moto
  --ops LIST            comma-separated subset of ${operations.map((o) => o.name).join(",")}
  --berth-node-arg ARG  extra node flag for berth (repeatable), e.g. --berth-node-arg=--cpu-prof --berth-node-arg=--cpu-prof-dir=/tmp/prof
  --floor-node-arg ARG  the same for the floor server
  --baseline DIR        also run the berth built in checkout DIR (its dist/) as "base", interleaved,
                        and print this berth's CPU per request and req/s against it, run by run
`);
    process.exit(0);
  }
  const num = (v: string, name: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number`);
    return n;
  };
  const pin = !values["no-pin"] && tasksetAvailable() && os.cpus().length >= 2;
  const signing = values.signing as Options["signing"];
  if (!["per-request", "presigned", "auto"].includes(signing)) throw new Error("--signing must be per-request, presigned or auto");
  const only = values.only?.split(",").map((s) => s.trim()) as TargetName[] | undefined;
  for (const t of only ?? []) if (!["berth", "floor", "moto"].includes(t)) throw new Error(`--only: unknown server '${t}'`);
  const opNames = values.ops?.split(",").map((s) => s.trim()) ?? operations.map((o) => o.name);
  const ops = opNames.map((n) => {
    const op = operations.find((o) => o.name === n);
    if (!op) throw new Error(`--ops: unknown operation '${n}'`);
    return op;
  });
  return {
    durationS: num(values.duration!, "duration"),
    warmupS: num(values.warmup!, "warmup"),
    runs: Math.round(num(values.runs!, "runs")),
    connections: Math.round(num(values.connections!, "connections")),
    threads: values.threads ? Math.round(num(values.threads, "threads")) : pin ? 1 : 2,
    pin,
    signing,
    moto: !values["no-moto"] && (!only || only.includes("moto")),
    berthNodeArgs: values["berth-node-arg"] ?? [],
    floorNodeArgs: values["floor-node-arg"] ?? [],
    baseline: values.baseline === undefined ? undefined : path.resolve(values.baseline),
    only,
    ops,
  };
}

// ---------------------------------------------------------------------------------------------
// Servers

const SERVER_CPU = 0;
const LOAD_CPU = 1;

/** Waits for "... listening on http://127.0.0.1:PORT" on a child's stdout. */
function announcedPort(child: Child, timeoutMs: number): Promise<number> {
  return waitUntil(
    `${child.name} start`,
    async () => {
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(child.output());
      return m ? Number(m[1]) : undefined;
    },
    { timeoutMs, child },
  );
}

/** Polls with a signed call (ListClusters unless told) until the server answers 200. */
async function untilAnswering(e: Endpoint, child: Child, timeoutMs: number, operation = "ListClusters", input: unknown = {}): Promise<void> {
  await waitUntil(`${child.name} readiness`, async () => ((await callEcs(e, operation, input)).status === 200 ? true : undefined), { timeoutMs, child });
}

async function startBerth(dir: string, opts: Options, main = BERTH_MAIN, name = "berth"): Promise<{ child: Child; endpoint: Endpoint }> {
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npx tsc -p tsconfig.json)`);
  const dataDir = path.join(dir, `${name}-data`);
  const [cmd, args] = pinned(opts.pin ? SERVER_CPU : undefined, process.execPath, [...opts.berthNodeArgs, main, "server", "--port", "0", "--host", "127.0.0.1", "--data-dir", dataDir]);
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("BERTH_")) delete env[k];
  const child = spawnChild(name, cmd, args, { env });
  const port = await announcedPort(child, 30_000);
  const endpoint = { host: "127.0.0.1", port };
  await untilAnswering(endpoint, child, 30_000);
  return { child, endpoint };
}

async function startFloor(dir: string, bodies: Record<string, string>, opts: Options): Promise<{ child: Child; endpoint: Endpoint }> {
  const file = path.join(dir, "floor-bodies.json");
  writeFileSync(file, JSON.stringify(bodies));
  const [cmd, args] = pinned(opts.pin ? SERVER_CPU : undefined, process.execPath, [...opts.floorNodeArgs, FLOOR_MAIN, file]);
  const child = spawnChild("floor", cmd, args);
  const port = await announcedPort(child, 30_000);
  const endpoint = { host: "127.0.0.1", port };
  // The floor knows only the captured calls.
  await untilAnswering(endpoint, child, 30_000, operations[0]!.name, JSON.parse(operations[0]!.body));
  return { child, endpoint };
}

function motoCommand(): string | undefined {
  const r = spawnSync("sh", ["-c", "command -v moto_server"], { encoding: "utf8" });
  const p = r.stdout.trim();
  return r.status === 0 && p ? p : undefined;
}

function motoVersion(): string | undefined {
  const r = spawnSync("sh", ["-c", `"$(head -1 "$(pyenv which moto_server 2>/dev/null || command -v moto_server)" | sed 's/^#!//')" -c 'import importlib.metadata as m; print(m.version("moto"), "werkzeug", m.version("werkzeug"))'`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

async function startMoto(moto: string, opts: Options): Promise<{ child: Child; endpoint: Endpoint }> {
  const port = await freePort();
  const [cmd, args] = pinned(opts.pin ? SERVER_CPU : undefined, moto, ["-H", "127.0.0.1", "-p", String(port)]);
  const env = { ...process.env, AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey, AWS_DEFAULT_REGION: REGION };
  const child = spawnChild("moto_server", cmd, args, { env });
  const endpoint = { host: "127.0.0.1", port };
  await untilAnswering(endpoint, child, 60_000);
  return { child, endpoint };
}

async function registerFixtures(e: Endpoint, who: string): Promise<void> {
  for (const input of taskDefinitionInputs()) await callEcsOk(e, "RegisterTaskDefinition", input, who);
}

/** The server's answer to each benchmarked call, checked against what the fixtures imply. */
async function captureBodies(e: Endpoint, who: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const op of operations) {
    const r = await callEcsOk(e, op.name, JSON.parse(op.body), who);
    const problem = op.check(r.body);
    if (problem) throw new Error(`${who}: ${op.name} answered 200 but ${problem}`);
    out.set(op.name, r.body);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Signing

/** Checks the Lua signer against @smithy/signature-v4 for a fixed date. */
async function luaSignerAgrees(dir: string, e: Endpoint, op: Operation): Promise<string | undefined> {
  const date = new Date(Date.UTC(2024, 1, 29, 12, 34, 56));
  const amzDate = "20240229T123456Z";
  const expected = (await signedHeaders(e, op.name, op.body, date))["authorization"];
  try {
    const got = await luaAuthorization(scriptConfig(e, op, "per-request", { selftestAmzDate: amzDate }), `http://${hostHeader(e)}/`, path.join(dir, "selftest.lua"));
    return got === expected ? undefined : `Lua signer disagrees with @smithy/signature-v4:\n  lua:    ${got}\n  smithy: ${expected}`;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function scriptConfig(e: Endpoint, op: Operation, mode: WrkScriptConfig["mode"], extra: Partial<WrkScriptConfig> = {}): WrkScriptConfig {
  return {
    mode,
    host: hostHeader(e),
    target: `${ECS_TARGET_PREFIX}.${op.name}`,
    body: op.body,
    region: REGION,
    service: SERVICE,
    accessKeyId: CREDENTIALS.accessKeyId,
    secretAccessKey: CREDENTIALS.secretAccessKey,
    ...extra,
  };
}

/** Pre-signed header sets for the fallback mode, made just before a run: signing dates spread over the last ~50 s. */
async function presign(e: Endpoint, op: Operation, count = 256): Promise<Array<Record<string, string>>> {
  const now = Date.now();
  const out: Array<Record<string, string>> = [];
  for (let i = 0; i < count; i++) {
    const h = await signedHeaders(e, op.name, op.body, new Date(now - i * 200));
    out.push({ Host: h["host"]!, "Content-Type": h["content-type"]!, "X-Amz-Target": h["x-amz-target"]!, "X-Amz-Date": h["x-amz-date"]!, Authorization: h["authorization"]! });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Measuring and reporting

/** One wrk run, with the CPU time the server process (and its children) spent per request. */
type Run = WrkResult & { cpuUsPerRequest: number };

interface Measured {
  runs: Run[];
  median: Run;
  responseBytes: number;
}

function median(runs: Run[]): Run {
  const sorted = [...runs].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

const fmtRps = (n: number | undefined) => (n === undefined ? "n/a" : Math.round(n).toLocaleString("en-US"));
const fmtMs = (n: number | undefined) => (n === undefined ? "n/a" : n < 10 ? n.toFixed(2) : n.toFixed(1));
const fmtRatio = (r: number | undefined, target: number) => (r === undefined ? "n/a" : `${r < 10 ? r.toFixed(2) : r.toFixed(1)} ${r >= target ? "ok" : "MISS"}`);

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
}

function machine(): Record<string, string> {
  const cpus = os.cpus();
  return {
    cpu: `${cpus[0]?.model ?? "?"} x ${cpus.length}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    wrk: wrkVersion() ?? "?",
  };
}

async function main(): Promise<void> {
  const opts = options();
  if (!wrkVersion()) {
    process.stderr.write("bench: wrk is not installed. Install it with:  apt-get install -y wrk   (Debian's wrk, built with LuaJIT)\n");
    process.exitCode = 2;
    return;
  }
  const wants = (t: TargetName) => !opts.only || opts.only.includes(t);
  const moto = opts.moto ? motoCommand() : undefined;
  if (opts.moto && !moto) process.stderr.write("bench: moto_server not found on PATH (pip install 'moto[server]'); the moto columns will be n/a\n");

  installExitHandlers();
  const dir = mkdtempSync(path.join(os.tmpdir(), "berth-bench-"));
  registerTempDir(dir);
  mkdirSync(path.join(dir, "scripts"));

  const info = { ...machine(), moto: moto ? (motoVersion() ?? "?") : "absent" };
  process.stdout.write(`berth API throughput bench\n${Object.entries(info).map(([k, v]) => `  ${k.padEnd(7)} ${v}`).join("\n")}\n`);

  // berth first: its answers are what the floor serves.
  process.stdout.write("starting berth ... ");
  const berth = await startBerth(dir, opts);
  await registerFixtures(berth.endpoint, "berth");
  const berthBodies = await captureBodies(berth.endpoint, "berth");
  process.stdout.write(`ok (${hostHeader(berth.endpoint)}, ${taskDefinitionInputs().length} task definitions registered)\n`);

  process.stdout.write("starting floor ... ");
  const floorBodies: Record<string, string> = {};
  for (const [name, body] of berthBodies) floorBodies[`${ECS_TARGET_PREFIX}.${name}`] = body;
  const floor = await startFloor(dir, floorBodies, opts);
  process.stdout.write(`ok (${hostHeader(floor.endpoint)})\n`);

  let base: { child: Child; endpoint: Endpoint } | undefined;
  let baseBodies: Map<string, string> | undefined;
  if (opts.baseline !== undefined) {
    process.stdout.write(`starting base (${opts.baseline}) ... `);
    base = await startBerth(dir, opts, path.join(opts.baseline, "dist", "src", "cli", "main.js"), "base");
    await registerFixtures(base.endpoint, "base");
    baseBodies = await captureBodies(base.endpoint, "base");
    process.stdout.write(`ok (${hostHeader(base.endpoint)})\n`);
  }

  let motoServer: { child: Child; endpoint: Endpoint } | undefined;
  let motoBodies: Map<string, string> | undefined;
  if (moto) {
    process.stdout.write("starting moto_server ... ");
    motoServer = await startMoto(moto, opts);
    await registerFixtures(motoServer.endpoint, "moto");
    motoBodies = await captureBodies(motoServer.endpoint, "moto");
    process.stdout.write(`ok (${hostHeader(motoServer.endpoint)})\n`);
  }

  // Signing mode: per request through LuaJIT's FFI, checked against smithy first.
  let mode: WrkScriptConfig["mode"] = opts.signing === "presigned" ? "presigned" : "per-request";
  if (mode === "per-request") {
    const problem = await luaSignerAgrees(path.join(dir, "scripts"), berth.endpoint, operations[0]!);
    if (problem) {
      if (opts.signing === "per-request") throw new Error(problem);
      process.stdout.write(`per-request signing unavailable (${problem.split("\n")[0]}); falling back to pre-signed requests\n`);
      mode = "presigned";
    }
  }
  const signingNote =
    mode === "per-request"
      ? "each request signed by wrk's Lua (LuaJIT FFI → libcrypto SHA256/HMAC), checked against @smithy/signature-v4"
      : "256 requests pre-signed with @smithy/signature-v4 just before each run, rotated (valid for the 5-minute skew window)";
  const placement = opts.pin ? `servers pinned to CPU ${SERVER_CPU}, wrk to CPU ${LOAD_CPU} (taskset)` : "servers and wrk share all CPUs (not pinned)";
  process.stdout.write(
    `load: wrk -t${opts.threads} -c${opts.connections}, keep-alive, ${opts.runs} x ${opts.durationS}s runs (median reported) after ${opts.warmupS}s warm-up\n` +
      `signing: ${signingNote}\nplacement: ${placement}\n\n`,
  );

  const servers: Partial<Record<TargetName, { endpoint: Endpoint; child: Child }>> = {};
  if (wants("berth")) servers.berth = berth;
  if (base) servers.base = base;
  if (wants("floor")) servers.floor = floor;
  if (motoServer) servers.moto = motoServer;
  const bodiesOf: Record<TargetName, Map<string, string> | undefined> = { berth: berthBodies, floor: berthBodies, moto: motoBodies, base: baseBodies };

  const results: Record<string, Partial<Record<TargetName, Measured>>> = {};
  let scriptNo = 0;
  const load = async (t: TargetName, server: { endpoint: Endpoint; child: Child }, op: Operation, seconds: number): Promise<Run> => {
    const e = server.endpoint;
    const presigned = mode === "presigned" ? await presign(e, op) : undefined;
    const cpuBefore = cpuSeconds(server.child.proc.pid);
    const r = await runWrk({
      url: `http://${hostHeader(e)}/`,
      script: scriptConfig(e, op, mode, { presigned }),
      threads: opts.threads,
      connections: opts.connections,
      durationS: seconds,
      cpu: opts.pin ? LOAD_CPU : undefined,
      scriptPath: path.join(dir, "scripts", `${t}-${op.name}-${++scriptNo}.lua`),
    });
    return { ...r, cpuUsPerRequest: ((cpuSeconds(server.child.proc.pid) - cpuBefore) * 1e6) / Math.max(r.requests, 1) };
  };

  for (const op of opts.ops) {
    results[op.name] = {};
    const runs: Partial<Record<TargetName, Run[]>> = {};
    for (const [t, e] of Object.entries(servers) as Array<[TargetName, { endpoint: Endpoint; child: Child }]>) {
      process.stdout.write(`${op.name}: warming up ${t} ... `);
      await load(t, e, op, opts.warmupS);
      process.stdout.write("done\n");
      runs[t] = [];
    }
    // Interleaved, so slow drift on the machine hits every target alike.
    for (let i = 0; i < opts.runs; i++) {
      for (const [t, e] of Object.entries(servers) as Array<[TargetName, { endpoint: Endpoint; child: Child }]>) {
        const r = await load(t, e, op, opts.durationS);
        const errs = Object.entries(r.errors).filter(([, n]) => n > 0);
        process.stdout.write(
          `${op.name} run ${i + 1}/${opts.runs} ${t.padEnd(5)} ${fmtRps(r.rps).padStart(8)} req/s  p50 ${fmtMs(r.p50Ms)} ms  p99 ${fmtMs(r.p99Ms)} ms  cpu ${Math.round(r.cpuUsPerRequest)} µs/req  load ${os.loadavg()[0]!.toFixed(1)}` +
            `${errs.length ? `  errors: ${errs.map(([k, n]) => `${k} ${n}`).join(", ")}` : ""}\n`,
        );
        runs[t]!.push(r);
      }
    }
    for (const [t, rs] of Object.entries(runs) as Array<[TargetName, Run[]]>) {
      results[op.name]![t] = { runs: rs, median: median(rs), responseBytes: Buffer.byteLength(bodiesOf[t]?.get(op.name) ?? "") };
    }
  }

  // The table.
  const head = ["operation", "berth rps", "floor rps", "moto rps", "berth p50", "floor p50", "moto p50", "berth p99", "floor p99", "moto p99", `berth/floor (>=${TARGETS.berthFloor})`, `berth/moto (>=${TARGETS.berthMoto})`];
  const rows: string[][] = [];
  const summary: Record<string, unknown> = {};
  for (const op of opts.ops) {
    const r = results[op.name]!;
    const b = r.berth?.median;
    const f = r.floor?.median;
    const m = r.moto?.median;
    const bf = b && f ? b.rps / f.rps : undefined;
    const bm = b && m ? b.rps / m.rps : undefined;
    rows.push([op.name, fmtRps(b?.rps), fmtRps(f?.rps), fmtRps(m?.rps), fmtMs(b?.p50Ms), fmtMs(f?.p50Ms), fmtMs(m?.p50Ms), fmtMs(b?.p99Ms), fmtMs(f?.p99Ms), fmtMs(m?.p99Ms), fmtRatio(bf, TARGETS.berthFloor), fmtRatio(bm, TARGETS.berthMoto)]);
    summary[op.name] = {
      berth: r.berth,
      floor: r.floor,
      moto: r.moto,
      ratios: {
        berthOverFloor: bf === undefined ? null : { value: bf, target: TARGETS.berthFloor, met: bf >= TARGETS.berthFloor },
        berthOverMoto: bm === undefined ? null : { value: bm, target: TARGETS.berthMoto, met: bm >= TARGETS.berthMoto },
      },
    };
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  process.stdout.write(`\nmedian of ${opts.runs} runs; latencies in ms; ratios are of requests/s\n`);
  process.stdout.write(`${pad(head, widths)}\n${widths.map((w) => "-".repeat(w)).join("  ")}\n${rows.map((r) => pad(r, widths)).join("\n")}\n`);
  // Runs are interleaved (berth, floor, moto, berth, ...), so each run's pair saw the same machine.
  for (const op of opts.ops) {
    const r = results[op.name]!;
    if (!r.berth || !r.floor) continue;
    const paired = r.berth.runs.map((b, i) => b.rps / r.floor!.runs[i]!.rps);
    process.stdout.write(`${op.name}: berth/floor per run ${paired.map((x) => x.toFixed(2)).join(", ")}; floor rps per run ${r.floor.runs.map((x) => fmtRps(x.rps)).join(", ")}\n`);
    // CPU per request does not depend on how much of the CPU the server got: floor/berth of it is
    // the throughput ratio a quiet, dedicated core would give.
    const cpu = (runs: Run[]) => [...runs.map((x) => x.cpuUsPerRequest)].sort((a, b) => a - b)[Math.floor((runs.length - 1) / 2)]!;
    const [bc, fc] = [cpu(r.berth.runs), cpu(r.floor.runs)];
    process.stdout.write(`${op.name}: server CPU per request (median) berth ${Math.round(bc)} µs, floor ${Math.round(fc)} µs; floor/berth ${(fc / bc).toFixed(2)}\n`);
  }
  for (const op of opts.ops) {
    const r = results[op.name]!;
    if (!r.berth || !r.base) continue;
    const perRun = r.berth.runs.map((b, i) => `${(b.cpuUsPerRequest / r.base!.runs[i]!.cpuUsPerRequest).toFixed(2)} / ${(b.rps / r.base!.runs[i]!.rps).toFixed(2)}`);
    process.stdout.write(`${op.name}: berth/base per run, CPU per request / req/s: ${perRun.join(", ")}\n`);
  }
  const sizes = opts.ops.map((op) => `${op.name}: berth/floor ${results[op.name]?.berth?.responseBytes ?? Buffer.byteLength(berthBodies.get(op.name) ?? "")} B, moto ${motoBodies ? Buffer.byteLength(motoBodies.get(op.name) ?? "") : "n/a"} B`);
  process.stdout.write(`response bodies: ${sizes.join("; ")}\n`);

  const json = {
    bench: "api-throughput",
    at: new Date().toISOString(),
    machine: info,
    load: { tool: "wrk", threads: opts.threads, connections: opts.connections, durationS: opts.durationS, warmupS: opts.warmupS, runs: opts.runs, keepAlive: true, signing: mode, placement },
    results: summary,
  };
  process.stdout.write(`\nJSON ${JSON.stringify(json)}\n`);
}

main()
  .catch((err: unknown) => {
    if (wasInterrupted()) return;
    process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    closeClient();
    await cleanup();
  });
