import { test } from "node:test";
import assert from "node:assert/strict";
import { validateInput } from "./validate.js";
import { loadModel } from "./model.js";
import { AwsError } from "../errors.js";

const ecs = loadModel("ecs-2014-11-13");
const style = { code: "InvalidParameterException" };
const v = (op: string, input: unknown) => validateInput(ecs, style, op, input);

function rejects(op: string, input: unknown, pattern: RegExp) {
  assert.throws(() => v(op, input), (e: unknown) => e instanceof AwsError && e.code === "InvalidParameterException" && pattern.test(e.message));
}

test("required members must be present", () => rejects("DeleteCluster", {}, /Value null at 'cluster'.*must not be null/));
test("enums are checked", () => rejects("ListTasks", { desiredStatus: "SLEEPING" }, /'desiredStatus'.*enum value set: \[RUNNING, PENDING, STOPPED\]/));
test("types are checked", () => rejects("ListClusters", { maxResults: 1.5 }, /'maxResults'.*integer/));
test("lists must be lists", () => rejects("DescribeClusters", { clusters: "a" }, /'clusters'.*a list/));
test("nested members are named by path", () =>
  rejects("RegisterTaskDefinition", { family: "f", containerDefinitions: [{ name: 5 }] }, /'containerDefinitions\.1\.member\.name'/));
test("unknown members are dropped and valid input passes", () => {
  assert.deepEqual(v("ListClusters", { maxResults: 5, bogus: true }), { maxResults: 5 });
});
test("string length bounds from the model are enforced", () =>
  rejects("TagResource", { resourceArn: "a", tags: [{ key: "", value: "v" }] }, /tags\.1\.member\.key.*length greater than or equal to 1/));
