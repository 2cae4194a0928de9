import { test } from "node:test";
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { Resolver } from "node:dns/promises";
import { authoritativeHandler } from "../../dns/authoritative.js";
import { HostNames } from "../../dns/host-names.js";
import { listenDns } from "../../dns/transport.js";
import { buildZones } from "../../dns/zones.js";
import { inst, ns, svc } from "../../dns/test-fixtures.js";
import { dnsServerOf, TaskDns } from "./task-dns.js";

async function resolver(host: string, port: number): Promise<Resolver> {
  const r = new Resolver({ timeout: 1500, tries: 1 });
  r.setServers([`${host}:${port}`]);
  return r;
}

test("TaskDns relays to berth's server and answers awsvpc tasks with their cluster-network addresses", async () => {
  const zones = buildZones({ namespaces: [ns()], services: [svc()], instances: [inst("t1", "127.77.0.5"), inst("t2", "127.77.0.6")] });
  const upstream = await listenDns(authoritativeHandler(() => zones, new HostNames()), "127.0.0.1", 0);
  const dns = new TaskDns({ host: "127.0.0.1", port: upstream.port }, () => {}, 0);
  const a = {};
  const b = {};
  try {
    assert.equal(await dns.acquire("127.0.0.1", a), true);
    assert.equal(await dns.acquire("127.0.0.1", b), true, "a second runner shares the relay on the same gateway");
    const port = (await dns.portOn("127.0.0.1"))!;
    dns.setTaskAddress("127.77.0.5", "172.30.0.7", "task-new");
    const r = await resolver("127.0.0.1", port);
    assert.deepEqual((await r.resolve4("web.local.test")).sort(), ["127.77.0.6", "172.30.0.7"]);
    // An older task's removal does not forget the address a newer task holds now, even when the
    // engine gave the newer one the same cluster-network address.
    dns.forgetTaskAddress("127.77.0.5", "task-old");
    assert.equal(dns.containerAddress("127.77.0.5"), "172.30.0.7");
    dns.forgetTaskAddress("127.77.0.5", "task-new");
    assert.deepEqual((await r.resolve4("web.local.test")).sort(), ["127.77.0.5", "127.77.0.6"]);
    // The relay stays while one runner still uses the gateway, and stops with the last.
    await dns.release("127.0.0.1", a);
    assert.deepEqual((await r.resolve4("web.local.test")).length, 2);
    await dns.release("127.0.0.1", b);
    assert.equal(await dns.portOn("127.0.0.1"), undefined);
    await assert.rejects(r.resolve4("web.local.test"));
  } finally {
    await dns.close();
    await upstream.close();
  }
});

test("a relay that can't bind is reported once, and the agent goes on without it", async () => {
  const taken = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => taken.bind(0, "127.0.0.1", resolve));
  const port = taken.address().port;
  const logs: string[] = [];
  const dns = new TaskDns({ host: "127.0.0.1", port: 1 }, (m) => logs.push(m), port);
  try {
    assert.equal(await dns.acquire("127.0.0.1", {}), false);
    assert.equal(await dns.acquire("127.0.0.1", {}), false);
    assert.equal(logs.length, 1);
    assert.match(logs[0]!, /no DNS relay on 127\.0\.0\.1:\d+ .*won't resolve Cloud Map names/);
  } finally {
    await dns.close();
    taken.close();
  }
});

test("--dns-server: HOST:PORT, default the endpoint's host and 4553, none turns the relay off", () => {
  assert.deepEqual(dnsServerOf(undefined, "http://127.0.0.1:4510"), { host: "127.0.0.1", port: 4553 });
  assert.deepEqual(dnsServerOf("", "http://[::1]:4510"), { host: "::1", port: 4553 });
  assert.deepEqual(dnsServerOf("127.0.0.2:5353", "http://127.0.0.1:4510"), { host: "127.0.0.2", port: 5353 });
  assert.deepEqual(dnsServerOf("127.0.0.2", "http://127.0.0.1:4510"), { host: "127.0.0.2", port: 4553 });
  assert.deepEqual(dnsServerOf("[::1]:53", "http://127.0.0.1:4510"), { host: "::1", port: 53 });
  assert.equal(dnsServerOf("none", "http://127.0.0.1:4510"), undefined);
  assert.throws(() => dnsServerOf("127.0.0.1:99999", "http://127.0.0.1:4510"), /--dns-server must be HOST:PORT/);
  assert.throws(() => dnsServerOf("a:b:c", "http://127.0.0.1:4510"), /--dns-server must be HOST:PORT/);
});
