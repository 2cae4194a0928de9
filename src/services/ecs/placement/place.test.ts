import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { placeTasks } from "./place.js";
import type { CandidateInstance, PlacementConstraint, PlacementDecision, PlacementRequest, PlacementStrategy } from "./types.js";

const arn = (n: number) => `arn:aws:ecs:us-east-1:123456789012:container-instance/c/${n}`;
const instance = (n: number, over: Partial<CandidateInstance> = {}): CandidateInstance => ({
  arn: arn(n),
  status: "ACTIVE",
  agentConnected: true,
  remaining: { cpu: 1024, memory: 2048, ports: [22], portsUdp: [] },
  attributes: {},
  tasks: [],
  ...over,
});
const request = (over: Partial<PlacementRequest>): PlacementRequest => ({
  instances: [],
  needs: { cpu: 256, memory: 256, hostPorts: [] },
  count: 1,
  group: "family:web",
  family: "web",
  constraints: [],
  strategies: [],
  random: () => 0,
  ...over,
});
const placedOn = (d: PlacementDecision) => {
  assert.equal(d.kind, "decided");
  return d.kind === "decided" ? d.tasks.map((t) => (t.kind === "placed" ? t.instanceArn : "unplaced")) : [];
};

test("an empty cluster, or one with no ACTIVE instance, is ECS's 'No Container Instances' error", () => {
  assert.deepEqual(placeTasks(request({})), { kind: "no-container-instances", message: "No Container Instances were found in your cluster." });
  assert.equal(placeTasks(request({ instances: [instance(1, { status: "DRAINING" })] })).kind, "no-container-instances");
});

test("binpack CPU: 1024/2048/512 CPU left, task needs 256 → the 512 one", () => {
  const instances = [instance(1, { remaining: { cpu: 1024, memory: 4096, ports: [], portsUdp: [] } }), instance(2, { remaining: { cpu: 2048, memory: 4096, ports: [], portsUdp: [] } }), instance(3, { remaining: { cpu: 512, memory: 4096, ports: [], portsUdp: [] } })];
  assert.deepEqual(placedOn(placeTasks(request({ instances, strategies: [{ kind: "binpack", field: "CPU" }] }))), [arn(3)]);
});

test("binpack accounts for earlier tasks in the call: 512 and 1024 CPU left, 3 × 256 → 1, 1, then 2", () => {
  const instances = [instance(1, { remaining: { cpu: 512, memory: 4096, ports: [], portsUdp: [] } }), instance(2, { remaining: { cpu: 1024, memory: 4096, ports: [], portsUdp: [] } })];
  // 512 → 256 → 0 left on instance 1, then only instance 2 fits.
  assert.deepEqual(placedOn(placeTasks(request({ instances, count: 3, strategies: [{ kind: "binpack", field: "CPU" }] }))), [arn(1), arn(1), arn(2)]);
});

test("spread over availability zones counts the group's tasks, including those placed in this call", () => {
  const az = (z: string) => ({ "ecs.availability-zone": z });
  const instances = [
    instance(1, { attributes: az("a"), tasks: [{ group: "family:web", family: "web" }, { group: "family:web", family: "web" }] }),
    instance(2, { attributes: az("b") }),
    instance(3, { attributes: az("c"), tasks: [{ group: "family:other", family: "other" }] }),
  ];
  const d = placeTasks(request({ instances, count: 3, strategies: [{ kind: "spread", field: "attribute:ecs.availability-zone" }] }));
  // b and c both have 0 of the group; random() = 0 picks the first by ARN (2), then c (0) beats b (1), then a, b, c are 2/1/1 → b.
  assert.deepEqual(placedOn(d), [arn(2), arn(3), arn(2)]);
});

test("strategies break ties in order: spread instanceId then binpack MEMORY", () => {
  const instances = [
    instance(1, { remaining: { cpu: 1024, memory: 300, ports: [], portsUdp: [] }, tasks: [{ group: "family:web", family: "web" }] }),
    instance(2, { remaining: { cpu: 1024, memory: 900, ports: [], portsUdp: [] } }),
    instance(3, { remaining: { cpu: 1024, memory: 400, ports: [], portsUdp: [] } }),
  ];
  const strategies: PlacementStrategy[] = [{ kind: "spread", field: "instanceId" }, { kind: "binpack", field: "MEMORY" }];
  assert.deepEqual(placedOn(placeTasks(request({ instances, strategies }))), [arn(3)]);
});

test("random uses the injected source over instances sorted by ARN", () => {
  const instances = [instance(3), instance(1), instance(2)];
  assert.deepEqual(placedOn(placeTasks(request({ instances, strategies: [{ kind: "random" }], random: () => 0.6 }))), [arn(2)]);
  assert.deepEqual(placedOn(placeTasks(request({ instances, strategies: [{ kind: "random" }], random: () => 0.99 }))), [arn(3)]);
});

