import { test } from "node:test";
import assert from "node:assert/strict";
import { HEARTBEAT_TIMEOUT_MS } from "../../../agent-protocol/messages.js";
import { agentConnected } from "./agent-connected.js";

const at = (ms: number) => new Date(ms);

test("an agent is connected up to HEARTBEAT_TIMEOUT_MS after its last heartbeat, and not a millisecond later", () => {
  const last = 1_000_000;
  assert.equal(agentConnected({ status: "ACTIVE", lastHeartbeatAt: last }, at(last)), true);
  assert.equal(agentConnected({ status: "ACTIVE", lastHeartbeatAt: last }, at(last + HEARTBEAT_TIMEOUT_MS)), true);
  assert.equal(agentConnected({ status: "ACTIVE", lastHeartbeatAt: last }, at(last + HEARTBEAT_TIMEOUT_MS + 1)), false);
});

test("a draining instance can be connected; a deregistered one or one that never heartbeat cannot", () => {
  assert.equal(agentConnected({ status: "DRAINING", lastHeartbeatAt: 10 }, at(20)), true);
  assert.equal(agentConnected({ status: "INACTIVE", lastHeartbeatAt: 10 }, at(20)), false);
  assert.equal(agentConnected({ status: "ACTIVE" }, at(20)), false);
});
