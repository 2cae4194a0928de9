import { test } from "node:test";
import assert from "node:assert/strict";
import { AwsError } from "../../../errors.js";
import { chooseLaunch, splitByStrategy } from "./launch-choice.js";

const refused = (fn: () => unknown, code: string, message: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof AwsError && e.code === code && message.test(e.message));

const fargateCluster = { capacityProviders: ["FARGATE", "FARGATE_SPOT"], defaultCapacityProviderStrategy: [] };

test("launchType EC2 runs on instances; FARGATE on managed capacity with no capacity provider named", () => {
  assert.deepEqual(chooseLaunch({ launchType: "EC2" }, fargateCluster, 2), { kind: "instances" });
  assert.deepEqual(chooseLaunch({ launchType: "FARGATE" }, {}, 2), { kind: "managed", providers: [undefined, undefined] });
});

test("no launch type and no default strategy is EC2; the cluster's default strategy is used when set", () => {
  assert.deepEqual(chooseLaunch({}, {}, 1), { kind: "instances" });
  const cluster = { ...fargateCluster, defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] };
  assert.deepEqual(chooseLaunch({}, cluster, 2), { kind: "managed", providers: ["FARGATE_SPOT", "FARGATE_SPOT"] });
  // An explicit launch type wins over the cluster's default.
  assert.deepEqual(chooseLaunch({ launchType: "EC2" }, cluster, 1), { kind: "instances" });
});

test("a launch type and a strategy together are refused with ECS's message; an empty strategy counts as none", () => {
  refused(
    () => chooseLaunch({ launchType: "FARGATE", capacityProviderStrategy: [{ capacityProvider: "FARGATE" }] }, fargateCluster, 1),
    "InvalidParameterException",
    /^Specifying both a launch type and capacity provider strategy is not supported\. Remove one and try again\.$/,
  );
  assert.equal(chooseLaunch({ launchType: "FARGATE", capacityProviderStrategy: [] }, fargateCluster, 1).kind, "managed");
});

test("a strategy naming a provider the cluster lacks is refused; EXTERNAL is not run yet", () => {
  refused(
    () => chooseLaunch({ capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] }, { capacityProviders: ["FARGATE"] }, 1),
    "InvalidParameterException",
    /cannot contain a capacity provider that is not associated with the cluster/,
  );
  refused(() => chooseLaunch({ capacityProviderStrategy: [{ capacityProvider: "FARGATE", weight: 0 }] }, fargateCluster, 1), "InvalidParameterException", /weight greater than zero/);
  refused(() => chooseLaunch({ launchType: "EXTERNAL" }, fargateCluster, 1), "InvalidParameterException", /does not run EXTERNAL tasks yet/);
});

test("base first, then by weight, ties in strategy order", () => {
  const strategy = [
    { capacityProvider: "FARGATE", base: 2, weight: 1 },
    { capacityProvider: "FARGATE_SPOT", weight: 3 },
  ];
  assert.deepEqual(splitByStrategy(strategy, 6), ["FARGATE", "FARGATE", "FARGATE_SPOT", "FARGATE", "FARGATE_SPOT", "FARGATE_SPOT"]);
  assert.deepEqual(splitByStrategy(strategy, 1), ["FARGATE"]);
  assert.deepEqual(splitByStrategy([{ capacityProvider: "FARGATE", weight: 1 }, { capacityProvider: "FARGATE_SPOT", weight: 1 }], 4), [
    "FARGATE",
    "FARGATE_SPOT",
    "FARGATE",
    "FARGATE_SPOT",
  ]);
  // A based provider with weight 0 beside a weighted one: the base, then the weighted one only.
  assert.deepEqual(splitByStrategy([{ capacityProvider: "FARGATE", base: 1, weight: 0 }, { capacityProvider: "FARGATE_SPOT", weight: 1 }], 3), [
    "FARGATE",
    "FARGATE_SPOT",
    "FARGATE_SPOT",
  ]);
});

test("every task gets a provider, and weighted shares stay within one task of exact", () => {
  for (const [a, b] of [[1, 1], [1, 3], [2, 5], [7, 1]] as const) {
    for (let count = 1; count <= 10; count++) {
      const out = splitByStrategy([{ capacityProvider: "A", weight: a }, { capacityProvider: "B", weight: b }], count);
      assert.equal(out.length, count);
      const share = out.filter((p) => p === "A").length;
      assert.ok(Math.abs(share - (count * a) / (a + b)) <= 1, `${a}:${b} count ${count} gave A ${share}`);
    }
  }
});
