import { test } from "node:test";
import assert from "node:assert/strict";
import packet from "dns-packet";
import type { DecodedPacket, RecordType } from "dns-packet";
import { answer, RCODE } from "./answer.js";
import { HostNames } from "./host-names.js";
import { buildZones } from "./zones.js";
import { inst, ns, svc } from "./test-fixtures.js";

const query = (name: string, type: RecordType = "A"): DecodedPacket =>
  packet.decode(packet.encode({ type: "query", id: 7, flags: packet.RECURSION_DESIRED, questions: [{ name, type, class: "IN" }] }));
const rcode = (p: { flags?: number }) => (p.flags ?? 0) & 0xf;
const zones = buildZones({ namespaces: [ns()], services: [svc()], instances: [inst("t1", "127.0.0.5"), inst("t2", "127.0.0.6")] });
const hosts = new HostNames();
hosts.set("my-lb-123.us-east-1.elb.amazonaws.com", ["127.0.1.1"], 60);

test("A answers are authoritative, carry the id and RD, the service's TTL; names are case-insensitive", () => {
  const r = answer(query("WEB.local.test."), zones, hosts);
  assert.equal(r.id, 7);
  assert.equal(rcode(r), RCODE.NOERROR);
  assert.ok((r.flags! & packet.AUTHORITATIVE_ANSWER) !== 0);
  assert.ok((r.flags! & packet.RECURSION_DESIRED) !== 0);
  assert.deepEqual(r.answers!.map((a) => [a.type, (a as { data: string }).data, (a as { ttl: number }).ttl]), [
    ["A", "127.0.0.5", 10],
    ["A", "127.0.0.6", 10],
  ]);
});

test("SRV answers carry their targets' A records as additionals", () => {
  const r = answer(query("web.local.test", "SRV"), zones, hosts);
  assert.equal(r.answers!.length, 2);
  assert.deepEqual(r.additionals!.map((a) => a.name).sort(), ["t1.web.local.test", "t2.web.local.test"]);
});

test("NXDOMAIN with the SOA inside a namespace; NODATA for a name without that type; REFUSED outside", () => {
  const nx = answer(query("nope.local.test"), zones, hosts);
  assert.equal(rcode(nx), RCODE.NXDOMAIN);
  assert.equal(nx.authorities![0]!.type, "SOA");
  assert.equal((nx.authorities![0] as { ttl: number }).ttl, 30);
  const nodata = answer(query("web.local.test", "AAAA"), zones, hosts);
  assert.equal(rcode(nodata), RCODE.NOERROR);
  assert.equal(nodata.answers, undefined);
  assert.equal(nodata.authorities![0]!.type, "SOA");
  const out = answer(query("example.com"), zones, hosts);
  assert.equal(rcode(out), RCODE.REFUSED);
  assert.equal((out.flags! & packet.AUTHORITATIVE_ANSWER) !== 0, false);
});

test("the namespace itself answers SOA and NS", () => {
  assert.equal(answer(query("local.test", "SOA"), zones, hosts).answers![0]!.type, "SOA");
  assert.equal(answer(query("local.test", "NS"), zones, hosts).answers![0]!.type, "NS");
});

test("host names (load balancers) answer A with their addresses", () => {
  const r = answer(query("My-LB-123.us-east-1.elb.amazonaws.com"), zones, hosts);
  assert.deepEqual(r.answers!.map((a) => (a as { data: string }).data), ["127.0.1.1"]);
  assert.equal(rcode(answer(query("other.us-east-1.elb.amazonaws.com"), zones, hosts)), RCODE.REFUSED);
});

test("MULTIVALUE gives at most 8 records; WEIGHTED gives one", () => {
  const many = Array.from({ length: 12 }, (_, i) => inst(`i${i}`, `127.0.0.${i + 10}`));
  const mv = buildZones({ namespaces: [ns()], services: [svc()], instances: many });
  const r = answer(query("web.local.test"), mv, hosts, () => 0.5);
  assert.equal(r.answers!.length, 8);
  assert.equal(new Set(r.answers!.map((a) => (a as { data: string }).data)).size, 8);
  const w = buildZones({ namespaces: [ns()], services: [svc({}, { DnsConfig: { RoutingPolicy: "WEIGHTED", DnsRecords: [{ Type: "A", TTL: 10 }] } })], instances: many });
  assert.equal(answer(query("web.local.test"), w, hosts, () => 0.99).answers!.length, 1);
});

test("a non-QUERY opcode is NOTIMP", () => {
  const q = packet.decode(packet.encode({ type: "query", id: 1, flags: 2 << 11, questions: [{ name: "web.local.test", type: "A" }] }));
  assert.equal(rcode(answer(q, zones, hosts)), RCODE.NOTIMP);
});
