/**
 * Real traffic through berth's listeners on loopback, to node http servers on 127.0.0.1 registered
 * as `ip` targets: rule routing, round robin, X-Forwarded-*, weighted forward, fixed responses,
 * redirects, ALB's 502/503, TCP listeners, and listeners rebuilt from the store after a restart.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import { rmSync } from "node:fs";
import * as E from "@aws-sdk/client-elastic-load-balancing-v2";
import { startTestServer, type TestServer } from "./harness.js";
import { elbClient, listenerPort, request, startBackend, waitFor, type Backend } from "./elbv2-support.js";

let t: TestServer;
let elb: E.ElasticLoadBalancingV2Client;
const backends: Backend[] = [];
let a: Backend, b: Backend, c: Backend;
let address: string;
let port: number;
let lbArn: string;
let listenerArn: string;
let tgAb: string;
let tgC: string;

const tg = async (name: string, targets: Backend[], extra: Partial<E.CreateTargetGroupInput> = {}) => {
  const arn = (await elb.send(new E.CreateTargetGroupCommand({ Name: name, Protocol: "HTTP", Port: 80, TargetType: "ip", ...extra }))).TargetGroups![0]!.TargetGroupArn!;
  if (targets.length) await elb.send(new E.RegisterTargetsCommand({ TargetGroupArn: arn, Targets: targets.map((x) => ({ Id: "127.0.0.1", Port: x.port })) }));
  return arn;
};

const rule = (priority: number, conditions: E.RuleCondition[], actions: E.Action[]) =>
  elb.send(new E.CreateRuleCommand({ ListenerArn: listenerArn, Priority: priority, Conditions: conditions, Actions: actions }));

const get = (path: string, headers?: Record<string, string>, method?: string) => request(address, port, path, { headers, method });

before(async () => {
  t = await startTestServer();
  dataDir = t.dataDir;
  elb = elbClient(t);
  for (const n of ["a", "b", "c"]) backends.push(await startBackend(n));
  [a, b, c] = backends as [Backend, Backend, Backend];
  const lb = (await elb.send(new E.CreateLoadBalancerCommand({ Name: "traffic" }))).LoadBalancers![0]!;
  lbArn = lb.LoadBalancerArn!;
  address = lb.AvailabilityZones![0]!.LoadBalancerAddresses![0]!.IpAddress!;
  tgAb = await tg("ab", [a, b]);
  tgC = await tg("c", [c]);
  port = listenerPort();
  listenerArn = (await elb.send(new E.CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: "HTTP", Port: port, DefaultActions: [{ Type: "forward", TargetGroupArn: tgAb }] }))).Listeners![0]!.ListenerArn!;
  await rule(10, [{ Field: "path-pattern", Values: ["/c/*"] }], [{ Type: "forward", TargetGroupArn: tgC }]);
  await rule(20, [{ Field: "host-header", Values: ["c.example.com"] }], [{ Type: "forward", TargetGroupArn: tgC }]);
  await rule(30, [{ Field: "http-header", HttpHeaderConfig: { HttpHeaderName: "X-Teapot", Values: ["y*"] } }], [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "418", ContentType: "application/json", MessageBody: '{"teapot":true}' } }]);
  await rule(40, [{ Field: "http-request-method", HttpRequestMethodConfig: { Values: ["DELETE"] } }], [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "405" } }]);
  await rule(50, [{ Field: "query-string", QueryStringConfig: { Values: [{ Key: "go", Value: "away" }] } }], [{ Type: "redirect", RedirectConfig: { StatusCode: "HTTP_301", Path: "/moved/#{path}", Query: "from=#{query}" } }]);
  await t.server.loadBalancing.refresh();
});

let dataDir: string;

after(async () => {
  elb.destroy();
  await t.stop();
  rmSync(dataDir, { recursive: true, force: true });
  for (const x of backends) await x.close();
});

describe("HTTP listener", () => {
  it("listens on the load balancer's own address and round-robins the default target group", async () => {
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push((await get("/")).headers["x-backend"]);
    assert.deepEqual(new Set(seen), new Set(["a", "b"]));
    assert.notEqual(seen[0], seen[1]);
    assert.equal(seen[0], seen[2]);
  });

  it("adds X-Forwarded-For, -Proto, -Port and a trace id", async () => {
    c.seen.length = 0;
    const r = await get("/c/x", { "x-forwarded-for": "203.0.113.9" });
    assert.equal(r.status, 200);
    const h = c.seen[0]!;
    assert.equal(h["x-forwarded-for"], "203.0.113.9, 127.0.0.1");
    assert.equal(h["x-forwarded-proto"], "http");
    assert.equal(h["x-forwarded-port"], String(port));
    assert.match(String(h["x-amzn-trace-id"]), /^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
  });

  it("routes by path, host, header, method and query string, in priority order", async () => {
    assert.equal((await get("/c/deep/path")).body, "c GET /c/deep/path");
    assert.equal((await get("/x", { host: "C.example.com:8080" })).headers["x-backend"], "c");
    const teapot = await get("/c/x", { "x-teapot": "yes" });
    assert.equal(teapot.headers["x-backend"], "c"); // priority 10 (path) wins over 30 (header)
    const tp = await get("/", { "x-teapot": "YES please" });
    assert.deepEqual([tp.status, tp.headers["content-type"], tp.body, tp.headers.server], [418, "application/json", '{"teapot":true}', "awselb/2.0"]);
    assert.equal((await get("/", undefined, "DELETE")).status, 405);
    const moved = await get("/p/q?go=away");
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.location, `http://${address}:${port}/moved/p/q?from=go=away`);
    assert.notEqual((await get("/?go=stay")).status, 301);
  });

  it("weighted forward sends each target group its share; weight 0 gets nothing", async () => {
    const r = (await rule(5, [{ Field: "path-pattern", Values: ["/w"] }], [{ Type: "forward", ForwardConfig: { TargetGroups: [{ TargetGroupArn: tgAb, Weight: 0 }, { TargetGroupArn: tgC, Weight: 10 }] } }])).Rules![0]!;
    await t.server.loadBalancing.refresh();
    for (let i = 0; i < 10; i++) assert.equal((await get("/w")).headers["x-backend"], "c");
    await elb.send(new E.ModifyRuleCommand({ RuleArn: r.RuleArn!, Actions: [{ Type: "forward", ForwardConfig: { TargetGroups: [{ TargetGroupArn: tgAb, Weight: 1 }, { TargetGroupArn: tgC, Weight: 1 }] } }] }));
    await t.server.loadBalancing.refresh();
    const seen = new Set<string>();
    for (let i = 0; i < 60 && seen.size < 3; i++) seen.add(String((await get("/w")).headers["x-backend"]));
    assert.deepEqual(seen, new Set(["a", "b", "c"]));
  });

  it("a target that refuses connections gets ALB's 502, a group with no targets 503, at once", async () => {
    const gone = await startBackend("gone");
    await gone.close();
    const refused = await tg("refused", [gone]);
    const empty = await tg("empty", []);
    await rule(60, [{ Field: "path-pattern", Values: ["/refused"] }], [{ Type: "forward", TargetGroupArn: refused }]);
    await rule(61, [{ Field: "path-pattern", Values: ["/empty"] }], [{ Type: "forward", TargetGroupArn: empty }]);
    await t.server.loadBalancing.refresh();
    const r502 = await get("/refused");
    assert.equal(r502.status, 502);
    assert.match(r502.body, /502 Bad Gateway/);
    const r503 = await get("/empty");
    assert.equal(r503.status, 503);
    assert.match(r503.body, /503 Service Temporarily Unavailable/);
  });

  it("a target answering with bare-LF header lines (a CGI's) is proxied, not a 502", async () => {
    const cgi = net.createServer((socket) => {
      socket.once("data", () => socket.end("HTTP/1.1 200 OK\r\nContent-Type: text/plain\nX-Backend: cgi\n\nfrom a cgi\n"));
    });
    await new Promise<void>((resolve) => cgi.listen(0, "127.0.0.1", resolve));
    try {
      const group = (await elb.send(new E.CreateTargetGroupCommand({ Name: "bare-lf", Protocol: "HTTP", Port: 80, TargetType: "ip" }))).TargetGroups![0]!.TargetGroupArn!;
      await elb.send(new E.RegisterTargetsCommand({ TargetGroupArn: group, Targets: [{ Id: "127.0.0.1", Port: (cgi.address() as AddressInfo).port }] }));
      await rule(62, [{ Field: "path-pattern", Values: ["/cgi-bin/*"] }], [{ Type: "forward", TargetGroupArn: group }]);
      await t.server.loadBalancing.refresh();
      const r = await get("/cgi-bin/x");
      assert.equal(r.status, 200);
      assert.equal(r.headers["x-backend"], "cgi");
      assert.equal(r.body, "from a cgi\n");
    } finally {
      await new Promise((resolve) => cgi.close(resolve));
    }
  });

  it("a client that goes away before the target answers: the target's request is abandoned, not retried", async () => {
    assert.equal((await get("/c/warm")).status, 200); // a pooled connection to c, which a retry would reuse
    let release!: () => void;
    c.gate = new Promise<void>((r) => (release = r));
    const before = c.seen.length;
    const client = http.request({ host: address, port, path: "/c/slow", agent: false });
    client.on("error", () => undefined);
    client.end();
    await waitFor("the request at the target", async () => (c.seen.length === before + 1 ? true : undefined));
    client.destroy();
    await waitFor("nothing in flight", async () => (t.server.loadBalancing.inFlight().size === 0 ? true : undefined));
    release();
    c.gate = undefined;
    assert.equal((await get("/c/after")).status, 200);
    assert.equal(c.seen.length, before + 2, "one abandoned request and the next one; no retry");
  });

  it("chunked answers are passed on whole; HEAD answers carry no body", async () => {
    const chunky = http.createServer((req, res) => {
      res.writeHead(200, { "content-type": "text/plain", "x-backend": "chunky" });
      if (req.method === "HEAD") return void res.end();
      res.write("one ");
      setImmediate(() => {
        res.write("two ");
        res.end("three");
      });
    });
    await new Promise<void>((resolve) => chunky.listen(0, "127.0.0.1", resolve));
    try {
      const group = await elb.send(new E.CreateTargetGroupCommand({ Name: "chunky", Protocol: "HTTP", Port: 80, TargetType: "ip" }));
      const arn = group.TargetGroups![0]!.TargetGroupArn!;
      await elb.send(new E.RegisterTargetsCommand({ TargetGroupArn: arn, Targets: [{ Id: "127.0.0.1", Port: (chunky.address() as AddressInfo).port }] }));
      await rule(63, [{ Field: "path-pattern", Values: ["/chunky*"] }], [{ Type: "forward", TargetGroupArn: arn }]);
      await t.server.loadBalancing.refresh();
      for (let i = 0; i < 3; i++) {
        const r = await get("/chunky");
        assert.deepEqual([r.status, r.headers["x-backend"], r.body], [200, "chunky", "one two three"]);
      }
      const head = await get("/chunky", undefined, "HEAD");
      assert.deepEqual([head.status, head.headers["x-backend"], head.body], [200, "chunky", ""]);
    } finally {
      chunky.closeAllConnections();
      await new Promise((resolve) => chunky.close(resolve));
    }
  });

  it("a target silent past the load balancer's idle timeout gets ALB's 504", async () => {
    const held = new Set<net.Socket>();
    const silent = net.createServer((socket) => {
      held.add(socket);
      socket.on("close", () => held.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const lb = (await elb.send(new E.CreateLoadBalancerCommand({ Name: "idle" }))).LoadBalancers![0]!;
      await elb.send(new E.ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Attributes: [{ Key: "idle_timeout.timeout_seconds", Value: "1" }] }));
      const group = (await elb.send(new E.CreateTargetGroupCommand({ Name: "silent", Protocol: "HTTP", Port: 80, TargetType: "ip" }))).TargetGroups![0]!.TargetGroupArn!;
      await elb.send(new E.RegisterTargetsCommand({ TargetGroupArn: group, Targets: [{ Id: "127.0.0.1", Port: (silent.address() as AddressInfo).port }] }));
      const idlePort = listenerPort();
      await elb.send(new E.CreateListenerCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Protocol: "HTTP", Port: idlePort, DefaultActions: [{ Type: "forward", TargetGroupArn: group }] }));
      await t.server.loadBalancing.refresh();
      const r = await request(lb.AvailabilityZones![0]!.LoadBalancerAddresses![0]!.IpAddress!, idlePort, "/");
      assert.equal(r.status, 504);
      assert.match(r.body, /504 Gateway Time-out/);
      await elb.send(new E.DeleteLoadBalancerCommand({ LoadBalancerArn: lb.LoadBalancerArn! }));
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("request bodies go through; connection upgrades (WebSocket) are piped to the chosen target", async () => {
    const post = await new Promise<string>((resolve, reject) => {
      const req = http.request({ host: address, port, path: "/c/post", method: "POST", headers: { "content-type": "text/plain" }, agent: false }, (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => resolve(`${res.statusCode} ${body}`));
      });
      req.on("error", reject);
      req.end("x".repeat(100_000));
    });
    assert.equal(post, "200 c POST /c/post");
    const echoed = await new Promise<string>((resolve, reject) => {
      const req = http.request({ host: address, port, path: "/c/ws", headers: { connection: "Upgrade", upgrade: "echo" }, agent: false });
      req.on("upgrade", (res, socket) => {
        assert.equal(res.headers["x-backend"], "c");
        socket.once("data", (d: Buffer) => {
          socket.destroy();
          resolve(d.toString());
        });
        socket.write("ping");
      });
      req.on("error", reject);
      req.end();
    });
    assert.equal(echoed, "ping");
    assert.equal(c.seen.at(-1)!["x-forwarded-port"], String(port));
  });

  it("ModifyListener moves the listener to its new port", async () => {
    const next = listenerPort();
    await elb.send(new E.ModifyListenerCommand({ ListenerArn: listenerArn, Port: next }));
    await t.server.loadBalancing.refresh();
    await assert.rejects(request(address, port, "/"), /ECONNREFUSED/);
    port = next;
    assert.equal((await get("/c/1")).status, 200);
  });
});

describe("sticky sessions", () => {
  it("with lb_cookie stickiness a client that sends back AWSALB stays on its target", async () => {
    await elb.send(new E.ModifyTargetGroupAttributesCommand({ TargetGroupArn: tgAb, Attributes: [{ Key: "stickiness.enabled", Value: "true" }] }));
    await t.server.loadBalancing.refresh();
    const first = await get("/sticky");
    const cookie = String(first.headers["set-cookie"]).split(";")[0]!;
    assert.match(cookie, /^AWSALB=/);
    for (let i = 0; i < 4; i++) assert.equal((await get("/sticky", { cookie })).headers["x-backend"], first.headers["x-backend"]);
    await elb.send(new E.ModifyTargetGroupAttributesCommand({ TargetGroupArn: tgAb, Attributes: [{ Key: "stickiness.enabled", Value: "false" }] }));
    await t.server.loadBalancing.refresh();
    const seen = new Set<string>();
    for (let i = 0; i < 4; i++) seen.add(String((await get("/sticky", { cookie })).headers["x-backend"]));
    assert.equal(seen.size, 2);
  });
});

describe("TCP listener", () => {
  it("pipes connections of a network load balancer to a target", async () => {
    const nlb = (await elb.send(new E.CreateLoadBalancerCommand({ Name: "nlb", Type: "network" }))).LoadBalancers![0]!;
    const nlbAddress = nlb.AvailabilityZones![0]!.LoadBalancerAddresses![0]!.IpAddress!;
    assert.notEqual(nlbAddress, address);
    const tcp = await tg("tcp-c", [c], { Protocol: "TCP" });
    const p = listenerPort();
    await elb.send(new E.CreateListenerCommand({ LoadBalancerArn: nlb.LoadBalancerArn!, Protocol: "TCP", Port: p, DefaultActions: [{ Type: "forward", TargetGroupArn: tcp }] }));
    await t.server.loadBalancing.refresh();
    const r = await request(nlbAddress, p, "/through-tcp");
    assert.equal(r.body, "c GET /through-tcp");
    assert.equal(c.seen.at(-1)!["x-forwarded-for"], undefined);
  });
});

describe("restart", () => {
  it("listeners come back from the store after a server restart", async () => {
    elb.destroy();
    await t.server.close();
    await assert.rejects(request(address, port, "/"), /ECONNREFUSED/);
    const again = await startTestServer({ dataDir });
    try {
      assert.equal((await request(address, port, "/c/after")).body, "c GET /c/after");
    } finally {
      await again.server.close();
    }
    t = await startTestServer({ dataDir });
    elb = elbClient(t);
  });
});
