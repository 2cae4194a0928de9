/**
 * ELBv2 API through @aws-sdk/client-elastic-load-balancing-v2: every action berth serves, with
 * AWS's defaults, idempotent creates, and AWS's errors for bad input (which change nothing).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as E from "@aws-sdk/client-elastic-load-balancing-v2";
import { rejectsWith, startTestServer, type TestServer } from "./harness.js";
import { elbClient, listenerPort } from "./elbv2-support.js";

// Listener ports: random, so that concurrent test servers (whose first load balancer is 127.88.0.1 in each) rarely meet.
const PORT = listenerPort();
const PORT2 = PORT + 1;

let t: TestServer;
let elb: E.ElasticLoadBalancingV2Client;
before(async () => {
  t = await startTestServer();
  elb = elbClient(t);
});
after(async () => {
  elb.destroy();
  await t.stop();
});

const tgArgs = { Protocol: "HTTP" as const, Port: 8080, TargetType: "ip" as const };

describe("load balancers", () => {
  it("CreateLoadBalancer gives each load balancer its own loopback address and a DNS name; a repeat returns the same one", async () => {
    const a = (await elb.send(new E.CreateLoadBalancerCommand({ Name: "lb-a", Tags: [{ Key: "team", Value: "web" }] }))).LoadBalancers![0]!;
    const b = (await elb.send(new E.CreateLoadBalancerCommand({ Name: "lb-b", Type: "network", Scheme: "internal" }))).LoadBalancers![0]!;
    assert.match(a.LoadBalancerArn!, /^arn:aws:elasticloadbalancing:us-east-1:\d{12}:loadbalancer\/app\/lb-a\/[0-9a-f]{16}$/);
    assert.match(b.LoadBalancerArn!, /:loadbalancer\/net\/lb-b\//);
    assert.equal(a.Type, "application");
    assert.equal(a.Scheme, "internet-facing");
    assert.equal(a.State?.Code, "active");
    assert.match(a.DNSName!, /^lb-a-\d{10}\.us-east-1\.elb\.berth\.internal$/);
    assert.match(b.DNSName!, /^internal-lb-b-\d{10}\.us-east-1\./);
    const addrA = a.AvailabilityZones![0]!.LoadBalancerAddresses![0]!.IpAddress!;
    const addrB = b.AvailabilityZones![0]!.LoadBalancerAddresses![0]!.IpAddress!;
    assert.match(addrA, /^127\.88\.\d+\.\d+$/);
    assert.match(addrB, /^127\.88\.\d+\.\d+$/);
    assert.notEqual(addrA, addrB);
    assert.ok(a.CreatedTime instanceof Date);
    const again = (await elb.send(new E.CreateLoadBalancerCommand({ Name: "lb-a" }))).LoadBalancers![0]!;
    assert.equal(again.LoadBalancerArn, a.LoadBalancerArn);
    await rejectsWith(elb.send(new E.CreateLoadBalancerCommand({ Name: "lb-a", Type: "network" })), "DuplicateLoadBalancerNameException");
    await rejectsWith(elb.send(new E.CreateLoadBalancerCommand({ Name: "bad_name" })), "ValidationError", /alphanumeric/);
    await rejectsWith(elb.send(new E.CreateLoadBalancerCommand({ Name: "-x" })), "ValidationError", /begin or end/);
  });

  it("DescribeLoadBalancers by name, by ARN, all, and in pages; unknown ones are LoadBalancerNotFound", async () => {
    const byName = await elb.send(new E.DescribeLoadBalancersCommand({ Names: ["lb-b"] }));
    assert.equal(byName.LoadBalancers!.length, 1);
    const arn = byName.LoadBalancers![0]!.LoadBalancerArn!;
    const byArn = await elb.send(new E.DescribeLoadBalancersCommand({ LoadBalancerArns: [arn] }));
    assert.equal(byArn.LoadBalancers![0]!.LoadBalancerName, "lb-b");
    const all = await elb.send(new E.DescribeLoadBalancersCommand({}));
    assert.deepEqual(all.LoadBalancers!.map((l) => l.LoadBalancerName), ["lb-a", "lb-b"]);
    const p1 = await elb.send(new E.DescribeLoadBalancersCommand({ PageSize: 1 }));
    assert.equal(p1.LoadBalancers!.length, 1);
    assert.ok(p1.NextMarker);
    const p2 = await elb.send(new E.DescribeLoadBalancersCommand({ PageSize: 1, Marker: p1.NextMarker }));
    assert.equal(p2.LoadBalancers![0]!.LoadBalancerName, "lb-b");
    assert.equal(p2.NextMarker, undefined);
    await rejectsWith(elb.send(new E.DescribeLoadBalancersCommand({ Names: ["nope"] })), "LoadBalancerNotFoundException", /nope/);
    await rejectsWith(elb.send(new E.DescribeLoadBalancersCommand({ LoadBalancerArns: [arn.replace(/[0-9a-f]{16}$/, "0".repeat(16))] })), "LoadBalancerNotFoundException");
    await rejectsWith(elb.send(new E.DescribeLoadBalancersCommand({ PageSize: 0 })), "ValidationError");
  });

  it("SetSubnets, SetSecurityGroups and SetIpAddressType are kept; the address stays", async () => {
    const lb = (await elb.send(new E.DescribeLoadBalancersCommand({ Names: ["lb-a"] }))).LoadBalancers![0]!;
    const address = lb.AvailabilityZones![0]!.LoadBalancerAddresses![0]!.IpAddress;
    const zones = (await elb.send(new E.SetSubnetsCommand({ LoadBalancerArn: lb.LoadBalancerArn!, Subnets: ["subnet-a", "subnet-b", "subnet-c"] }))).AvailabilityZones!;
    assert.deepEqual(zones.map((z) => [z.ZoneName, z.SubnetId, z.LoadBalancerAddresses![0]!.IpAddress]), [
      ["us-east-1a", "subnet-a", address],
      ["us-east-1b", "subnet-b", address],
      ["us-east-1c", "subnet-c", address],
    ]);
    assert.deepEqual((await elb.send(new E.SetSecurityGroupsCommand({ LoadBalancerArn: lb.LoadBalancerArn!, SecurityGroups: ["sg-1"] }))).SecurityGroupIds, ["sg-1"]);
    assert.equal((await elb.send(new E.SetIpAddressTypeCommand({ LoadBalancerArn: lb.LoadBalancerArn!, IpAddressType: "ipv4" }))).IpAddressType, "ipv4");
    const after = (await elb.send(new E.DescribeLoadBalancersCommand({ Names: ["lb-a"] }))).LoadBalancers![0]!;
    assert.deepEqual([after.SecurityGroups, after.AvailabilityZones!.length], [["sg-1"], 3]);
  });

  it("load balancer attributes: AWS's defaults, changes kept, unknown keys refused, deletion protection honoured", async () => {
    const arn = (await elb.send(new E.DescribeLoadBalancersCommand({ Names: ["lb-a"] }))).LoadBalancers![0]!.LoadBalancerArn!;
    const attrs = (await elb.send(new E.DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: arn }))).Attributes!;
    const get = (as: E.LoadBalancerAttribute[], k: string) => as.find((a) => a.Key === k)?.Value;
    assert.equal(get(attrs, "idle_timeout.timeout_seconds"), "60");
    assert.equal(get(attrs, "deletion_protection.enabled"), "false");
    const mod = await elb.send(new E.ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: [{ Key: "deletion_protection.enabled", Value: "true" }] }));
    assert.equal(get(mod.Attributes!, "deletion_protection.enabled"), "true");
    await rejectsWith(elb.send(new E.ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: [{ Key: "no.such.key", Value: "1" }] })), "ValidationError", /not recognized/);
    await rejectsWith(elb.send(new E.ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: [{ Key: "idle_timeout.timeout_seconds", Value: "0" }] })), "ValidationError");
    await rejectsWith(elb.send(new E.DeleteLoadBalancerCommand({ LoadBalancerArn: arn })), "OperationNotPermittedException", /deletion protection/);
    await elb.send(new E.ModifyLoadBalancerAttributesCommand({ LoadBalancerArn: arn, Attributes: [{ Key: "deletion_protection.enabled", Value: "false" }] }));
  });
});

describe("target groups", () => {
  it("CreateTargetGroup fills in ELB's health-check defaults per protocol", async () => {
    const http = (await elb.send(new E.CreateTargetGroupCommand({ Name: "tg-http", ...tgArgs }))).TargetGroups![0]!;
    assert.match(http.TargetGroupArn!, /^arn:aws:elasticloadbalancing:us-east-1:\d{12}:targetgroup\/tg-http\/[0-9a-f]{16}$/);
    assert.deepEqual(
      [http.HealthCheckProtocol, http.HealthCheckPort, http.HealthCheckPath, http.HealthCheckIntervalSeconds, http.HealthCheckTimeoutSeconds, http.HealthyThresholdCount, http.UnhealthyThresholdCount, http.Matcher?.HttpCode],
      ["HTTP", "traffic-port", "/", 30, 5, 5, 2, "200"],
    );
    assert.deepEqual(http.LoadBalancerArns, []);
    const tcp = (await elb.send(new E.CreateTargetGroupCommand({ Name: "tg-tcp", Protocol: "TCP", Port: 9000, TargetType: "ip" }))).TargetGroups![0]!;
    assert.deepEqual([tcp.HealthCheckProtocol, tcp.HealthCheckTimeoutSeconds, tcp.HealthCheckPath, tcp.Matcher], ["TCP", 10, undefined, undefined]);
    const again = (await elb.send(new E.CreateTargetGroupCommand({ Name: "tg-http", ...tgArgs }))).TargetGroups![0]!;
    assert.equal(again.TargetGroupArn, http.TargetGroupArn);
    await rejectsWith(elb.send(new E.CreateTargetGroupCommand({ Name: "tg-http", ...tgArgs, Port: 81 })), "DuplicateTargetGroupNameException");
    await rejectsWith(elb.send(new E.CreateTargetGroupCommand({ Name: "tg-x", ...tgArgs, HealthCheckIntervalSeconds: 5, HealthCheckTimeoutSeconds: 5 })), "ValidationError", /smaller than the interval/);
    await rejectsWith(elb.send(new E.CreateTargetGroupCommand({ Name: "tg-x", ...tgArgs, Matcher: { HttpCode: "abc" } })), "ValidationError", /matcher/);
    await rejectsWith(elb.send(new E.CreateTargetGroupCommand({ Name: "tg-x", TargetType: "ip" })), "ValidationError", /protocol/);
    await rejectsWith(elb.send(new E.CreateTargetGroupCommand({ Name: "tg-x", ...tgArgs, HealthCheckIntervalSeconds: 1 })), "ValidationError", /HealthCheckIntervalSeconds/);
    const names = (await elb.send(new E.DescribeTargetGroupsCommand({}))).TargetGroups!.map((g) => g.TargetGroupName);
    assert.deepEqual(names, ["tg-http", "tg-tcp"]);
  });

  it("ModifyTargetGroup changes health-check settings; target group attributes have ELB's defaults", async () => {
    const arn = (await elb.send(new E.DescribeTargetGroupsCommand({ Names: ["tg-http"] }))).TargetGroups![0]!.TargetGroupArn!;
    const m = (await elb.send(new E.ModifyTargetGroupCommand({ TargetGroupArn: arn, HealthCheckPath: "/health", HealthCheckIntervalSeconds: 10, Matcher: { HttpCode: "200-299" } }))).TargetGroups![0]!;
    assert.deepEqual([m.HealthCheckPath, m.HealthCheckIntervalSeconds, m.HealthCheckTimeoutSeconds, m.Matcher?.HttpCode], ["/health", 10, 5, "200-299"]);
    const attrs = (await elb.send(new E.DescribeTargetGroupAttributesCommand({ TargetGroupArn: arn }))).Attributes!;
    assert.equal(attrs.find((a) => a.Key === "deregistration_delay.timeout_seconds")?.Value, "300");
    assert.equal(attrs.find((a) => a.Key === "stickiness.type")?.Value, "lb_cookie");
    const mod = await elb.send(new E.ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: [{ Key: "deregistration_delay.timeout_seconds", Value: "5" }] }));
    assert.equal(mod.Attributes!.find((a) => a.Key === "deregistration_delay.timeout_seconds")?.Value, "5");
    await rejectsWith(elb.send(new E.ModifyTargetGroupAttributesCommand({ TargetGroupArn: arn, Attributes: [{ Key: "deregistration_delay.timeout_seconds", Value: "4000" }] })), "ValidationError");
    await rejectsWith(elb.send(new E.DescribeTargetGroupsCommand({ Names: ["nope"] })), "TargetGroupNotFoundException");
    await rejectsWith(elb.send(new E.ModifyTargetGroupCommand({ TargetGroupArn: arn.replace(/[0-9a-f]{16}$/, "0".repeat(16)) })), "TargetGroupNotFoundException");
  });
});

describe("listeners, rules, targets and tags", () => {
  let lbArn: string;
  let tgArn: string;
  let tg2Arn: string;
  let listenerArn: string;

  before(async () => {
    lbArn = (await elb.send(new E.DescribeLoadBalancersCommand({ Names: ["lb-a"] }))).LoadBalancers![0]!.LoadBalancerArn!;
    tgArn = (await elb.send(new E.DescribeTargetGroupsCommand({ Names: ["tg-http"] }))).TargetGroups![0]!.TargetGroupArn!;
    tg2Arn = (await elb.send(new E.CreateTargetGroupCommand({ Name: "tg-two", ...tgArgs }))).TargetGroups![0]!.TargetGroupArn!;
  });

  it("CreateListener stores the default actions as ELB shows them, and makes the default rule", async () => {
    const l = (await elb.send(new E.CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: "HTTP", Port: PORT, DefaultActions: [{ Type: "forward", TargetGroupArn: tgArn }] }))).Listeners![0]!;
    listenerArn = l.ListenerArn!;
    assert.match(listenerArn, /:listener\/app\/lb-a\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
    assert.deepEqual(l.DefaultActions, [{ Type: "forward", TargetGroupArn: tgArn, ForwardConfig: { TargetGroups: [{ TargetGroupArn: tgArn, Weight: 1 }], TargetGroupStickinessConfig: { Enabled: false } } }]);
    const rules = (await elb.send(new E.DescribeRulesCommand({ ListenerArn: listenerArn }))).Rules!;
    assert.equal(rules.length, 1);
    assert.deepEqual([rules[0]!.Priority, rules[0]!.IsDefault, rules[0]!.Conditions], ["default", true, []]);
    const tg = (await elb.send(new E.DescribeTargetGroupsCommand({ LoadBalancerArn: lbArn }))).TargetGroups!;
    assert.deepEqual(tg.map((g) => [g.TargetGroupName, g.LoadBalancerArns]), [["tg-http", [lbArn]]]);
    await rejectsWith(elb.send(new E.CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: "HTTP", Port: PORT, DefaultActions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "200" } }] })), "DuplicateListenerException", /A listener already exists on this port for this load balancer 'arn:/);
    await rejectsWith(elb.send(new E.CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: "TCP", Port: PORT2, DefaultActions: [{ Type: "forward", TargetGroupArn: tgArn }] })), "ValidationError", /not supported/);
    await rejectsWith(elb.send(new E.CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: "HTTP", Port: PORT2, DefaultActions: [{ Type: "forward", TargetGroupArn: tgArn.replace(/[0-9a-f]{16}$/, "0".repeat(16)) }] })), "TargetGroupNotFoundException");
    const tcpTg = (await elb.send(new E.DescribeTargetGroupsCommand({ Names: ["tg-tcp"] }))).TargetGroups![0]!.TargetGroupArn!;
    await rejectsWith(elb.send(new E.CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: "HTTP", Port: PORT2, DefaultActions: [{ Type: "forward", TargetGroupArn: tcpTg }] })), "IncompatibleProtocolsException");
    await rejectsWith(elb.send(new E.CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: "HTTP", Port: PORT2, DefaultActions: [] })), "ValidationError");
    assert.equal((await elb.send(new E.DescribeListenersCommand({ LoadBalancerArn: lbArn }))).Listeners!.length, 1);
  });

  it("a target group serves one load balancer only; one in use cannot be deleted", async () => {
    const other = (await elb.send(new E.CreateLoadBalancerCommand({ Name: "lb-other" }))).LoadBalancers![0]!.LoadBalancerArn!;
    await rejectsWith(elb.send(new E.CreateListenerCommand({ LoadBalancerArn: other, Protocol: "HTTP", Port: 80, DefaultActions: [{ Type: "forward", TargetGroupArn: tgArn }] })), "TargetGroupAssociationLimitException");
    await rejectsWith(elb.send(new E.DeleteTargetGroupCommand({ TargetGroupArn: tgArn })), "ResourceInUseException");
    await elb.send(new E.DeleteLoadBalancerCommand({ LoadBalancerArn: other }));
    await elb.send(new E.DeleteLoadBalancerCommand({ LoadBalancerArn: other }));
    await rejectsWith(elb.send(new E.DescribeLoadBalancersCommand({ LoadBalancerArns: [other] })), "LoadBalancerNotFoundException");
  });

  it("ModifyListener changes port and default actions (the default rule follows)", async () => {
    const l = (await elb.send(new E.ModifyListenerCommand({ ListenerArn: listenerArn, Port: PORT2, DefaultActions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "404", ContentType: "text/plain", MessageBody: "none" } }] }))).Listeners![0]!;
    assert.equal(l.Port, PORT2);
    assert.equal(l.DefaultActions![0]!.Type, "fixed-response");
    const rules = (await elb.send(new E.DescribeRulesCommand({ ListenerArn: listenerArn }))).Rules!;
    assert.equal(rules[0]!.Actions![0]!.FixedResponseConfig?.MessageBody, "none");
    const d = (await elb.send(new E.DescribeListenersCommand({ ListenerArns: [listenerArn] }))).Listeners![0]!;
    assert.equal(d.Port, PORT2);
    await elb.send(new E.ModifyListenerCommand({ ListenerArn: listenerArn, DefaultActions: [{ Type: "forward", TargetGroupArn: tgArn }] }));
    const second = (await elb.send(new E.CreateListenerCommand({ LoadBalancerArn: lbArn, Protocol: "HTTP", Port: PORT2 + 1, DefaultActions: [{ Type: "fixed-response", FixedResponseConfig: { StatusCode: "200" } }] }))).Listeners![0]!;
    await rejectsWith(elb.send(new E.ModifyListenerCommand({ ListenerArn: second.ListenerArn!, Port: PORT2 })), "ValidationError", /Listener port '\d+' is already in use/);
    await elb.send(new E.DeleteListenerCommand({ ListenerArn: second.ListenerArn! }));
  });

  it("rules: create with priorities, describe in priority order, modify, reprioritise, delete; ELB's errors", async () => {
    const mk = (priority: number, path: string, arn = tg2Arn) =>
      elb.send(new E.CreateRuleCommand({ ListenerArn: listenerArn, Priority: priority, Conditions: [{ Field: "path-pattern", Values: [path] }], Actions: [{ Type: "forward", TargetGroupArn: arn }] }));
    const r20 = (await mk(20, "/b/*")).Rules![0]!;
    const r10 = (await mk(10, "/a/*")).Rules![0]!;
    assert.deepEqual(r10.Conditions, [{ Field: "path-pattern", Values: ["/a/*"], PathPatternConfig: { Values: ["/a/*"] } }]);
    assert.equal(r10.Priority, "10");
    assert.equal(r10.IsDefault, false);
    await rejectsWith(mk(10, "/c/*"), "PriorityInUseException", /'10'/);
    await rejectsWith(
      elb.send(new E.CreateRuleCommand({ ListenerArn: listenerArn, Priority: 30, Conditions: [{ Field: "no-such-field", Values: ["x"] }], Actions: [{ Type: "forward", TargetGroupArn: tgArn }] })),
      "ValidationError",
    );
    await rejectsWith(
      elb.send(new E.CreateRuleCommand({ ListenerArn: listenerArn, Priority: 30, Conditions: [{ Field: "path-pattern", Values: ["/1", "/2", "/3", "/4", "/5", "/6"] }], Actions: [{ Type: "forward", TargetGroupArn: tgArn }] })),
      "ValidationError",
      /'5' condition values/,
    );
    await rejectsWith(
      elb.send(new E.CreateRuleCommand({ ListenerArn: listenerArn, Priority: 50001, Conditions: [{ Field: "path-pattern", Values: ["/x"] }], Actions: [{ Type: "forward", TargetGroupArn: tgArn }] })),
      "ValidationError",
    );
    const hdr = (
      await elb.send(
        new E.CreateRuleCommand({
          ListenerArn: listenerArn,
          Priority: 5,
          Conditions: [
            { Field: "http-header", HttpHeaderConfig: { HttpHeaderName: "X-Canary", Values: ["yes"] } },
            { Field: "http-request-method", HttpRequestMethodConfig: { Values: ["GET"] } },
            { Field: "query-string", QueryStringConfig: { Values: [{ Key: "v", Value: "2" }] } },
            { Field: "host-header", HostHeaderConfig: { Values: ["*.example.com"] } },
          ],
          Actions: [{ Type: "redirect", RedirectConfig: { StatusCode: "HTTP_302", Path: "/new" } }],
          Tags: [{ Key: "k", Value: "v" }],
        }),
      )
    ).Rules![0]!;
    assert.deepEqual(hdr.Actions![0]!.RedirectConfig, { Protocol: "#{protocol}", Port: "#{port}", Host: "#{host}", Path: "/new", Query: "#{query}", StatusCode: "HTTP_302" });
    assert.deepEqual(hdr.Conditions![3], { Field: "host-header", Values: ["*.example.com"], HostHeaderConfig: { Values: ["*.example.com"] } });
    let order = (await elb.send(new E.DescribeRulesCommand({ ListenerArn: listenerArn }))).Rules!.map((r) => r.Priority);
    assert.deepEqual(order, ["5", "10", "20", "default"]);
    const mod = (await elb.send(new E.ModifyRuleCommand({ RuleArn: r20.RuleArn!, Conditions: [{ Field: "path-pattern", Values: ["/bb/*"] }] }))).Rules![0]!;
    assert.deepEqual(mod.Conditions![0]!.Values, ["/bb/*"]);
    await rejectsWith(elb.send(new E.SetRulePrioritiesCommand({ RulePriorities: [{ RuleArn: r20.RuleArn!, Priority: 10 }] })), "PriorityInUseException");
    const swapped = await elb.send(new E.SetRulePrioritiesCommand({ RulePriorities: [{ RuleArn: r20.RuleArn!, Priority: 10 }, { RuleArn: r10.RuleArn!, Priority: 20 }] }));
    assert.deepEqual(swapped.Rules!.map((r) => r.Priority), ["10", "20"]);
    order = (await elb.send(new E.DescribeRulesCommand({ ListenerArn: listenerArn }))).Rules!.map((r) => r.RuleArn!);
    assert.deepEqual(order.slice(1, 3), [r20.RuleArn, r10.RuleArn]);
    const def = order[3]!;
    await rejectsWith(elb.send(new E.DeleteRuleCommand({ RuleArn: def })), "OperationNotPermittedException");
    await elb.send(new E.DeleteRuleCommand({ RuleArn: hdr.RuleArn! }));
    await rejectsWith(elb.send(new E.DescribeRulesCommand({ RuleArns: [hdr.RuleArn!] })), "RuleNotFoundException");
    const tags = (await elb.send(new E.DescribeTagsCommand({ ResourceArns: [hdr.RuleArn!.replace(/.$/, "0")] })).catch((e: Error) => e)) as Error;
    assert.equal(tags.name, "RuleNotFoundException");
  });

  it("targets: registration, unused while no listener uses the group, NotRegistered, InvalidTarget, draining", async () => {
    const tgTcp = (await elb.send(new E.DescribeTargetGroupsCommand({ Names: ["tg-tcp"] }))).TargetGroups![0]!.TargetGroupArn!;
    await elb.send(new E.RegisterTargetsCommand({ TargetGroupArn: tgTcp, Targets: [{ Id: "127.0.0.1", Port: 9 }, { Id: "127.0.0.2" }] }));
    const h = (await elb.send(new E.DescribeTargetHealthCommand({ TargetGroupArn: tgTcp }))).TargetHealthDescriptions!;
    assert.deepEqual(
      h.map((d) => [d.Target?.Id, d.Target?.Port, d.HealthCheckPort, d.TargetHealth?.State, d.TargetHealth?.Reason]),
      [
        ["127.0.0.1", 9, "9", "unused", "Target.NotInUse"],
        ["127.0.0.2", 9000, "9000", "unused", "Target.NotInUse"],
      ],
    );
    const nr = (await elb.send(new E.DescribeTargetHealthCommand({ TargetGroupArn: tgTcp, Targets: [{ Id: "127.0.0.3", Port: 1 }] }))).TargetHealthDescriptions!;
    assert.deepEqual(nr[0]!.TargetHealth, { State: "unused", Reason: "Target.NotRegistered", Description: "Target is not registered to the target group" });
    await rejectsWith(elb.send(new E.RegisterTargetsCommand({ TargetGroupArn: tgTcp, Targets: [{ Id: "10.0.0.1" }] })), "InvalidTargetException", /10\.0\.0\.1/);
    await rejectsWith(elb.send(new E.RegisterTargetsCommand({ TargetGroupArn: tgTcp, Targets: [{ Id: "i-0123456789abcdef0" }] })), "InvalidTargetException");
    await rejectsWith(elb.send(new E.DeregisterTargetsCommand({ TargetGroupArn: tgTcp, Targets: [{ Id: "127.0.0.9" }] })), "InvalidTargetException", /not registered/);
    // Not in use: deregistration is immediate.
    await elb.send(new E.DeregisterTargetsCommand({ TargetGroupArn: tgTcp, Targets: [{ Id: "127.0.0.2" }] }));
    assert.equal((await elb.send(new E.DescribeTargetHealthCommand({ TargetGroupArn: tgTcp }))).TargetHealthDescriptions!.length, 1);
    // In use: the target drains for the deregistration delay.
    await elb.send(new E.RegisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [{ Id: "127.0.0.1", Port: 9 }] }));
    const initial = (await elb.send(new E.DescribeTargetHealthCommand({ TargetGroupArn: tgArn }))).TargetHealthDescriptions![0]!;
    assert.equal(initial.TargetHealth?.State, "initial");
    assert.match(initial.TargetHealth!.Reason!, /^Elb\.(RegistrationInProgress|InitialHealthChecking)$/);
    await elb.send(new E.DeregisterTargetsCommand({ TargetGroupArn: tgArn, Targets: [{ Id: "127.0.0.1", Port: 9 }] }));
    const draining = (await elb.send(new E.DescribeTargetHealthCommand({ TargetGroupArn: tgArn }))).TargetHealthDescriptions!;
    assert.deepEqual(draining[0]!.TargetHealth, { State: "draining", Reason: "Target.DeregistrationInProgress", Description: "Target deregistration is in progress" });
  });

  it("tags on load balancers, target groups, listeners and rules", async () => {
    const arns = [lbArn, tgArn, listenerArn];
    await elb.send(new E.AddTagsCommand({ ResourceArns: arns, Tags: [{ Key: "env", Value: "test" }, { Key: "owner", Value: "me" }] }));
    await elb.send(new E.RemoveTagsCommand({ ResourceArns: [tgArn], TagKeys: ["owner"] }));
    const d = (await elb.send(new E.DescribeTagsCommand({ ResourceArns: arns }))).TagDescriptions!;
    assert.deepEqual(
      d.map((x) => [x.ResourceArn, x.Tags!.map((t) => `${t.Key}=${t.Value}`)]),
      [
        [lbArn, ["team=web", "env=test", "owner=me"]],
        [tgArn, ["env=test"]],
        [listenerArn, ["env=test", "owner=me"]],
      ],
    );
    await rejectsWith(elb.send(new E.AddTagsCommand({ ResourceArns: [lbArn.replace(/[0-9a-f]{16}$/, "0".repeat(16))], Tags: [{ Key: "a", Value: "b" }] })), "LoadBalancerNotFoundException");
    await rejectsWith(elb.send(new E.AddTagsCommand({ ResourceArns: [lbArn], Tags: [{ Key: "a", Value: "1" }, { Key: "a", Value: "2" }] })), "DuplicateTagKeysException");
  });

  it("DeleteListener and DeleteLoadBalancer remove listeners and rules; target groups stay, unused", async () => {
    await elb.send(new E.DeleteListenerCommand({ ListenerArn: listenerArn }));
    await rejectsWith(elb.send(new E.DescribeListenersCommand({ ListenerArns: [listenerArn] })), "ListenerNotFoundException");
    await rejectsWith(elb.send(new E.DeleteListenerCommand({ ListenerArn: listenerArn })), "ListenerNotFoundException");
    await elb.send(new E.DeleteLoadBalancerCommand({ LoadBalancerArn: lbArn }));
    const tg = (await elb.send(new E.DescribeTargetGroupsCommand({ TargetGroupArns: [tgArn] }))).TargetGroups![0]!;
    assert.deepEqual(tg.LoadBalancerArns, []);
    await elb.send(new E.DeleteTargetGroupCommand({ TargetGroupArn: tgArn }));
    await rejectsWith(elb.send(new E.DescribeTargetGroupsCommand({ TargetGroupArns: [tgArn] })), "TargetGroupNotFoundException");
  });

  it("resources are regional", async () => {
    const west = elbClient(t, "us-west-2");
    try {
      assert.deepEqual((await west.send(new E.DescribeLoadBalancersCommand({}))).LoadBalancers, []);
      await rejectsWith(west.send(new E.DescribeTargetGroupsCommand({ TargetGroupArns: [tg2Arn] })), "TargetGroupNotFoundException");
    } finally {
      west.destroy();
    }
  });
});
