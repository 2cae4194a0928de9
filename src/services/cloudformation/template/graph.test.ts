import { test } from "node:test";
import assert from "node:assert/strict";
import { buildGraph, collectReferences, findCycle, ready, reverse, topoOrder } from "./graph.js";
import { evaluateConditions } from "./conditions.js";
import type { Json, Template } from "./types.js";

const refsOf = (v: Json) => collectReferences(v);

test("references come from Ref, Fn::GetAtt, Fn::Sub (not its variables) and nested functions", () => {
  const r = refsOf({ a: { Ref: "A" }, b: { "Fn::GetAtt": ["B", "Arn"] }, c: { "Fn::Sub": ["${C}-${D.Arn}-${V}-${!E}-${AWS::Region}", { V: { Ref: "F" } }] }, d: { "Fn::Join": ["", [{ Ref: "G" }]] } });
  assert.deepEqual([...r.refs].sort(), ["A", "AWS::Region", "C", "F", "G"]);
  assert.deepEqual([...r.getAtts].sort(), ["B", "D"]);
});

test("with conditions known, Fn::If follows only the branch taken", () => {
  const v: Json = { "Fn::If": ["Yes", { Ref: "A" }, { Ref: "B" }] };
  assert.deepEqual([...collectReferences(v, undefined, new Map([["Yes", true]])).refs], ["A"]);
  assert.deepEqual([...collectReferences(v).refs].sort(), ["A", "B"]);
});

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]));

test("dependency graph, ready sets and orders", () => {
  const g = buildGraph({
    parameters: new Set(["P"]),
    resources: {
      A: { refs: refsOf({ Ref: "P" }), dependsOn: [] },
      B: { refs: refsOf({ Ref: "A" }), dependsOn: [] },
      C: { refs: refsOf({ "Fn::GetAtt": ["A", "X"] }), dependsOn: ["B"] },
      D: { refs: refsOf({}), dependsOn: [] },
    },
  });
  assert.deepEqual(Object.fromEntries([...g].map(([k, v]) => [k, [...v].sort()])), { A: [], B: ["A"], C: ["A", "B"], D: [] });
  // Independent resources start together.
  assert.deepEqual(ready(g, new Set(), new Set()), ["A", "D"]);
  assert.deepEqual(ready(g, new Set(["A"]), new Set(["D"])), ["B"]);
  assert.deepEqual(topoOrder(g), ["A", "D", "B", "C"]);
  assert.deepEqual(topoOrder(reverse(g)), ["C", "D", "B", "A"]);
});

const graphErrors: [string, Parameters<typeof buildGraph>[0]["resources"], string][] = [
  ["unresolved Ref", { A: { refs: refsOf({ Ref: "Nope" }), dependsOn: [] } }, "Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template"],
  ["unresolved DependsOn", { A: { refs: refsOf({}), dependsOn: ["Nope"] } }, "Template format error: Unresolved resource dependencies [Nope] in the Resources block of the template"],
  ["GetAtt of an unknown resource", { A: { refs: refsOf({ "Fn::GetAtt": ["Nope", "Arn"] }), dependsOn: [] } }, "Template error: instance of Fn::GetAtt references undefined resource Nope"],
  ["cycle", { A: { refs: refsOf({ Ref: "B" }), dependsOn: [] }, B: { refs: refsOf({}), dependsOn: ["C"] }, C: { refs: refsOf({ "Fn::Sub": "${A}" }), dependsOn: [] } }, "Circular dependency between resources: [A, B, C]"],
];

for (const [name, resources, message] of graphErrors) {
  test(`graph error: ${name}`, () => {
    assert.throws(() => buildGraph({ parameters: new Set(), resources }), (e: Error) => e.name === "ValidationError" && e.message === message);
  });
}

test("findCycle on an acyclic graph", () => {
  assert.equal(findCycle(graph({ A: ["B"], B: [] })), undefined);
});

test("conditions: evaluated in any order, naming each other, against parameters", () => {
  const t: Template = {
    Parameters: {}, Mappings: {}, Resources: {}, Outputs: {},
    Conditions: {
      Both: { "Fn::And": [{ Condition: "IsProd" }, { Condition: "InEu" }] },
      IsProd: { "Fn::Equals": [{ Ref: "Env" }, "prod"] },
      InEu: { "Fn::Equals": [{ "Fn::Select": [0, { "Fn::Split": ["-", { Ref: "AWS::Region" }] }] }, "eu"] },
      NotProd: { "Fn::Not": [{ Condition: "IsProd" }] },
    },
  };
  const c = evaluateConditions(t, new Map([["Env", "prod"], ["AWS::Region", "eu-west-1"]]));
  assert.deepEqual(Object.fromEntries(c), { IsProd: true, InEu: true, Both: true, NotProd: false });
  assert.throws(
    () => evaluateConditions({ ...t, Conditions: { A: { Condition: "B" }, B: { Condition: "A" } } }, new Map()),
    /Circular dependency between conditions/,
  );
});
