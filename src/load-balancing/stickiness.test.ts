import { test } from "node:test";
import assert from "node:assert/strict";
import { bySourceIp, cookieValue, setCookieHeader, stickyCookie, stuckTarget } from "./stickiness.js";
import type { TargetView } from "./view.js";

const t = (id: string, port = 80): TargetView => ({ id, port, address: id, tls: false, state: "healthy", draining: false });
const tg = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/web/0123456789abcdef";

test("the AWSALB cookie brings a client back to its target while that target can take requests", () => {
  const a = t("127.0.0.1", 8001);
  const b = t("127.0.0.1", 8002);
  const header = `x=1; AWSALB=${cookieValue(tg, b)}; y=2`;
  assert.equal(stuckTarget(tg, [a, b], stickyCookie(header)), b);
  assert.equal(stuckTarget(tg, [a], stickyCookie(header)), undefined);
  assert.equal(stickyCookie("x=1"), undefined);
  assert.match(setCookieHeader("v", 60, Date.UTC(2026, 0, 1)), /^AWSALB=v; Expires=Thu, 01 Jan 2026 00:01:00 GMT; Path=\/$/);
});

test("source_ip stickiness maps one client address to one target", () => {
  const ts = [t("127.0.0.1"), t("127.0.0.2"), t("127.0.0.3")];
  const first = bySourceIp(ts, "127.0.0.9");
  for (let i = 0; i < 5; i++) assert.equal(bySourceIp(ts, "127.0.0.9"), first);
  assert.equal(bySourceIp([], "127.0.0.9"), undefined);
});
