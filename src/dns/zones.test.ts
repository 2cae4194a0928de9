import { test } from "node:test";
import assert from "node:assert/strict";
import { buildZones } from "./zones.js";
import { inst, ns, svc } from "./test-fixtures.js";

test("a service's A and SRV records, and the SRV targets' A records, with its TTLs; names lowercased", () => {
  const z = buildZones({ namespaces: [ns()], services: [svc()], instances: [inst("T1", "127.0.0.5"), inst("t2", "127.0.0.6")] });
  assert.deepEqual(z.zones.get("local.test"), { name: "local.test", soaTtl: 30 });
  assert.deepEqual(z.names.get("web.local.test")?.A, { ttl: 10, policy: "MULTIVALUE", values: ["127.0.0.5", "127.0.0.6"] });
  assert.deepEqual(z.names.get("web.local.test")?.SRV?.values, [
    { port: 8080, target: "t1.web.local.test" },
    { port: 8080, target: "t2.web.local.test" },
  ]);
  assert.deepEqual(z.names.get("t1.web.local.test")?.A?.values, ["127.0.0.5"]);
});

test("custom health: unhealthy instances are left out, unless all are unhealthy (Route 53 fails open)", () => {
  const custom = svc({}, { HealthCheckCustomConfig: { FailureThreshold: 1 } });
  const one = buildZones({ namespaces: [ns()], services: [custom], instances: [inst("a", "127.0.0.5", { health: "UNHEALTHY" }), inst("b", "127.0.0.6", { health: "HEALTHY" })] });
  assert.deepEqual(one.names.get("web.local.test")?.A?.values, ["127.0.0.6"]);
  const none = buildZones({ namespaces: [ns()], services: [custom], instances: [inst("a", "127.0.0.5", { health: "UNHEALTHY" })] });
  assert.deepEqual(none.names.get("web.local.test")?.A?.values, ["127.0.0.5"]);
});

test("HTTP namespaces and services without DnsConfig make no names; an empty service is a name without data", () => {
  const z = buildZones({
    namespaces: [ns(), ns({ id: "ns-2", name: "api", type: "HTTP" })],
    services: [svc({ id: "srv-2", namespaceId: "ns-2", name: "x" }), svc({ id: "srv-3", name: "http-only" }, { DnsConfig: undefined }), svc({ id: "srv-4", name: "_http._tcp" })],
    instances: [inst("a", "127.0.0.5", { serviceId: "srv-2" })],
  });
  assert.equal(z.zones.has("api"), false);
  assert.equal(z.names.size, 0);
  assert.ok(z.parents.has("_http._tcp.local.test"));
  assert.ok(z.parents.has("_tcp.local.test"));
  assert.equal(z.parents.has("http-only.local.test"), false);
});
