/**
 * Placement throughput of the pure scheduler, in process (issue 5, benchmark b): 10,000 tasks
 * placed over 1,000 and over 5,000 simulated instances with ECS's service default strategy
 * (spread on attribute:ecs.availability-zone) then binpack on memory, and a memberOf constraint
 * on an attribute, through `placeTasks` (what RunTask and the service scheduler call). The floor
 * is a trivial first-fit loop over the same data (resources only). Prints placements/s for both
 * and the ratio; target ≥ 10,000 placements/s at 1,000 instances.
 *
 *   npx tsc -p tsconfig.json && node dist/bench/placement-throughput.js [--tasks 10000] [--runs 3]
 */
import { placeTasks } from "../src/services/ecs/placement/place.js";
import { evaluate, parseQuery } from "../src/services/ecs/placement/query-language.js";
import type { CandidateInstance, PlacementConstraint } from "../src/services/ecs/placement/types.js";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const TASKS = arg("tasks", 10_000);
const RUNS = arg("runs", 3);

function instances(n: number): CandidateInstance[] {
  return Array.from({ length: n }, (_, i) => ({
    arn: `arn:aws:ecs:us-east-1:000000000000:container-instance/bench/${i.toString(16).padStart(32, "0")}`,
    status: "ACTIVE" as const,
    agentConnected: true,
    remaining: { cpu: 4096, memory: 16_384 - (i % 7) * 1024, ports: [22, 2375, 2376, 51678, 51679], portsUdp: [] },
    attributes: { "ecs.availability-zone": `us-east-1${"abc"[i % 3]}`, "ecs.instance-type": i % 10 === 0 ? "t2.small" : "m5.large", stack: "prod" },
    tasks: [],
  }));
}

const memberOf = (() => {
  const expr = parseQuery("attribute:ecs.instance-type =~ m5.* and attribute:stack == prod");
  const c: PlacementConstraint = {
    kind: "memberOf",
    expression: "attribute:ecs.instance-type =~ m5.* and attribute:stack == prod",
    matches: (i) =>
      evaluate(expr, { attributes: i.attributes, ec2InstanceId: i.arn, registeredAt: new Date(0), runningTasksCount: i.tasks.length, agentConnected: true, taskGroups: i.tasks.map((t) => t.group) }),
  };
  return c;
})();

function berth(pool: CandidateInstance[]): number {
  const decision = placeTasks({
    instances: pool,
    needs: { cpu: 128, memory: 256, hostPorts: [] },
    count: TASKS,
    group: "service:bench",
    family: "bench",
    constraints: [memberOf],
    strategies: [{ kind: "spread", field: "attribute:ecs.availability-zone" }, { kind: "binpack", field: "MEMORY" }],
    random: Math.random,
  });
  if (decision.kind !== "decided") throw new Error(decision.kind);
  return decision.tasks.filter((t) => t.kind === "placed").length;
}

function firstFit(pool: CandidateInstance[]): number {
  const left = pool.map((i) => ({ cpu: i.remaining.cpu, memory: i.remaining.memory }));
  let placed = 0;
  for (let n = 0; n < TASKS; n++) {
    for (const r of left) {
      if (r.cpu >= 128 && r.memory >= 256) {
        r.cpu -= 128;
        r.memory -= 256;
        placed++;
        break;
      }
    }
  }
  return placed;
}

function measure(fn: (pool: CandidateInstance[]) => number, size: number): { perSecond: number; placed: number } {
  const rates: number[] = [];
  let placed = 0;
  for (let r = 0; r < RUNS; r++) {
    const pool = instances(size);
    const t0 = process.hrtime.bigint();
    placed = fn(pool);
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    rates.push(placed / s);
  }
  rates.sort((a, b) => a - b);
  return { perSecond: rates[Math.floor(rates.length / 2)]!, placed };
}

const results: Record<string, unknown>[] = [];
for (const size of [1_000, 5_000]) {
  const b = measure(berth, size);
  const f = measure(firstFit, size);
  const row = { instances: size, tasks: TASKS, berthPerSecond: Math.round(b.perSecond), floorPerSecond: Math.round(f.perSecond), ratio: +(b.perSecond / f.perSecond).toFixed(4), placed: b.placed };
  results.push(row);
  const target = size === 1_000 ? (b.perSecond >= 10_000 ? " ok (≥ 10,000/s)" : " MISS (< 10,000/s)") : "";
  console.log(`${size} instances: berth ${row.berthPerSecond}/s, first-fit floor ${row.floorPerSecond}/s, ratio ${row.ratio}${target}`);
}
console.log(`JSON ${JSON.stringify({ runs: RUNS, results })}`);
