import { test } from "node:test";
import assert from "node:assert/strict";
import { matcherAccepts, nextHealth, type CheckCounters, type CheckResult } from "./health-transition.js";
import { health } from "./target-health.js";

const run = (start: CheckCounters, results: CheckResult[], th = { healthy: 2, unhealthy: 3 }) => {
  const states = [];
  let c = start;
  for (const r of results) {
    c = nextHealth(c, r, th);
    states.push(c.health.state);
  }
  return { states, last: c };
};

const fresh: CheckCounters = { health: health.registering(), ok: 0, failed: 0 };
const ok: CheckResult = { kind: "ok" };

test("initial becomes healthy after HealthyThresholdCount successes in a row", () => {
  const { states, last } = run(fresh, [ok, ok]);
  assert.deepEqual(states, ["initial", "healthy"]);
  assert.equal(last.health.reason, undefined);
});

test("healthy becomes unhealthy after UnhealthyThresholdCount failures in a row, with the last failure's reason", () => {
  const healthy: CheckCounters = { health: health.healthy(), ok: 0, failed: 0 };
  const { states, last } = run(healthy, [{ kind: "code", code: 500 }, ok, { kind: "code", code: 500 }, { kind: "timeout" }, { kind: "code", code: 404 }]);
  assert.deepEqual(states, ["healthy", "healthy", "healthy", "healthy", "unhealthy"]);
  assert.deepEqual(last.health, { state: "unhealthy", reason: "Target.ResponseCodeMismatch", description: "Health checks failed with these codes: [404]" });
});

test("an unhealthy target reports each new failure's reason and recovers after the healthy threshold", () => {
  const unhealthy: CheckCounters = { health: health.timeout(), ok: 0, failed: 3 };
  const a = run(unhealthy, [{ kind: "failed" }]);
  assert.equal(a.last.health.reason, "Target.FailedHealthChecks");
  const b = run(unhealthy, [ok, ok]);
  assert.deepEqual(b.states, ["unhealthy", "healthy"]);
});

test("initial targets that fail become unhealthy at the unhealthy threshold; checking shows Elb.InitialHealthChecking", () => {
  const { states, last } = run(fresh, [{ kind: "timeout" }, { kind: "timeout" }, { kind: "timeout" }]);
  assert.deepEqual(states, ["initial", "initial", "unhealthy"]);
  assert.equal(last.health.reason, "Target.Timeout");
  assert.equal(nextHealth(fresh, { kind: "timeout" }, { healthy: 2, unhealthy: 3 }).health.reason, "Elb.InitialHealthChecking");
});

test("matchers: a code, a list, a range", () => {
  assert.ok(matcherAccepts("200", 200));
  assert.ok(!matcherAccepts("200", 204));
  assert.ok(matcherAccepts("200,204", 204));
  assert.ok(matcherAccepts("200-299", 250));
  assert.ok(!matcherAccepts("200-299", 301));
});
