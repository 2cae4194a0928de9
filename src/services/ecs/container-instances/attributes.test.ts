import { test } from "node:test";
import assert from "node:assert/strict";
import { checkCustomLimit, mergeAttributes, refuseBuiltIn, removeAttributes, validateAttribute } from "./attributes.js";

test("attribute names and values follow ECS's character rules", () => {
  for (const name of ["stack", "com.example/x\\y", "a_b-c.d", "x".repeat(128)]) validateAttribute({ name });
  for (const name of ["", "has space", "x".repeat(129), "a:b", "é"]) assert.throws(() => validateAttribute({ name }), /name/, name);
  for (const value of ["prod", "a b", "user@host:/x\\y", "t3.medium"]) validateAttribute({ name: "n", value });
  for (const value of ["", " lead", "trail ", "a=b", "x".repeat(129)]) assert.throws(() => validateAttribute({ name: "n", value }), /value/, value);
});

test("ten custom attributes are allowed, eleven are not; built-in ones don't count", () => {
  const custom = Array.from({ length: 10 }, (_, i) => ({ name: `c${i}`, value: "v" }));
  const builtIn = [{ name: "ecs.os-type", value: "linux" }, { name: "com.amazonaws.ecs.capability.docker-remote-api.1.17" }];
  checkCustomLimit([...custom, ...builtIn]);
  assert.throws(() => checkCustomLimit([...custom, { name: "c10" }]), (e: Error) => e.name === "AttributeLimitExceededException");
  assert.throws(() => refuseBuiltIn("ecs.instance-type"), /set by Amazon ECS/);
});

test("merging replaces by name in place and appends new names; removing drops names", () => {
  const merged = mergeAttributes([{ name: "a", value: "1" }, { name: "b" }], [{ name: "b", value: "2" }, { name: "c" }]);
  assert.deepEqual(merged, [{ name: "a", value: "1" }, { name: "b", value: "2" }, { name: "c" }]);
  assert.deepEqual(removeAttributes(merged, ["a", "zz"]), [{ name: "b", value: "2" }, { name: "c" }]);
});
