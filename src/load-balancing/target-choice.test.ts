import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { chooseTargetGroup, eligibleTargets, roundRobin } from "./target-choice.js";
import type { TargetView } from "./view.js";

const t = (id: string, state: TargetView["state"], draining = false): TargetView => ({ id, port: 80, address: id, tls: false, state, draining });

test("round robin goes over the healthy targets in turn", () => {
  const ts = [t("a", "healthy"), t("b", "unhealthy"), t("c", "healthy")];
  let counter = 0;
  const seen = [];
  for (let i = 0; i < 4; i++) {
    const r = roundRobin(ts, counter);
    seen.push(r.target!.id);
    counter = r.next;
  }
  assert.deepEqual(seen, ["a", "c", "a", "c"]);
});

test("with no healthy target ALB fails open: every target that is not draining", () => {
  assert.deepEqual(eligibleTargets([t("a", "unhealthy"), t("b", "initial"), t("c", "draining", true)]).map((x) => x.id), ["a", "b"]);
});

test("draining targets never get a new request, even when nothing else is left", () => {
  assert.deepEqual(eligibleTargets([t("a", "healthy", true)]), []);
  assert.equal(roundRobin([t("a", "healthy", true)], 0).target, undefined);
});

test("weighted forward: a draw lands in each group's share; weight 0 is never chosen", () => {
  const groups = [{ TargetGroupArn: "blue", Weight: 3 }, { TargetGroupArn: "green", Weight: 1 }, { TargetGroupArn: "off", Weight: 0 }];
  assert.equal(chooseTargetGroup(groups, 0), "blue");
  assert.equal(chooseTargetGroup(groups, 0.74), "blue");
  assert.equal(chooseTargetGroup(groups, 0.76), "green");
  assert.equal(chooseTargetGroup([{ TargetGroupArn: "x", Weight: 0 }], 0.5), undefined);
  fc.assert(
    fc.property(fc.array(fc.nat(999), { minLength: 1, maxLength: 5 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (weights, r) => {
      const gs = weights.map((w, i) => ({ TargetGroupArn: String(i), Weight: w }));
      const chosen = chooseTargetGroup(gs, r);
      if (weights.every((w) => w === 0)) return chosen === undefined;
      return chosen !== undefined && weights[Number(chosen)]! > 0;
    }),
  );
});
