import { test } from "node:test";
import assert from "node:assert/strict";
import { AwsError } from "../../errors.js";
import { changeTtls, normalizeDnsConfig } from "./dns-config.js";

const invalid = (fn: () => void) => assert.throws(fn, (e: unknown) => e instanceof AwsError && e.code === "InvalidInput");

test("routing policy defaults to MULTIVALUE; types are unique; CNAME alone and WEIGHTED", () => {
  assert.deepEqual(normalizeDnsConfig({ DnsRecords: [{ Type: "A", TTL: 5 }] }), { RoutingPolicy: "MULTIVALUE", DnsRecords: [{ Type: "A", TTL: 5 }] });
  invalid(() => normalizeDnsConfig({ DnsRecords: [] }));
  invalid(() => normalizeDnsConfig({ DnsRecords: [{ Type: "A", TTL: 5 }, { Type: "A", TTL: 6 }] }));
  invalid(() => normalizeDnsConfig({ DnsRecords: [{ Type: "CNAME", TTL: 5 }] }));
  invalid(() => normalizeDnsConfig({ RoutingPolicy: "WEIGHTED", DnsRecords: [{ Type: "CNAME", TTL: 5 }, { Type: "A", TTL: 5 }] }));
  normalizeDnsConfig({ RoutingPolicy: "WEIGHTED", DnsRecords: [{ Type: "CNAME", TTL: 5 }] });
});

test("UpdateService changes TTLs, not record types", () => {
  const c = normalizeDnsConfig({ DnsRecords: [{ Type: "A", TTL: 5 }, { Type: "SRV", TTL: 5 }] });
  assert.deepEqual(changeTtls(c, [{ Type: "SRV", TTL: 9 }, { Type: "A", TTL: 7 }]).DnsRecords, [{ Type: "SRV", TTL: 9 }, { Type: "A", TTL: 7 }]);
  invalid(() => changeTtls(c, [{ Type: "A", TTL: 7 }]));
});
