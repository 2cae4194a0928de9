import { test } from "node:test";
import assert from "node:assert/strict";
import { checkDependencies, findCycle } from "./dependencies.js";
import type { ContainerDefinition } from "./types.js";

const c = (name: string, extra: Partial<ContainerDefinition> = {}): ContainerDefinition => ({ name, image: "busybox", essential: true, ...extra });
const rejects = (containers: ContainerDefinition[], message: RegExp) =>
  assert.throws(() => checkDependencies(containers), (e: Error) => e.name === "ClientException" && message.test(e.message));

test("a chain of dependencies on existing containers is accepted", () => {
  checkDependencies([
    c("app", { dependsOn: [{ containerName: "envoy", condition: "HEALTHY" }] }),
    c("envoy", { dependsOn: [{ containerName: "init", condition: "SUCCESS" }], healthCheck: { command: ["CMD", "true"] } }),
    c("init", { essential: false }),
  ]);
});

test("depending on an unknown container is ECS's ClientException naming it", () => {
  rejects([c("app", { dependsOn: [{ containerName: "ghost", condition: "START" }] })], /Cannot depend on container \+ 'ghost' because it does not exist/);
});

test("SUCCESS or COMPLETE on an essential container is refused", () => {
  rejects(
    [c("app", { dependsOn: [{ containerName: "init", condition: "COMPLETE" }] }), c("init")],
    /SUCCESS or COMPLETE condition cannot be an essential container/,
  );
});

test("a dependency cycle is refused and the message shows the cycle", () => {
  rejects(
    [c("a", { dependsOn: [{ containerName: "b", condition: "START" }] }), c("b", { dependsOn: [{ containerName: "a", condition: "START" }] })],
    /cycle: a -> b -> a/,
  );
  rejects([c("a", { dependsOn: [{ containerName: "a", condition: "START" }] })], /cycle: a -> a/);
});

test("a cycle of links is refused with ECS's message", () => {
  rejects([c("a", { links: ["b:db"] }), c("b", { links: ["a"] })], /Container links should not have a cycle/);
});

test("findCycle finds no cycle in a diamond", () => {
  const edges: Record<string, string[]> = { a: ["b", "c"], b: ["d"], c: ["d"], d: [] };
  assert.equal(findCycle(Object.keys(edges), (n) => edges[n]!), undefined);
});
