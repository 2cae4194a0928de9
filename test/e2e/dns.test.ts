/**
 * berth's DNS server from the host: `dig @127.0.0.1 -p <port>` (UDP and TCP) and node's dns
 * Resolver, answering from Cloud Map registrations made through the SDK; records follow
 * RegisterInstance, DeregisterInstance and custom health; NXDOMAIN inside namespaces, REFUSED
 * outside; load-balancer host names.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Resolver } from "node:dns/promises";
import * as SD from "@aws-sdk/client-servicediscovery";
import { TEST_CREDENTIALS, useTestServer } from "./harness.js";

const env = useTestServer();
let sd: SD.ServiceDiscoveryClient;
let serviceId: string;
let resolver: Resolver;

const run = promisify(execFile);
const dns = () => env.server.server.dns!;

async function dig(...args: string[]): Promise<string> {
  return (await run("dig", [`@127.0.0.1`, "-p", String(dns().port), "+norec", "+time=2", "+tries=1", ...args])).stdout;
}
const digShort = async (...args: string[]) => (await dig("+short", ...args)).trim().split("\n").filter(Boolean).sort();

/** Wait until `fn` returns a value `ok` accepts (deadline 10 s); returns it. */
async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await fn();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}

const register = (InstanceId: string, ip: string, extra: Record<string, string> = {}) =>
  sd.send(new SD.RegisterInstanceCommand({ ServiceId: serviceId, InstanceId, Attributes: { AWS_INSTANCE_IPV4: ip, AWS_INSTANCE_PORT: "8080", ...extra } }));


