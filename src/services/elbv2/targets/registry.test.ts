/** The target registry as a service controller uses it, on a real SQLite store (no server). */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SqliteStore } from "../../../store/sqlite/sqlite-store.js";
import { toRecord, type ListenerDoc, type RuleDoc, type TargetGroupDoc } from "../records.js";
import { deregisterTargets, describeTargetHealth, registerTargets, targetGroupInfo } from "./registry.js";

const region = "us-east-1";
const tgArn = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/svc/0123456789abcdef";
const lbArn = "arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/lb/0123456789abcdef";
const listenerArn = "arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/lb/0123456789abcdef/0000000000000001";
let dir: string;
let store: SqliteStore;
const now = new Date(Date.UTC(2026, 10, 25, 12));
const later = (s: number) => new Date(now.getTime() + s * 1000);

before(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "berth-registry-"));
  store = new SqliteStore(dir);
  const tg: TargetGroupDoc = {
    wire: { TargetGroupArn: tgArn, TargetGroupName: "svc", Protocol: "HTTP", Port: 80, TargetType: "ip", HealthCheckPort: "traffic-port" },
    attributes: { "deregistration_delay.timeout_seconds": "30" },
  };
  await store.write((tx) => tx.elbv2.targetGroups.put(toRecord(region, tgArn, "svc", "", tg)));
});

after(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const states = async (at: Date) => (await store.read((tx) => describeTargetHealth(tx, region, tgArn, undefined, at))).map((v) => `${v.id}:${v.port} ${v.health.state}`);

test("targets of a group no listener uses read as unused, and leave at once when deregistered", async () => {
  await store.write((tx) => registerTargets(tx, region, tgArn, [{ id: "127.77.0.5", port: 8080 }, { id: "127.77.0.6", port: 8080 }], now));
  assert.deepEqual(await states(now), ["127.77.0.5:8080 unused", "127.77.0.6:8080 unused"]);
  assert.deepEqual((await store.read((tx) => targetGroupInfo(tx, region, tgArn))).loadBalancerArns, []);
  const { drainUntil } = await store.write((tx) => deregisterTargets(tx, region, tgArn, [{ id: "127.77.0.6", port: 8080 }], now));
  assert.equal(drainUntil, now.getTime());
  assert.deepEqual(await states(now), ["127.77.0.5:8080 unused"]);
});

test("in use: a new target is initial; a deregistered one drains for the group's delay; registering again takes it back", async () => {
  const rule: RuleDoc = { wire: { RuleArn: `${listenerArn}/r`, Priority: "default", IsDefault: true, Conditions: [], Actions: [{ Type: "forward", TargetGroupArn: tgArn, ForwardConfig: { TargetGroups: [{ TargetGroupArn: tgArn, Weight: 1 }] } }] }, priority: null };
  const listener: ListenerDoc = { wire: { ListenerArn: listenerArn, LoadBalancerArn: lbArn, Port: 80, Protocol: "HTTP", DefaultActions: rule.wire.Actions } };
  await store.write(async (tx) => {
    await tx.elbv2.listeners.put(toRecord(region, listenerArn, "", lbArn, listener));
    await tx.elbv2.rules.put(toRecord(region, rule.wire.RuleArn, "", listenerArn, rule));
  });
  const info = await store.read((tx) => targetGroupInfo(tx, region, tgArn));
  assert.deepEqual([info.targetType, info.deregistrationDelaySeconds, info.loadBalancerArns], ["ip", 30, [lbArn]]);
  assert.deepEqual(await states(now), ["127.77.0.5:8080 initial"]);
  const { drainUntil } = await store.write((tx) => deregisterTargets(tx, region, tgArn, [{ id: "127.77.0.5", port: 8080 }], now));
  assert.equal(drainUntil, later(30).getTime());
  assert.deepEqual(await states(later(29)), ["127.77.0.5:8080 draining"]);
  assert.deepEqual(await states(later(30)), []);
  await store.write((tx) => registerTargets(tx, region, tgArn, [{ id: "127.77.0.5", port: 8080 }], later(1)));
  assert.deepEqual(await states(later(40)), ["127.77.0.5:8080 initial"]);
  // Registering a registered target changes nothing.
  await store.write((tx) => registerTargets(tx, region, tgArn, [{ id: "127.77.0.5", port: 8080 }], later(2)));
  assert.equal((await store.read((tx) => tx.elbv2.targets.list(tgArn)))[0]!.registeredAt, later(1).getTime());
});

test("bad targets are refused and change nothing", async () => {
  await assert.rejects(store.write((tx) => registerTargets(tx, region, tgArn, [{ id: "127.77.0.9", port: 1 }, { id: "192.168.1.1", port: 1 }], now)), { code: "InvalidTarget" });
  await assert.rejects(store.write((tx) => deregisterTargets(tx, region, tgArn, [{ id: "127.77.0.99", port: 1 }], now)), { code: "InvalidTarget" });
  await assert.rejects(store.read((tx) => targetGroupInfo(tx, "eu-west-1", tgArn)), { code: "TargetGroupNotFound" });
  assert.equal((await store.read((tx) => tx.elbv2.targets.list(tgArn))).length, 1);
});
