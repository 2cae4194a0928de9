import { test } from "node:test";
import assert from "node:assert/strict";
import { consume, isCandidate, rejectReason } from "./fit.js";
import type { CandidateInstance, PlacementConstraint } from "./types.js";

const instance = (over: Partial<CandidateInstance> = {}): CandidateInstance => ({
  arn: "arn:aws:ecs:us-east-1:123456789012:container-instance/c/1",
  status: "ACTIVE",
  agentConnected: true,
  remaining: { cpu: 1024, memory: 2048, ports: [22, 2375, 2376, 51678, 51679], portsUdp: [] },
  attributes: { "ecs.availability-zone": "us-east-1a" },
  tasks: [],
  ...over,
});
const ctx = (over: { cpu?: number; memory?: number; hostPorts?: { port: number; protocol: "tcp" | "udp" }[]; constraints?: PlacementConstraint[]; requiresAttributes?: string[] } = {}) => ({
  needs: { cpu: over.cpu ?? 256, memory: over.memory ?? 256, hostPorts: over.hostPorts ?? [] },
  group: "family:web",
  constraints: over.constraints ?? [],
  requiresAttributes: over.requiresAttributes,
});

test("only ACTIVE instances are candidates", () => {
  assert.equal(isCandidate(instance()), true);
  assert.equal(isCandidate(instance({ status: "DRAINING" })), false);
});

test("each shortfall has its ECS reason", () => {
  assert.equal(rejectReason(instance(), ctx()), undefined);
  assert.equal(rejectReason(instance(), ctx({ cpu: 1025 })), "RESOURCE:CPU");
  assert.equal(rejectReason(instance(), ctx({ memory: 4096 })), "RESOURCE:MEMORY");
  assert.equal(rejectReason(instance(), ctx({ hostPorts: [{ port: 22, protocol: "tcp" }] })), "RESOURCE:PORTS");
  assert.equal(rejectReason(instance({ remaining: { cpu: 1024, memory: 2048, ports: [], portsUdp: [53] } }), ctx({ hostPorts: [{ port: 53, protocol: "udp" }] })), "RESOURCE:PORTS_UDP");
  assert.equal(rejectReason(instance(), ctx({ hostPorts: [{ port: 22, protocol: "udp" }] })), undefined, "a TCP reservation does not block UDP");
  assert.equal(rejectReason(instance({ agentConnected: false }), ctx({ cpu: 9999 })), "AGENT", "AGENT comes before resources");
  assert.equal(rejectReason(instance(), ctx({ requiresAttributes: ["ecs.capability.task-eni"] })), "ATTRIBUTE");
});

test("exact fit is enough: 1024 CPU left, task needs 1024", () => {
  assert.equal(rejectReason(instance(), ctx({ cpu: 1024, memory: 2048 })), undefined);
});

test("constraints: memberOf uses the plugged-in predicate, distinctInstance looks at the group's tasks", () => {
  const inB: PlacementConstraint = { kind: "memberOf", expression: "attribute:ecs.availability-zone == us-east-1b", matches: (i) => i.attributes["ecs.availability-zone"] === "us-east-1b" };
  assert.equal(rejectReason(instance(), ctx({ constraints: [inB] })), "MemberOf placement constraint unsatisfied.");
  const distinct: PlacementConstraint = { kind: "distinctInstance" };
  assert.equal(rejectReason(instance({ tasks: [{ group: "family:other", family: "other" }] }), ctx({ constraints: [distinct] })), undefined);
  assert.equal(rejectReason(instance({ tasks: [{ group: "family:web", family: "web" }] }), ctx({ constraints: [distinct] })), "DistinctInstance placement constraint unsatisfied.");
});

test("consume subtracts resources, reserves ports and records the task without mutating", () => {
  const before = instance();
  const after = consume(before, { cpu: 256, memory: 512, hostPorts: [{ port: 80, protocol: "tcp" }, { port: 53, protocol: "udp" }] }, { group: "g", family: "f" });
  assert.deepEqual(after.remaining, { cpu: 768, memory: 1536, ports: [22, 2375, 2376, 51678, 51679, 80], portsUdp: [53] });
  assert.deepEqual(after.tasks, [{ group: "g", family: "f" }]);
  assert.equal(before.remaining.cpu, 1024);
  assert.deepEqual(before.tasks, []);
});
