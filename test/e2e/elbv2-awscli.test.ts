/**
 * ELBv2 through Debian's aws CLI v2 (/usr/bin/aws, always with --endpoint-url): a load balancer,
 * a target group, a listener carrying real traffic, target health, and an ELB error as the CLI
 * prints it.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startTestServer, type TestServer } from "./harness.js";
import { listenerPort, request, startBackend, type Backend } from "./elbv2-support.js";
import { runAwsCli, type CliResult } from "../support/aws-cli.js";

let t: TestServer;
let home: string;
let backend: Backend;
before(async () => {
  t = await startTestServer();
  home = mkdtempSync(path.join(os.tmpdir(), "berth-awscli-"));
  backend = await startBackend("cli-backend");
});
after(async () => {
  await t.stop();
  await backend.close();
  rmSync(home, { recursive: true, force: true });
});

function elbv2(args: string[]): Promise<CliResult> {
  return runAwsCli(home, ["--endpoint-url", t.url, "--output", "json", "elbv2", ...args]);
}

const ok = async (args: string[]) => {
  const r = await elbv2(args);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout || "{}");
};

test("aws elbv2: load balancer, target group, listener and target health; the listener answers plain HTTP", async () => {
  const lb = (await ok(["create-load-balancer", "--name", "cli-lb", "--subnets", "subnet-1", "subnet-2"])).LoadBalancers[0];
  const address = lb.AvailabilityZones[0].LoadBalancerAddresses[0].IpAddress;
  assert.match(address, /^127\.88\./);
  assert.deepEqual(lb.AvailabilityZones.map((z: { SubnetId: string }) => z.SubnetId), ["subnet-1", "subnet-2"]);
  const tg = (await ok(["create-target-group", "--name", "cli-tg", "--protocol", "HTTP", "--port", "80", "--target-type", "ip", "--health-check-path", "/ping"])).TargetGroups[0];
  assert.equal(tg.HealthCheckPath, "/ping");
  await ok(["register-targets", "--target-group-arn", tg.TargetGroupArn, "--targets", `Id=127.0.0.1,Port=${backend.port}`]);
  const port = listenerPort();
  const l = (await ok(["create-listener", "--load-balancer-arn", lb.LoadBalancerArn, "--protocol", "HTTP", "--port", String(port), "--default-actions", `Type=forward,TargetGroupArn=${tg.TargetGroupArn}`])).Listeners[0];
  assert.equal(l.Port, port);
  await ok(["create-rule", "--listener-arn", l.ListenerArn, "--priority", "7", "--conditions", "Field=path-pattern,Values=/fixed", "--actions", "Type=fixed-response,FixedResponseConfig={StatusCode=200,ContentType=text/plain,MessageBody=from-cli}"]);
  await t.server.loadBalancing.refresh();
  assert.equal((await request(address, port, "/hello")).body, "cli-backend GET /hello");
  assert.equal((await request(address, port, "/fixed")).body, "from-cli");
  const health = (await ok(["describe-target-health", "--target-group-arn", tg.TargetGroupArn])).TargetHealthDescriptions;
  assert.equal(health[0].Target.Port, backend.port);
  assert.ok(["initial", "unhealthy", "healthy"].includes(health[0].TargetHealth.State));
  const names = await ok(["describe-load-balancers", "--query", "LoadBalancers[].LoadBalancerName"]);
  assert.deepEqual(names, ["cli-lb"]);
  const attrs = (await ok(["describe-target-group-attributes", "--target-group-arn", tg.TargetGroupArn])).Attributes;
  assert.ok(attrs.some((a: { Key: string }) => a.Key === "deregistration_delay.timeout_seconds"));
});

test("aws elbv2 prints ELB's error code", async () => {
  const r = await elbv2(["describe-load-balancers", "--names", "nope"]);
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /LoadBalancerNotFound/);
  assert.match(r.stderr, /Load balancers '\[nope\]' not found/);
});
