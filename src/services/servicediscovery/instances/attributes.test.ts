import { test } from "node:test";
import assert from "node:assert/strict";
import { AwsError } from "../../../errors.js";
import { checkInstanceAttributes } from "./attributes.js";

const invalid = (fn: () => void, re: RegExp) =>
  assert.throws(fn, (e: unknown) => e instanceof AwsError && e.code === "InvalidInput" && re.test(e.message));
const svc = (...types: ("A" | "AAAA" | "SRV" | "CNAME")[]) => ({ DnsConfig: { DnsRecords: types.map((Type) => ({ Type, TTL: 10 })) } });

test("an A record needs AWS_INSTANCE_IPV4, a valid one", () => {
  invalid(() => checkInstanceAttributes(svc("A"), {}), /AWS_INSTANCE_IPV4 is required/);
  invalid(() => checkInstanceAttributes(svc("A"), { AWS_INSTANCE_IPV4: "1.2.3" }), /must be an IPv4 address/);
  checkInstanceAttributes(svc("A"), { AWS_INSTANCE_IPV4: "127.0.0.9" });
});

test("SRV needs a port and an address; A and AAAA need either address", () => {
  invalid(() => checkInstanceAttributes(svc("SRV"), { AWS_INSTANCE_IPV4: "127.0.0.9" }), /AWS_INSTANCE_PORT is required/);
  invalid(() => checkInstanceAttributes(svc("SRV"), { AWS_INSTANCE_PORT: "80" }), /IPV4 or AWS_INSTANCE_IPV6 is required/);
  invalid(() => checkInstanceAttributes(svc("SRV"), { AWS_INSTANCE_PORT: "70000", AWS_INSTANCE_IPV4: "127.0.0.9" }), /port number/);
  checkInstanceAttributes(svc("A", "AAAA"), { AWS_INSTANCE_IPV6: "::1" });
  invalid(() => checkInstanceAttributes(svc("A", "AAAA"), {}), /IPV4 or AWS_INSTANCE_IPV6/);
  invalid(() => checkInstanceAttributes(svc("CNAME"), {}), /AWS_INSTANCE_CNAME is required/);
});

test("AWS_INIT_HEALTH_STATUS only with a custom health check, HEALTHY or UNHEALTHY", () => {
  invalid(() => checkInstanceAttributes({}, { AWS_INIT_HEALTH_STATUS: "UNHEALTHY" }), /custom health check/);
  invalid(() => checkInstanceAttributes({ HealthCheckCustomConfig: {} }, { AWS_INIT_HEALTH_STATUS: "SICK" }), /HEALTHY or UNHEALTHY/);
  checkInstanceAttributes({ HealthCheckCustomConfig: {} }, { AWS_INIT_HEALTH_STATUS: "UNHEALTHY" });
});

test("at most 30 attributes", () => {
  const many = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, "v"]));
  invalid(() => checkInstanceAttributes({}, many), /at most 30/);
});
