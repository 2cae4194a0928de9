/**
 * A real container behind a listener: busybox httpd (the locally built test image) publishing
 * port 80 on 127.0.0.1, registered as an `ip` target. It becomes healthy through real health
 * checks and serves through the load balancer's own address; the container is removed after.
 */
import { after, before, it } from "node:test";
import assert from "node:assert/strict";
import Docker from "dockerode";
import * as E from "@aws-sdk/client-elastic-load-balancing-v2";
import { ensureBusyboxImage } from "../support/busybox-image.js";
import { startTestServer, type TestServer } from "./harness.js";
import { elbClient, listenerPort, request, waitFor } from "./elbv2-support.js";

const docker = new Docker();
let t: TestServer;
let elb: E.ElasticLoadBalancingV2Client;
let container: Docker.Container | undefined;

before(async () => {
  t = await startTestServer();
  elb = elbClient(t);
});

after(async () => {
  elb.destroy();
  await t.stop();
  await container?.remove({ force: true }).catch(() => undefined);
});

it("busybox httpd in a container becomes healthy and serves through the listener", async () => {
  const image = await ensureBusyboxImage(docker);
  container = await docker.createContainer({
    Image: image,
    Cmd: ["sh", "-c", "mkdir -p /www && echo hello-from-busybox > /www/index.html && exec httpd -f -p 80 -h /www"],
    ExposedPorts: { "80/tcp": {} },
    HostConfig: { PortBindings: { "80/tcp": [{ HostIp: "127.0.0.1", HostPort: "" }] } },
    Labels: { "berth.test": "elbv2-container" },
  });
  await container.start();
  const hostPort = Number((await container.inspect()).NetworkSettings.Ports["80/tcp"]![0]!.HostPort);
  const lb = (await elb.send(new E.CreateLoadBalancerCommand({ Name: "busybox" }))).LoadBalancers![0]!;
  const address = lb.AvailabilityZones![0]!.LoadBalancerAddresses![0]!.IpAddress!;
  const tg = (
    await elb.send(
      new E.CreateTargetGroupCommand({ Name: "httpd", Protocol: "HTTP", Port: 80, TargetType: "ip", HealthCheckPath: "/index.html", HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 2, HealthyThresholdCount: 2 }),
    )
  ).TargetGroups![0]!.TargetGroupArn!;
  await elb.send(new E.RegisterTargetsCommand({ TargetGroupArn: tg, Targets: [{ Id: "127.0.0.1", Port: hostPort }] }));
  const port = listenerPort();
  await elb.send(new E.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: "HTTP", Port: port, DefaultActions: [{ Type: "forward", TargetGroupArn: tg }] }));
  await waitFor("the container target healthy", async () => {
    const d = (await elb.send(new E.DescribeTargetHealthCommand({ TargetGroupArn: tg }))).TargetHealthDescriptions!;
    return d[0]?.TargetHealth?.State === "healthy" ? true : undefined;
  });
  const r = await request(address, port, "/index.html");
  assert.equal(r.status, 200);
  assert.equal(r.body.trim(), "hello-from-busybox");
  await container.stop({ t: 1 });
  await waitFor("the stopped container's target unhealthy", async () => {
    const d = (await elb.send(new E.DescribeTargetHealthCommand({ TargetGroupArn: tg }))).TargetHealthDescriptions!;
    return d[0]?.TargetHealth?.State === "unhealthy" ? d[0].TargetHealth : undefined;
  });
  const failed = await request(address, port, "/index.html");
  assert.equal(failed.status, 502);
});
