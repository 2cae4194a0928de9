import { test } from "node:test";
import assert from "node:assert/strict";
import { Resolver } from "node:dns/promises";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { authoritativeHandler } from "./authoritative.js";
import { HostNames } from "./host-names.js";
import { DnsRelay } from "./relay.js";
import { listenDns } from "./transport.js";
import { buildZones } from "./zones.js";
import { inst, ns, svc } from "./test-fixtures.js";

test("the relay passes queries to its upstream over UDP and TCP and rewrites A records with mapAddress", async () => {
  const zones = buildZones({ namespaces: [ns()], services: [svc()], instances: [inst("t1", "127.0.0.5")] });
  const upstream = await listenDns(authoritativeHandler(() => zones, new HostNames()), "127.0.0.1", 0);
  const relay = new DnsRelay({ host: "127.0.0.1", port: upstream.port }, undefined, (ip) => (ip === "127.0.0.5" ? "10.1.2.3" : undefined));
  const plain = new DnsRelay({ host: "127.0.0.1", port: upstream.port });
  try {
    const port = await relay.listen("127.0.0.1", 0);
    const r = new Resolver({ timeout: 2000, tries: 1 });
    r.setServers([`127.0.0.1:${port}`]);
    assert.deepEqual(await r.resolve4("web.local.test"), ["10.1.2.3"]);
    const tcp = await promisify(execFile)("dig", ["@127.0.0.1", "-p", String(port), "+tcp", "+short", "web.local.test"]);
    assert.equal(tcp.stdout.trim(), "10.1.2.3");
    await assert.rejects(r.resolve4("example.com"), (e: NodeJS.ErrnoException) => e.code === "EREFUSED");
    const plainPort = await plain.listen("127.0.0.2", 0);
    const p = new Resolver({ timeout: 2000, tries: 1 });
    p.setServers([`127.0.0.2:${plainPort}`]);
    assert.deepEqual(await p.resolve4("web.local.test"), ["127.0.0.5"]);
  } finally {
    await relay.close();
    await plain.close();
    await upstream.close();
  }
});