test("when nothing fits, each task reports every instance's reason; the wire list has one per instance", () => {
  const instances = [instance(1, { remaining: { cpu: 1024, memory: 2048, ports: [22], portsUdp: [] } }), instance(2, { agentConnected: false }), instance(3, { status: "DRAINING" })];
  const d = placeTasks(request({ instances, count: 3, needs: { cpu: 512, memory: 256, hostPorts: [{ port: 8080, protocol: "tcp" }] } }));
  assert.equal(d.kind, "decided");
  if (d.kind !== "decided") return;
  // Instance 1 takes the first task and reserves 8080; the other two tasks cannot go anywhere.
  assert.deepEqual(d.tasks[0], { kind: "placed", instanceArn: arn(1) });
  assert.deepEqual(d.tasks[1], { kind: "unplaced", failures: [{ arn: arn(1), reason: "RESOURCE:PORTS" }, { arn: arn(2), reason: "AGENT" }] });
  assert.deepEqual(d.failures, [{ arn: arn(1), reason: "RESOURCE:PORTS" }, { arn: arn(2), reason: "AGENT" }]);
});

test("distinctInstance: count 3 on 2 instances places 2 and fails the third with ECS's sentence", () => {
  const d = placeTasks(request({ instances: [instance(1), instance(2)], count: 3, constraints: [{ kind: "distinctInstance" }] }));
  assert.equal(d.kind, "decided");
  if (d.kind !== "decided") return;
  assert.deepEqual(new Set(placedOn(d).slice(0, 2)), new Set([arn(1), arn(2)]));
  assert.deepEqual(d.failures.map((f) => f.reason), ["DistinctInstance placement constraint unsatisfied.", "DistinctInstance placement constraint unsatisfied."]);
});

// ---- Properties -------------------------------------------------------------------------------

const portArb = fc.constantFrom(22, 53, 80, 443, 8080);
const instanceArb = (n: number) =>
  fc.record({
    status: fc.constantFrom("ACTIVE", "ACTIVE", "ACTIVE", "DRAINING", "INACTIVE") as fc.Arbitrary<CandidateInstance["status"]>,
    agentConnected: fc.boolean(),
    cpu: fc.integer({ min: 0, max: 4096 }),
    memory: fc.integer({ min: 0, max: 8192 }),
    ports: fc.uniqueArray(portArb, { maxLength: 3 }),
    portsUdp: fc.uniqueArray(portArb, { maxLength: 2 }),
    az: fc.constantFrom("a", "b", "c", undefined),
    groupTasks: fc.integer({ min: 0, max: 2 }),
  }).map((r): CandidateInstance => ({
    arn: arn(n),
    status: r.status,
    agentConnected: r.agentConnected,
    remaining: { cpu: r.cpu, memory: r.memory, ports: r.ports, portsUdp: r.portsUdp },
    attributes: r.az === undefined ? {} : { "ecs.availability-zone": r.az },
    tasks: Array.from({ length: r.groupTasks }, () => ({ group: "family:web", family: "web" })),
  }));
const instancesArb = fc.integer({ min: 0, max: 6 }).chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => instanceArb(i + 1))));
const strategyArb: fc.Arbitrary<PlacementStrategy> = fc.oneof(
  fc.constantFrom<PlacementStrategy>({ kind: "binpack", field: "CPU" }, { kind: "binpack", field: "MEMORY" }, { kind: "random" }),
  fc.constantFrom("instanceId", "host", "attribute:ecs.availability-zone").map((field): PlacementStrategy => ({ kind: "spread", field })),
);
const requestArb = fc.record({
  instances: instancesArb,
  cpu: fc.integer({ min: 0, max: 2048 }),
  memory: fc.integer({ min: 0, max: 4096 }),
  hostPorts: fc.uniqueArray(fc.record({ port: portArb, protocol: fc.constantFrom<"tcp" | "udp">("tcp", "udp") }), { maxLength: 2, selector: (p) => `${p.protocol}/${p.port}` }),
  count: fc.integer({ min: 1, max: 10 }),
  distinct: fc.boolean(),
  onlyAzA: fc.boolean(),
  strategies: fc.array(strategyArb, { maxLength: 5 }),
  draws: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: 1, maxLength: 20 }),
});
type Generated = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

