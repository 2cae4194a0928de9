/**
 * Health checks and draining with real backends on 127.0.0.1: targets move initial → healthy →
 * unhealthy (with ELB's reason codes) → healthy as their health endpoint changes, traffic follows
 * health, and a deregistered target finishes its request in flight while new requests go elsewhere,
 * then leaves after the deregistration delay.
 */
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import * as E from "@aws-sdk/client-elastic-load-balancing-v2";
import { startTestServer, type TestServer } from "./harness.js";
import { elbClient, listenerPort, request, startBackend, waitFor, type Backend } from "./elbv2-support.js";

let t: TestServer;
let elb: E.ElasticLoadBalancingV2Client;
let a: Backend;
let b: Backend;
let address: string;
let port: number;
let tgArn: string;

const health = async () => {
  const d = (await elb.send(new E.DescribeTargetHealthCommand({ TargetGroupArn: tgArn }))).TargetHealthDescriptions!;
  return new Map(d.map((x) => [x.Target!.Port === a.port ? "a" : "b", x.TargetHealth!]));
};

before(async () => {
  t = await startTestServer();
  elb = elbClient(t);
  a = await startBackend("a");
  b = await startBackend("b");
  const lb = (await elb.send(new E.CreateLoadBalancerCommand({ Name: "health" }))).LoadBalancers![0]!;
  address = lb.AvailabilityZones![0]!.LoadBalancerAddresses![0]!.IpAddress!;
  tgArn = (
    await elb.send(
      new E.CreateTargetGroupCommand({
        Name: "checked",
        Protocol: "HTTP",
        Port: 80,
        TargetType: "ip",
        HealthCheckPath: "/health",
        HealthCheckIntervalSeconds: 5,
        HealthCheckTimeoutSeconds: 2,
        HealthyThresholdCount: 2,
        UnhealthyThresholdCount: 2,
      }),
    )
  ).TargetGroups![0]!.TargetGroupArn!;
  await elb.send(new E.ModifyTargetGroupAttributesCommand({ TargetGroupArn: tgArn, Attributes: [{ Key: "deregistration_delay.timeout_seconds", Value: "3" }] }));
  b.status = 500;
  await elb.send(new E.RegisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [{ Id: "127.0.0.1", Port: a.port }, { Id: "127.0.0.1", Port: b.port }] }));
  port = listenerPort();
  await elb.send(new E.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: "HTTP", Port: port, DefaultActions: [{ Type: "forward", TargetGroupArn: tgArn }] }));
  await t.server.loadBalancing.refresh();
});

after(async () => {
  elb.destroy();
  await t.stop();
  await a.close();
  await b.close();
});

it("targets go initial → healthy / unhealthy by the thresholds, with ELB's reasons; traffic goes to the healthy one", async () => {
  const first = await health();
  assert.equal(first.get("a")!.State, "initial");
  await waitFor("a healthy and b unhealthy", async () => {
    const h = await health();
    return h.get("a")!.State === "healthy" && h.get("b")!.State === "unhealthy" ? h : undefined;
  });
  const h = await health();
  assert.deepEqual(h.get("b"), { State: "unhealthy", Reason: "Target.ResponseCodeMismatch", Description: "Health checks failed with these codes: [500]" });
  assert.deepEqual(h.get("a"), { State: "healthy" });
  a.seen.length = 0;
  for (let i = 0; i < 6; i++) assert.equal((await request(address, port, "/")).headers["x-backend"], "a");
  // The health checker's requests are ELB's.
  assert.ok(a.seen.length >= 6);
});

it("a healthy target that starts failing becomes unhealthy; with none healthy, traffic fails open to all", async () => {
  a.status = 503;
  await waitFor("a unhealthy", async () => ((await health()).get("a")!.State === "unhealthy" ? true : undefined));
  const seen = new Set<string>();
  for (let i = 0; i < 4; i++) {
    const r = await request(address, port, "/");
    seen.add(String(r.headers["x-backend"]));
  }
  assert.deepEqual(seen, new Set(["a", "b"]));
  a.status = 200;
  b.status = 200;
  await waitFor("both healthy", async () => {
    const h = await health();
    return h.get("a")!.State === "healthy" && h.get("b")!.State === "healthy" ? true : undefined;
  });
});

it("a draining target finishes its request in flight, gets no new ones, and leaves after the deregistration delay", async () => {
  let release!: () => void;
  a.gate = new Promise<void>((r) => (release = r));
  b.gate = a.gate;
  // Round robin over the two healthy targets: two slow requests, one on each.
  const p1 = request(address, port, "/slow/1");
  const p2 = request(address, port, "/slow/2");
  await waitFor("both slow requests at their backends", async () => (t.server.loadBalancing.inFlight().size === 2 ? true : undefined));
  b.gate = undefined;
  await elb.send(new E.DeregisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [{ Id: "127.0.0.1", Port: a.port }] }));
  await t.server.loadBalancing.refresh();
  assert.equal((await health()).get("a")!.State, "draining");
  for (let i = 0; i < 4; i++) assert.equal((await request(address, port, "/")).headers["x-backend"], "b");
  release();
  const [r1, r2] = await Promise.all([p1, p2]);
  assert.deepEqual([r1.status, r2.status], [200, 200]);
  assert.deepEqual(new Set([r1.headers["x-backend"], r2.headers["x-backend"]]), new Set(["a", "b"]));
  await waitFor("a gone after the delay", async () => ((await health()).has("a") ? undefined : true), 20_000);
  assert.deepEqual([...(await health()).keys()], ["b"]);
});

it("an HTTPS target group: health checks and traffic go over TLS to a self-signed target", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "berth-elb-tls-"));
  let server: https.Server | undefined;
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")], { stdio: "ignore" });
    server = https.createServer({ key: readFileSync(path.join(dir, "key.pem")), cert: readFileSync(path.join(dir, "cert.pem")) }, (req, res) => {
      res.writeHead(200, { "x-backend": "tls" });
      res.end(`tls ${req.url}`);
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    const tlsPort = (server.address() as AddressInfo).port;
    const lb = (await elb.send(new E.CreateLoadBalancerCommand({ Name: "tls" }))).LoadBalancers![0]!;
    const lbAddress = lb.AvailabilityZones![0]!.LoadBalancerAddresses![0]!.IpAddress!;
    const tg = (
      await elb.send(new E.CreateTargetGroupCommand({ Name: "tls", Protocol: "HTTPS", Port: tlsPort, TargetType: "ip", HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2, HealthyThresholdCount: 2 }))
    ).TargetGroups![0]!;
    assert.equal(tg.HealthCheckProtocol, "HTTPS");
    await elb.send(new E.RegisterTargetsCommand({ TargetGroupArn: tg.TargetGroupArn!, Targets: [{ Id: "127.0.0.1" }] }));
    const p = listenerPort();
    await elb.send(new E.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: "HTTP", Port: p, DefaultActions: [{ Type: "forward", TargetGroupArn: tg.TargetGroupArn! }] }));
    await waitFor("the TLS target healthy", async () => {
      const d = (await elb.send(new E.DescribeTargetHealthCommand({ TargetGroupArn: tg.TargetGroupArn! }))).TargetHealthDescriptions!;
      return d[0]?.TargetHealth?.State === "healthy" ? true : undefined;
    });
    assert.equal((await request(lbAddress, p, "/secure")).body, "tls /secure");
  } finally {
    server?.closeAllConnections();
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    rmSync(dir, { recursive: true, force: true });
  }
});
