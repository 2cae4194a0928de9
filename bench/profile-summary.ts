/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with the most self
 * time and the most total (inclusive) time, and self time per file/package.
 *
 *   node dist/bench/profile-summary.js /tmp/berth-prof/CPU.*.cpuprofile [--top 30] [--last S] [--callers NAME]
 *
 * `--last S` keeps only the samples of the profile's last S seconds (the measured run, without
 * start-up, registration and module loading); `--callers NAME` also prints, for each function
 * whose name is NAME, the call paths that led to it with their share of its time.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "30" }, last: { type: "string" }, callers: { type: "string" } } });
if (positionals.length === 0) {
  process.stderr.write("usage: profile-summary.js FILE.cpuprofile [--top N]\n");
  process.exit(2);
}
const top = Number(values.top);

for (const file of positionals) {
  const p = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  // Sample i is taken at startTime + the sum of timeDeltas[0..i].
  const times: number[] = [];
  let t = p.startTime;
  for (const d of p.timeDeltas) times.push((t += d));
  const from = values.last === undefined ? -Infinity : p.endTime - Number(values.last) * 1e6;
  const selfUs = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) {
    if (times[i]! < from) continue;
    selfUs.set(p.samples[i]!, (selfUs.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

  const shortUrl = (u: string) => u.replace(/^file:\/\//, "").replace(/^.*\/node_modules\//, "nm:").replace(/^.*\/dist\//, "dist/");
  const key = (n: ProfileNode) => `${n.callFrame.functionName || "(anonymous)"}  ${shortUrl(n.callFrame.url)}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ""}`;

  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  const perFile = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    self.set(key(n), (self.get(key(n)) ?? 0) + us);
    const fileKey = n.callFrame.url ? shortUrl(n.callFrame.url).replace(/^(nm:(@[^/]+\/)?[^/]+).*$/, "$1") : `(${n.callFrame.functionName})`;
    perFile.set(fileKey, (perFile.get(fileKey) ?? 0) + us);
    // Inclusive: every distinct function on the stack gets the sample once.
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(byId.get(cur)!);
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + us);
    }
  }

  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
  const list = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `  ${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`)
      .join("\n");
  process.stdout.write(`${file}: ${(total / 1e6).toFixed(1)} s sampled\n`);
  process.stdout.write(`\nself time by function:\n${list(self, top)}\n`);
  process.stdout.write(`\ntotal (inclusive) time by function:\n${list(incl, top)}\n`);
  process.stdout.write(`\nself time by file / package:\n${list(perFile, top)}\n\n`);

  if (values.callers !== undefined) {
    // Call paths (up to 8 frames) into every node of that name, by the time spent under it.
    const paths = new Map<string, number>();
    const under = new Map<number, number>();
    for (const [id, us] of selfUs) {
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        if (byId.get(cur)!.callFrame.functionName === values.callers) {
          under.set(cur, (under.get(cur) ?? 0) + us);
          break;
        }
      }
    }
    for (const [id, us] of under) {
      const frames: string[] = [];
      for (let cur = parent.get(id); cur !== undefined && frames.length < 8; cur = parent.get(cur)) frames.push(key(byId.get(cur)!));
      const k = frames.join("\n           <- ");
      paths.set(k, (paths.get(k) ?? 0) + us);
    }
    process.stdout.write(`callers of ${values.callers}:\n${list(paths, top)}\n\n`);
  }
}