/** A replayable random source: the same draws give the same sequence. */
const source = (draws: readonly number[]) => {
  let i = 0;
  return () => draws[i++ % draws.length]!;
};
const build = (g: Generated): PlacementRequest => {
  const constraints: PlacementConstraint[] = [];
  if (g.distinct) constraints.push({ kind: "distinctInstance" });
  if (g.onlyAzA) constraints.push({ kind: "memberOf", expression: "attribute:ecs.availability-zone == a", matches: (i) => i.attributes["ecs.availability-zone"] === "a" });
  return request({
    instances: g.instances,
    needs: { cpu: g.cpu, memory: g.memory, hostPorts: g.hostPorts },
    count: g.count,
    constraints,
    strategies: g.strategies,
    random: source(g.draws),
  });
};

test("property: placements never exceed remaining CPU/memory, never clash on ports, never use DRAINING or disconnected instances, and honour memberOf", () => {
  fc.assert(
    fc.property(requestArb, (g) => {
      const req = build(g);
      const d = placeTasks(req);
      if (d.kind === "no-container-instances") {
        assert.ok(req.instances.every((i) => i.status !== "ACTIVE"));
        return;
      }
      assert.equal(d.tasks.length, req.count);
      for (const inst of req.instances) {
        const n: number = d.tasks.filter((t) => t.kind === "placed" && t.instanceArn === inst.arn).length;
        if (n === 0) continue;
        assert.equal(inst.status, "ACTIVE");
        assert.equal(inst.agentConnected, true);
        if (g.onlyAzA) assert.equal(inst.attributes["ecs.availability-zone"], "a");
        assert.ok(n * req.needs.cpu <= inst.remaining.cpu, "CPU");
        assert.ok(n * req.needs.memory <= inst.remaining.memory, "memory");
        for (const protocol of ["tcp", "udp"] as const) {
          const wanted = req.needs.hostPorts.filter((p) => p.protocol === protocol).map((p) => p.port);
          const reserved = protocol === "tcp" ? inst.remaining.ports : inst.remaining.portsUdp;
          const all: number[] = [...reserved, ...Array.from({ length: n }, () => wanted).flat()];
          assert.equal(new Set(all).size, all.length, `${protocol} ports clash`);
        }
      }
    }),
    { numRuns: 500 },
  );
});

test("property: distinctInstance never puts two tasks of the group on one instance", () => {
  fc.assert(
    fc.property(requestArb, (g) => {
      const req = build({ ...g, distinct: true });
      const d = placeTasks(req);
      if (d.kind !== "decided") return;
      const used = new Map<string, number>();
      for (const t of d.tasks) if (t.kind === "placed") used.set(t.instanceArn, (used.get(t.instanceArn) ?? 0) + 1);
      for (const [instanceArn, n] of used) {
        const inst = req.instances.find((i) => i.arn === instanceArn)!;
        assert.equal(inst.tasks.filter((t) => t.group === req.group).length, 0, "instance already ran the group");
        assert.equal(n, 1);
      }
    }),
    { numRuns: 500 },
  );
});

test("property: the decision is a function of its inputs (same draws, any instance order → same result)", () => {
  fc.assert(
    fc.property(requestArb, fc.integer(), (g, seed) => {
      const shuffled = [...g.instances].sort((a, b) => ((a.arn.length * 31 + seed) % 7) - ((b.arn.length * 31 + seed) % 7) || (seed % 2 === 0 ? 1 : -1) * a.arn.localeCompare(b.arn));
      const first = placeTasks(build(g));
      assert.deepEqual(placeTasks(build(g)), first);
      const reordered = placeTasks(build({ ...g, instances: shuffled }));
      // Placements don't depend on listing order; failure lists follow the input order, so compare as sets.
      if (first.kind === "decided" && reordered.kind === "decided") {
        assert.deepEqual(reordered.tasks.map((t) => (t.kind === "placed" ? t.instanceArn : "unplaced")), first.tasks.map((t) => (t.kind === "placed" ? t.instanceArn : "unplaced")));
        assert.deepEqual(new Set(reordered.failures.map((f) => `${f.arn} ${f.reason}`)), new Set(first.failures.map((f) => `${f.arn} ${f.reason}`)));
      } else {
        assert.equal(reordered.kind, first.kind);
      }
    }),
    { numRuns: 300 },
  );
});

test("property: an unplaced task lists exactly the ACTIVE instances, each with one reason", () => {
  fc.assert(
    fc.property(requestArb, (g) => {
      const req = build(g);
      const d = placeTasks(req);
      if (d.kind !== "decided") return;
      const active = req.instances.filter((i) => i.status === "ACTIVE").map((i) => i.arn).sort();
      for (const t of d.tasks) {
        if (t.kind === "unplaced") assert.deepEqual(t.failures.map((f) => f.arn).sort(), active);
      }
    }),
    { numRuns: 300 },
  );
});
