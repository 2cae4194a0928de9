/** Which property changes replace, per provider added for Logs, ELBv2, ECS services and Cloud Map. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { providers } from "./index.js";
import { fullName } from "./elbv2-common.js";

const replaces = (type: string, before: object, after: object) => providers.get(type)!.requiresReplacement!(before as never, after as never);

test("replacing properties versus in-place ones", () => {
  const cases: [string, object, object, boolean][] = [
    ["AWS::Logs::LogGroup", { LogGroupName: "a" }, { LogGroupName: "b" }, true],
    ["AWS::Logs::LogGroup", { RetentionInDays: 1 }, { RetentionInDays: 7 }, false],
    ["AWS::ElasticLoadBalancingV2::LoadBalancer", { Name: "a" }, { Name: "b" }, true],
    ["AWS::ElasticLoadBalancingV2::LoadBalancer", { Scheme: "internal" }, {}, true],
    ["AWS::ElasticLoadBalancingV2::LoadBalancer", { SecurityGroups: ["sg-1"] }, { SecurityGroups: ["sg-2"] }, false],
    ["AWS::ElasticLoadBalancingV2::TargetGroup", { Port: 80 }, { Port: 8080 }, true],
    ["AWS::ElasticLoadBalancingV2::TargetGroup", { HealthCheckPath: "/" }, { HealthCheckPath: "/h" }, false],
    ["AWS::ElasticLoadBalancingV2::Listener", { LoadBalancerArn: "a" }, { LoadBalancerArn: "b" }, true],
    ["AWS::ElasticLoadBalancingV2::Listener", { Port: 80 }, { Port: 81 }, false],
    ["AWS::ElasticLoadBalancingV2::ListenerRule", { ListenerArn: "a" }, { ListenerArn: "b" }, true],
    ["AWS::ElasticLoadBalancingV2::ListenerRule", { Priority: 1 }, { Priority: 2 }, false],
    ["AWS::ECS::Service", { Cluster: "a" }, { Cluster: "b" }, true],
    ["AWS::ECS::Service", { ServiceName: "a" }, { ServiceName: "b" }, true],
    ["AWS::ECS::Service", { DesiredCount: 1, TaskDefinition: "a:1" }, { DesiredCount: 2, TaskDefinition: "a:2" }, false],
    ["AWS::ServiceDiscovery::PrivateDnsNamespace", { Name: "a", Vpc: "v" }, { Name: "a", Vpc: "w" }, true],
    ["AWS::ServiceDiscovery::PrivateDnsNamespace", { Description: "a" }, { Description: "b" }, false],
    ["AWS::ServiceDiscovery::HttpNamespace", { Name: "a" }, { Name: "b" }, true],
    ["AWS::ServiceDiscovery::Service", { DnsConfig: { RoutingPolicy: "WEIGHTED" } }, { DnsConfig: { RoutingPolicy: "MULTIVALUE" } }, true],
    ["AWS::ServiceDiscovery::Service", { DnsConfig: { DnsRecords: [{ Type: "A", TTL: 1 }] } }, { DnsConfig: { DnsRecords: [{ Type: "A", TTL: 2 }] } }, false],
  ];
  for (const [type, before, after, expected] of cases) assert.equal(replaces(type, before, after), expected, `${type} ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
});

test("ELBv2 full names from ARNs", () => {
  assert.equal(fullName("arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188", "loadbalancer"), "app/web/50dc6c495c0c9188");
  assert.equal(fullName("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/73e2d6bc24d8a067", "targetgroup"), "targetgroup/tg/73e2d6bc24d8a067");
});
