import { test } from "node:test";
import assert from "node:assert/strict";
import { serviceStability } from "./ecs-service-stability.js";

const dep = (over: object = {}) => ({ status: "PRIMARY", rolloutState: "IN_PROGRESS", runningCount: 0, desiredCount: 1, ...over });

test("stable only when the primary rollout is COMPLETED with runningCount == desiredCount", () => {
  assert.equal(serviceStability({ status: "ACTIVE", desiredCount: 1, deployments: [dep({ rolloutState: "COMPLETED", runningCount: 1 })] }).state, "stable");
  assert.equal(serviceStability({ status: "ACTIVE", desiredCount: 0, deployments: [dep({ rolloutState: "COMPLETED", runningCount: 0 })] }).state, "stable");
  assert.equal(serviceStability({ status: "ACTIVE", desiredCount: 1, deployments: [dep({ runningCount: 1 })] }).state, "waiting");
  assert.equal(serviceStability({ status: "ACTIVE", desiredCount: 2, deployments: [dep({ rolloutState: "COMPLETED", runningCount: 1 })] }).state, "waiting");
  // An older deployment still draining does not matter once the primary is complete.
  assert.equal(serviceStability({ status: "ACTIVE", desiredCount: 1, deployments: [dep({ rolloutState: "COMPLETED", runningCount: 1 }), dep({ status: "ACTIVE", runningCount: 1 })] }).state, "stable");
  assert.equal(serviceStability({ status: "ACTIVE", desiredCount: 1, deployments: [] }).state, "waiting");
});

test("a FAILED rollout or a service no longer ACTIVE fails at once, with the reason", () => {
  const failed = serviceStability({ status: "ACTIVE", desiredCount: 1, deployments: [dep({ rolloutState: "FAILED", rolloutStateReason: "ECS deployment circuit breaker: tasks failed to start." })] });
  assert.deepEqual(failed, { state: "failed", reason: "ECS deployment circuit breaker: tasks failed to start." });
  assert.equal(serviceStability({ status: "DRAINING", desiredCount: 1, deployments: [dep()] }).state, "failed");
  assert.equal(serviceStability(undefined).state, "failed");
});
