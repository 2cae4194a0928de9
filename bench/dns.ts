/**
 * DNS benchmark: queries per second that berth's DNS server answers for a registered Cloud Map
 * name, measured with Debian's dnsperf (UDP), next to the target of 20,000 per second and a floor
 * (bare node:dgram answering a fixed response, dns-floor-server.ts) measured in the same run,
 * runs interleaved. berth runs
 * as `bin/berth server` (no agent) with a temporary data directory; a private DNS namespace with
 * one service (A records) and 3 instances is registered through the SDK first. With taskset, berth
 * runs on CPU 0 and dnsperf on CPU 1. Every response code is counted: anything but NOERROR, or lost
 * queries, is printed. Nothing is written to the repository.
 *
 *   apt-get install -y dnsperf
 *   node dist/bench/dns.js [--duration 10] [--runs 3] [--clients 4] [--outstanding 100] [--no-pin]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import * as SD from "@aws-sdk/client-servicediscovery";
import { cleanup, freePort, installExitHandlers, pinned, registerTempDir, spawnChild, stopChild, tasksetAvailable, waitUntil } from "./children.js";

const TARGET_QPS = 20_000;
const NAME = "web.bench.local";

const { values: flags } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    runs: { type: "string", default: "3" },
    clients: { type: "string", default: "4" },
    outstanding: { type: "string", default: "100" },
    "no-pin": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

interface RunResult {
  qps: number;
  sent: number;
  completed: number;
  lost: number;
  codes: string;
  avgLatencyMs: number;
}

function parseDnsperf(out: string): RunResult {
  const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? NaN);
  return {
    qps: num(/Queries per second:\s+([\d.]+)/),
    sent: num(/Queries sent:\s+(\d+)/),
    completed: num(/Queries completed:\s+(\d+)/),
    lost: num(/Queries lost:\s+(\d+)/),
    codes: /Response codes:\s+(.*)/.exec(out)?.[1]?.trim() ?? "?",
    avgLatencyMs: num(/Average Latency \(s\):\s+([\d.]+)/) * 1000,
  };
}

async function main(): Promise<void> {
  if (flags.help) {
    process.stdout.write("node dist/bench/dns.js [--duration S] [--runs N] [--clients C] [--outstanding Q] [--no-pin]\n");
    return;
  }
  if (spawnSync("dnsperf", ["-h"], { stdio: "ignore" }).error) {
    process.stderr.write("bench: dnsperf is missing (apt-get install -y dnsperf)\n");
    process.exit(2);
  }
  installExitHandlers();
  const pin = !flags["no-pin"] && tasksetAvailable() && os.cpus().length >= 2;
  const dir = mkdtempSync(path.join(os.tmpdir(), "berth-dns-bench-"));
  registerTempDir(dir);
  const main = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../src/cli/main.js");
  const dnsPort = await freePort();
  const [cmd, args] = pinned(pin ? 0 : undefined, process.execPath, [main, "server", "--port", "0", "--dns-port", String(dnsPort), "--no-agent", "--data-dir", path.join(dir, "data")]);
  const berth = spawnChild("berth", cmd, args);
  const url = await waitUntil("berth", async () => /listening on (http:\/\/\S+)/.exec(berth.output())?.[1], { timeoutMs: 20_000, child: berth });
  if (!/DNS for Cloud Map names/.test(berth.output())) throw new Error(`berth started without DNS:\n${berth.output()}`);

  const sd = new SD.ServiceDiscoveryClient({ endpoint: url, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" }, disableHostPrefix: true });
  const { OperationId } = await sd.send(new SD.CreatePrivateDnsNamespaceCommand({ Name: "bench.local", Vpc: "vpc-bench" }));
  const nsId = (await sd.send(new SD.GetOperationCommand({ OperationId }))).Operation!.Targets!.NAMESPACE!;
  const { Service } = await sd.send(new SD.CreateServiceCommand({ Name: "web", NamespaceId: nsId, DnsConfig: { DnsRecords: [{ Type: "A", TTL: 10 }] } }));
  for (let i = 1; i <= 3; i++) {
    await sd.send(new SD.RegisterInstanceCommand({ ServiceId: Service!.Id, InstanceId: `task-${i}`, Attributes: { AWS_INSTANCE_IPV4: `127.0.0.${100 + i}` } }));
  }
  sd.destroy();
  const data = path.join(dir, "queries.txt");
  writeFileSync(data, `${NAME} A\n`.repeat(1000));
  // Check the answer before measuring.
  const probe = spawnSync("dig", ["@127.0.0.1", "-p", String(dnsPort), "+short", NAME], { encoding: "utf8" });
  if (probe.status === 0) {
    const got = probe.stdout.trim().split("\n").sort().join(",");
    if (got !== "127.0.0.101,127.0.0.102,127.0.0.103") throw new Error(`unexpected answer for ${NAME}: ${got}`);
  }

  // The floor: bare node:dgram with a fixed answer, same load, same CPU; runs interleaved with berth's.
  const floorPort = await freePort();
  const [fc, fa] = pinned(pin ? 0 : undefined, process.execPath, [path.resolve(path.dirname(fileURLToPath(import.meta.url)), "dns-floor-server.js"), String(floorPort)]);
  const floor = spawnChild("floor", fc, fa);
  await waitUntil("floor", async () => (/floor listening/.test(floor.output()) ? true : undefined), { timeoutMs: 10_000, child: floor });

  const load = async (label: string, port: number): Promise<RunResult> => {
    const [pc, pa] = pinned(pin ? 1 : undefined, "dnsperf", [
      "-s", "127.0.0.1", "-p", String(port), "-d", data, "-l", String(flags.duration), "-c", String(flags.clients), "-q", String(flags.outstanding), "-t", "2",
    ]);
    const perf = spawnChild("dnsperf", pc, pa);
    await perf.exited;
    const res = parseDnsperf(perf.output());
    process.stdout.write(`${label}: ${res.qps.toFixed(0)} qps, avg latency ${res.avgLatencyMs.toFixed(3)} ms, lost ${res.lost}/${res.sent}, codes ${res.codes}\n`);
    return res;
  };
  const results: RunResult[] = [];
  const floorResults: RunResult[] = [];
  const runs = Number(flags.runs);
  for (let r = 0; r < runs; r++) {
    results.push(await load(`berth run ${r + 1}`, dnsPort));
    floorResults.push(await load(`floor run ${r + 1}`, floorPort));
  }
  await stopChild(berth);
  await stopChild(floor);

  const medianOf = (rs: RunResult[]) => rs.map((r) => r.qps).sort((a, b) => a - b)[Math.floor(rs.length / 2)]!;
  const median = medianOf(results);
  const floorMedian = medianOf(floorResults);
  const ratio = median / TARGET_QPS;
  process.stdout.write(
    `\nDNS, ${NAME} A (3 records), UDP, dnsperf ${flags.clients} clients × ${flags.outstanding} outstanding, ${pin ? "server on CPU 0, dnsperf on CPU 1" : "unpinned"}, median of ${runs} × ${flags.duration} s:\n` +
      `  berth  ${median.toFixed(0).padStart(7)} qps   target ${TARGET_QPS}   ratio ${ratio.toFixed(2)}   ${ratio >= 1 ? "ok" : "MISS"}\n` +
      `  floor  ${floorMedian.toFixed(0).padStart(7)} qps   (bare node:dgram, fixed answer)   berth/floor ${(median / floorMedian).toFixed(2)}\n`,
  );
  process.stdout.write(`JSON ${JSON.stringify({ cpus: os.cpus().length, cpu: os.cpus()[0]?.model, pinned: pin, target: TARGET_QPS, median, floorMedian, runs: results, floorRuns: floorResults })}\n`);
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => cleanup());