describe("DNS answers from the registry", () => {
  before(async () => {
    sd = new SD.ServiceDiscoveryClient({ endpoint: env.server.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1, disableHostPrefix: true });
    const { OperationId } = await sd.send(new SD.CreatePrivateDnsNamespaceCommand({ Name: "dns.test", Vpc: "vpc-1", Properties: { DnsProperties: { SOA: { TTL: 42 } } } }));
    const nsId = (await sd.send(new SD.GetOperationCommand({ OperationId }))).Operation!.Targets!.NAMESPACE!;
    const { Service } = await sd.send(
      new SD.CreateServiceCommand({ Name: "web", NamespaceId: nsId, DnsConfig: { DnsRecords: [{ Type: "A", TTL: 7 }, { Type: "SRV", TTL: 9 }] }, HealthCheckCustomConfig: {} }),
    );
    serviceId = Service!.Id!;
    resolver = new Resolver({ timeout: 2000, tries: 1 });
    resolver.setServers([`127.0.0.1:${env.server.server.dns!.port}`]);
  });
  after(() => sd?.destroy());

  test("the server listens on 127.0.0.1 on UDP and TCP", () => {
    assert.equal(dns().host, "127.0.0.1");
    assert.ok(dns().port > 0);
  });

  test("A and SRV records with the service's TTLs, over UDP and TCP, with dig and node's Resolver", async () => {
    await register("t1", "127.0.0.51");
    await register("t2", "127.0.0.52");
    assert.deepEqual(await until(() => digShort("web.dns.test"), (v) => v.length === 2, "two A records"), ["127.0.0.51", "127.0.0.52"]);
    assert.deepEqual(await digShort("+tcp", "web.dns.test"), ["127.0.0.51", "127.0.0.52"]);
    const full = await dig("web.dns.test");
    assert.match(full, /status: NOERROR/);
    assert.match(full, /flags: qr aa;/);
    assert.match(full, /web\.dns\.test\.\s+7\s+IN\s+A\s+127\.0\.0\.51/);
    assert.deepEqual(await digShort("SRV", "web.dns.test"), ["1 1 8080 t1.web.dns.test.", "1 1 8080 t2.web.dns.test."]);
    assert.match(await dig("SRV", "web.dns.test"), /web\.dns\.test\.\s+9\s+IN\s+SRV/);
    assert.deepEqual(await digShort("t1.web.dns.test"), ["127.0.0.51"]);

    const withTtl = await resolver.resolve4("web.dns.test", { ttl: true });
    assert.deepEqual(withTtl.map((r) => [r.address, r.ttl]).sort(), [["127.0.0.51", 7], ["127.0.0.52", 7]]);
    const srv = await resolver.resolveSrv("web.dns.test");
    assert.deepEqual(srv.map((r) => `${r.name}:${r.port}`).sort(), ["t1.web.dns.test:8080", "t2.web.dns.test:8080"]);
  });

  test("NXDOMAIN with the namespace's SOA for unknown names inside it; REFUSED outside; nothing forwarded", async () => {
    const nx = await dig("nothere.dns.test");
    assert.match(nx, /status: NXDOMAIN/);
    assert.match(nx, /dns\.test\.\s+42\s+IN\s+SOA/);
    await assert.rejects(resolver.resolve4("nothere.dns.test"), (e: NodeJS.ErrnoException) => e.code === "ENOTFOUND");
    assert.match(await dig("example.com"), /status: REFUSED/);
    await assert.rejects(resolver.resolve4("example.com"), (e: NodeJS.ErrnoException) => e.code === "EREFUSED");
    assert.match(await dig("AAAA", "web.dns.test"), /status: NOERROR[\s\S]*ANSWER: 0/);
  });

  test("records follow RegisterInstance, custom health and DeregisterInstance", async () => {
    await register("t3", "127.0.0.53");
    await until(() => digShort("web.dns.test"), (v) => v.includes("127.0.0.53"), "t3 registered");
    await sd.send(new SD.UpdateInstanceCustomHealthStatusCommand({ ServiceId: serviceId, InstanceId: "t3", Status: "UNHEALTHY" }));
    assert.deepEqual(await until(() => digShort("web.dns.test"), (v) => !v.includes("127.0.0.53"), "t3 unhealthy"), ["127.0.0.51", "127.0.0.52"]);
    await sd.send(new SD.UpdateInstanceCustomHealthStatusCommand({ ServiceId: serviceId, InstanceId: "t3", Status: "HEALTHY" }));
    await until(() => digShort("web.dns.test"), (v) => v.includes("127.0.0.53"), "t3 healthy again");
    await register("t4", "127.0.0.54", { AWS_INIT_HEALTH_STATUS: "UNHEALTHY" });
    await sd.send(new SD.DeregisterInstanceCommand({ ServiceId: serviceId, InstanceId: "t3" }));
    assert.deepEqual(await until(() => digShort("web.dns.test"), (v) => !v.includes("127.0.0.53"), "t3 deregistered"), ["127.0.0.51", "127.0.0.52"]);
    // Re-registering an instance with a new address moves its record.
    await register("t1", "127.0.0.61");
    assert.deepEqual(await until(() => digShort("web.dns.test"), (v) => v.includes("127.0.0.61"), "t1 moved"), ["127.0.0.52", "127.0.0.61"]);
    await sd.send(new SD.DeregisterInstanceCommand({ ServiceId: serviceId, InstanceId: "t1" }));
    await sd.send(new SD.DeregisterInstanceCommand({ ServiceId: serviceId, InstanceId: "t2" }));
    // Only t4 is left, and it is unhealthy: Route 53 answers as if all were healthy.
    assert.deepEqual(await until(() => digShort("web.dns.test"), (v) => v.length === 1, "only t4"), ["127.0.0.54"]);
    await sd.send(new SD.DeregisterInstanceCommand({ ServiceId: serviceId, InstanceId: "t4" }));
    const empty = await until(() => dig("web.dns.test"), (v) => /ANSWER: 0/.test(v), "no instance left");
    assert.match(empty, /status: NOERROR/);
  });

  test("load balancers' host names answer their loopback addresses", async () => {
    dns().names.set("my-alb-1234567890.us-east-1.elb.amazonaws.com", ["127.0.1.7"], 60);
    assert.deepEqual(await digShort("my-alb-1234567890.us-east-1.elb.amazonaws.com"), ["127.0.1.7"]);
    dns().names.delete("my-alb-1234567890.us-east-1.elb.amazonaws.com");
    assert.match(await dig("my-alb-1234567890.us-east-1.elb.amazonaws.com"), /status: REFUSED/);
  });

  test("the container view (containerPort, listenAlso addresses) rewrites addresses; the host view doesn't", async () => {
    await register("v1", "127.0.0.71");
    await until(() => digShort("web.dns.test"), (v) => v.includes("127.0.0.71"), "v1 registered");
    dns().setContainerAddresses((ip) => (ip === "127.0.0.71" ? "10.200.0.71" : ip));
    try {
      const port = await dns().listenAlso("127.0.0.2", 0);
      const at = async (host: string, p: number) =>
        (await run("dig", [`@${host}`, "-p", String(p), "+short", "web.dns.test"])).stdout.trim().split("\n").sort();
      assert.ok((await at("127.0.0.2", port)).includes("10.200.0.71"));
      assert.ok((await at("127.0.0.1", dns().containerPort)).includes("10.200.0.71"));
      assert.ok((await at("127.0.0.1", dns().port)).includes("127.0.0.71"));
    } finally {
      dns().setContainerAddresses(undefined);
      await sd.send(new SD.DeregisterInstanceCommand({ ServiceId: serviceId, InstanceId: "v1" }));
    }
  });

  test("a deleted namespace is no longer served", async () => {
    const { OperationId } = await sd.send(new SD.CreatePrivateDnsNamespaceCommand({ Name: "gone.test", Vpc: "vpc-1" }));
    const nsId = (await sd.send(new SD.GetOperationCommand({ OperationId }))).Operation!.Targets!.NAMESPACE!;
    await until(() => dig("x.gone.test"), (v) => /NXDOMAIN/.test(v), "namespace served");
    await sd.send(new SD.DeleteNamespaceCommand({ Id: nsId }));
    await until(() => dig("x.gone.test"), (v) => /REFUSED/.test(v), "namespace gone");
  });
});
