/**
 * `placeTasks` (incremental ranking) against a straightforward reference written from the rule in
 * strategies.ts: for every task, filter the fitting instances, order them by ARN, narrow them
 * strategy by strategy with spread counts recounted from scratch, and draw among what is left.
 * Over random requests both must give the same decision and make the same random draws.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { consume, isCandidate, rejectReason } from "./fit.js";
import { placeTasks } from "./place.js";
import { spreadKey } from "./strategies.js";
import type { CandidateInstance, PlacementConstraint, PlacementDecision, PlacementFailure, PlacementRequest, PlacementStrategy, TaskPlacement } from "./types.js";

function referencePlace(request: PlacementRequest): PlacementDecision {
  let instances = request.instances.filter(isCandidate).sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  if (instances.length === 0) return { kind: "no-container-instances", message: "No Container Instances were found in your cluster." };
  const tasks: TaskPlacement[] = [];
  const failures: PlacementFailure[] = [];
  for (let n = 0; n < request.count; n++) {
    const verdicts = instances.map((i) => rejectReason(i, request));
    let ties = instances.filter((_, i) => verdicts[i] === undefined);
    if (ties.length === 0) {
      const rejected = instances.map((i, k) => ({ arn: i.arn, reason: verdicts[k]! }));
      tasks.push({ kind: "unplaced", failures: rejected });
      for (const f of rejected) if (!failures.some((g) => g.arn === f.arn && g.reason === f.reason)) failures.push(f);
      continue;
    }
    const draw = (items: CandidateInstance[]) => items[Math.min(items.length - 1, Math.max(0, Math.floor(request.random() * items.length)))]!;
    for (const s of request.strategies) {
      if (ties.length === 1) break;
      if (s.kind === "random") {
        ties = [draw(ties)];
        break;
      }
      let score: (i: CandidateInstance) => number;
      if (s.kind === "binpack") {
        score = (i) => (s.field === "CPU" ? i.remaining.cpu : i.remaining.memory);
      } else {
        const key = spreadKey(s.field);
        score = (i) => instances.filter((j) => key(j) === key(i)).reduce((sum, j) => sum + j.tasks.filter((t) => t.group === request.group).length, 0);
      }
      const best = Math.min(...ties.map(score));
      ties = ties.filter((i) => score(i) === best);
    }
    const chosen = ties.length === 1 ? ties[0]! : draw(ties);
    instances = instances.map((i) => (i === chosen ? consume(i, request.needs, request) : i));
    tasks.push({ kind: "placed", instanceArn: chosen.arn });
  }
  return { kind: "decided", tasks, failures };
}

const arn = (n: number) => `arn:aws:ecs:us-east-1:123456789012:container-instance/c/${String(n).padStart(2, "0")}`;
// Few distinct values, so that ties (and draws among them) are common.
const instanceArb = (n: number) =>
  fc
    .record({
      status: fc.constantFrom("ACTIVE", "ACTIVE", "ACTIVE", "ACTIVE", "DRAINING") as fc.Arbitrary<CandidateInstance["status"]>,
      agentConnected: fc.constantFrom(true, true, true, false),
      cpu: fc.constantFrom(0, 256, 512, 1024, 2048),
      memory: fc.constantFrom(0, 256, 512, 1024, 2048),
      ports: fc.uniqueArray(fc.constantFrom(22, 80), { maxLength: 1 }),
      az: fc.constantFrom("a", "b", "c", undefined),
      rack: fc.constantFrom("r1", "r2"),
      groupTasks: fc.integer({ min: 0, max: 2 }),
      otherTasks: fc.integer({ min: 0, max: 1 }),
    })
    .map((r): CandidateInstance => ({
      arn: arn(n),
      status: r.status,
      agentConnected: r.agentConnected,
      remaining: { cpu: r.cpu, memory: r.memory, ports: r.ports, portsUdp: [] },
      attributes: { ...(r.az !== undefined && { "ecs.availability-zone": r.az }), rack: r.rack },
      tasks: [...Array.from({ length: r.groupTasks }, () => ({ group: "service:web", family: "web" })), ...Array.from({ length: r.otherTasks }, () => ({ group: "service:db", family: "db" }))],
    }));
const strategyArb: fc.Arbitrary<PlacementStrategy> = fc.oneof(
  fc.constantFrom<PlacementStrategy>({ kind: "binpack", field: "CPU" }, { kind: "binpack", field: "MEMORY" }, { kind: "random" }),
  fc.constantFrom("instanceId", "host", "attribute:ecs.availability-zone", "attribute:rack").map((field): PlacementStrategy => ({ kind: "spread", field })),
);
// memberOf predicates, some of which depend on the tasks placed earlier in the call.
const memberOfs: PlacementConstraint[] = [
  { kind: "memberOf", expression: "attribute:rack == r1", matches: (i) => i.attributes["rack"] === "r1" },
  { kind: "memberOf", expression: "not(task:group == service:db)", matches: (i) => !i.tasks.some((t) => t.group === "service:db") },
  { kind: "memberOf", expression: "runningTasksCount < 3 (of this call's view)", matches: (i) => i.tasks.length < 3 },
];
const requestArb = fc.record({
  instances: fc.integer({ min: 0, max: 12 }).chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => instanceArb((i * 7) % 13)))),
  cpu: fc.constantFrom(0, 256, 512),
  memory: fc.constantFrom(0, 256, 512),
  port: fc.boolean(),
  count: fc.integer({ min: 1, max: 12 }),
  distinct: fc.boolean(),
  memberOf: fc.subarray(memberOfs, { maxLength: 2 }),
  strategies: fc.array(strategyArb, { maxLength: 5 }),
  draws: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 20 }),
});

test("property: the incremental placer decides exactly as the straightforward reference, with the same random draws", () => {
  fc.assert(
    fc.property(requestArb, (g) => {
      const run = (place: (r: PlacementRequest) => PlacementDecision) => {
        let drawn = 0;
        const decision = place({
          instances: g.instances,
          needs: { cpu: g.cpu, memory: g.memory, hostPorts: g.port ? [{ port: 80, protocol: "tcp" }] : [] },
          count: g.count,
          group: "service:web",
          family: "web",
          constraints: [...(g.distinct ? [{ kind: "distinctInstance" } as const] : []), ...g.memberOf],
          strategies: g.strategies,
          random: () => g.draws[drawn++ % g.draws.length]!,
        });
        return { decision, drawn };
      };
      assert.deepEqual(run(placeTasks), run(referencePlace));
    }),
    { numRuns: 2000 },
  );
});

test("the reference and the placer agree on a larger cluster with spread on zone then binpack memory", () => {
  const instances: CandidateInstance[] = Array.from({ length: 60 }, (_, i) => ({
    arn: arn(i).replace(/\d+$/, String(i).padStart(3, "0")),
    status: "ACTIVE",
    agentConnected: true,
    remaining: { cpu: 1024, memory: 2048 - (i % 4) * 256, ports: [], portsUdp: [] },
    attributes: { "ecs.availability-zone": "abc"[i % 3]! },
    tasks: [],
  }));
  let seed = 1;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  const request = (): PlacementRequest => ({
    instances,
    needs: { cpu: 128, memory: 256, hostPorts: [] },
    count: 400,
    group: "service:web",
    family: "web",
    constraints: [memberOfs[1]!],
    strategies: [{ kind: "spread", field: "attribute:ecs.availability-zone" }, { kind: "binpack", field: "MEMORY" }],
    random,
  });
  seed = 1;
  const fast = placeTasks(request());
  seed = 1;
  assert.deepEqual(fast, referencePlace(request()));
});
