/**
 * CloudFormation resource types that act on berth's other services, through
 * @aws-sdk/client-cloudformation: AWS::Logs::LogGroup (retention updated in place), the ELBv2
 * load balancer, target group, listener and listener rule (a fixed response served through the
 * listener), and Cloud Map namespaces and service. Each stack is deleted and what it made is gone.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CreateStackCommand, DeleteStackCommand, DescribeStacksCommand, UpdateStackCommand, type Stack } from "@aws-sdk/client-cloudformation";
import { CloudWatchLogsClient, DescribeLogGroupsCommand, ListTagsForResourceCommand } from "@aws-sdk/client-cloudwatch-logs";
import * as E from "@aws-sdk/client-elastic-load-balancing-v2";
import { GetNamespaceCommand, GetServiceCommand, ServiceDiscoveryClient } from "@aws-sdk/client-servicediscovery";
import { TEST_CREDENTIALS, useTestServer } from "./harness.js";
import { cfnClient, settled } from "./cfn-support.js";
import { elbClient, listenerPort, request, waitFor } from "./elbv2-support.js";

const t = useTestServer();
const outputs = (s: Stack) => Object.fromEntries((s.Outputs ?? []).map((o) => [o.OutputKey!, o.OutputValue!]));

async function deploy(name: string, body: string, update = false): Promise<Stack> {
  const cfn = cfnClient(t.server);
  try {
    await cfn.send(update ? new UpdateStackCommand({ StackName: name, TemplateBody: body }) : new CreateStackCommand({ StackName: name, TemplateBody: body }));
    return await settled(cfn, name);
  } finally {
    cfn.destroy();
  }
}

async function remove(name: string): Promise<Stack> {
  const cfn = cfnClient(t.server);
  try {
    const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: name }));
    await cfn.send(new DeleteStackCommand({ StackName: name }));
    const { Stacks: after } = await cfn.send(new DescribeStacksCommand({ StackName: Stacks![0]!.StackId! }));
    return after![0]!.StackStatus!.endsWith("_IN_PROGRESS") ? await settled(cfn, Stacks![0]!.StackId!) : after![0]!;
  } finally {
    cfn.destroy();
  }
}

test("AWS::Logs::LogGroup: name, Arn, retention and tags; retention updated in place; deleted with the stack", async () => {
  const logs = new CloudWatchLogsClient({ endpoint: t.server.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  const template = (retention: number) => `
Resources:
  Named:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: /berth/cfn/named
      RetentionInDays: ${retention}
      Tags: [{ Key: team, Value: ops }]
  Generated:
    Type: AWS::Logs::LogGroup
Outputs:
  Name: { Value: !Ref Named }
  Arn: { Value: !GetAtt Named.Arn }
  Generated: { Value: !Ref Generated }
`;
  try {
    const s = await deploy("logs-stack", template(7));
    assert.equal(s.StackStatus, "CREATE_COMPLETE", s.StackStatusReason);
    const o = outputs(s);
    assert.equal(o.Name, "/berth/cfn/named");
    assert.match(o.Arn!, /^arn:aws:logs:us-east-1:\d{12}:log-group:\/berth\/cfn\/named:\*$/);
    assert.match(o.Generated!, /^logs-stack-Generated-[A-Z0-9]+$/);
    const groups = async () => (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/berth/cfn/" }))).logGroups ?? [];
    assert.equal((await groups())[0]!.retentionInDays, 7);
    const tags = await logs.send(new ListTagsForResourceCommand({ resourceArn: o.Arn!.replace(/:\*$/, "") }));
    assert.deepEqual(tags.tags, { team: "ops" });

    const u = await deploy("logs-stack", template(30), true);
    assert.equal(u.StackStatus, "UPDATE_COMPLETE", u.StackStatusReason);
    assert.equal(outputs(u).Arn, o.Arn);
    assert.equal((await groups())[0]!.retentionInDays, 30);

    assert.equal((await remove("logs-stack")).StackStatus, "DELETE_COMPLETE");
    assert.deepEqual(await groups(), []);
    assert.deepEqual((await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: o.Generated }))).logGroups, []);
  } finally {
    logs.destroy();
  }
});

test("ELBv2 load balancer, target group, listener and rule: GetAtts, fixed responses served through the listener, rule updated in place", async () => {
  const elb = elbClient(t.server);
  const port = listenerPort();
  const template = (body: string) => `
Resources:
  Lb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Name: cfn-lb
      Subnets: [subnet-1, subnet-2]
      Tags: [{ Key: app, Value: web }]
  Tg:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Protocol: HTTP
      Port: 80
      TargetType: ip
      VpcId: vpc-1
      HealthCheckPath: /health
      Matcher: { HttpCode: "200-299" }
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Lb
      Protocol: HTTP
      Port: ${port}
      DefaultActions:
        - Type: fixed-response
          FixedResponseConfig: { StatusCode: 404, ContentType: text/plain, MessageBody: nothing here }
  Rule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Listener
      Priority: 10
      Conditions: [{ Field: path-pattern, Values: [/hello] }]
      Actions:
        - Type: fixed-response
          FixedResponseConfig: { StatusCode: "200", ContentType: text/plain, MessageBody: ${body} }
  TgRule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !GetAtt Listener.ListenerArn
      Priority: 20
      Conditions: [{ Field: path-pattern, PathPatternConfig: { Values: [/app/*] } }]
      Actions: [{ Type: forward, TargetGroupArn: !Ref Tg }]
Outputs:
  LbArn: { Value: !Ref Lb }
  DNSName: { Value: !GetAtt Lb.DNSName }
  LbName: { Value: !GetAtt Lb.LoadBalancerName }
  LbFullName: { Value: !GetAtt Lb.LoadBalancerFullName }
  Zone: { Value: !GetAtt Lb.CanonicalHostedZoneID }
  Sgs: { Value: !Join [",", !GetAtt Lb.SecurityGroups] }
  TgArn: { Value: !Ref Tg }
  TgName: { Value: !GetAtt Tg.TargetGroupName }
  TgFullName: { Value: !GetAtt Tg.TargetGroupFullName }
  ListenerArn: { Value: !Ref Listener }
  RuleArn: { Value: !GetAtt Rule.RuleArn }
  RuleRef: { Value: !Ref Rule }
`;
  try {
    const s = await deploy("elb-stack", template("hello"));
    assert.equal(s.StackStatus, "CREATE_COMPLETE", s.StackStatusReason);
    const o = outputs(s);
    const lb = (await elb.send(new E.DescribeLoadBalancersCommand({ Names: ["cfn-lb"] }))).LoadBalancers![0]!;
    assert.equal(o.LbArn, lb.LoadBalancerArn);
    assert.equal(o.DNSName, lb.DNSName);
    assert.equal(o.LbName, "cfn-lb");
    assert.equal(o.LbFullName, lb.LoadBalancerArn!.split(":loadbalancer/")[1]);
    assert.match(o.LbFullName!, /^app\/cfn-lb\/[0-9a-f]+$/);
    assert.equal(o.Zone, lb.CanonicalHostedZoneId);
    assert.equal(o.Sgs, lb.SecurityGroups!.join(","));
    const tg = (await elb.send(new E.DescribeTargetGroupsCommand({ TargetGroupArns: [o.TgArn!] }))).TargetGroups![0]!;
    assert.equal(o.TgName, tg.TargetGroupName);
    assert.match(o.TgName!, /^elb-stack-Tg-/);
    assert.equal(o.TgFullName, tg.TargetGroupArn!.split(":")[5]);
    assert.equal(tg.HealthCheckPath, "/health");
    assert.equal(tg.Matcher?.HttpCode, "200-299");
    assert.equal(o.RuleRef, o.RuleArn);
    const rules = (await elb.send(new E.DescribeRulesCommand({ ListenerArn: o.ListenerArn }))).Rules!;
    assert.deepEqual(rules.map((r) => r.Priority).sort(), ["10", "20", "default"]);

    const address = lb.AvailabilityZones![0]!.LoadBalancerAddresses![0]!.IpAddress!;
    const hello = await waitFor("the rule's fixed response", async () => {
      const r = await request(address, port, "/hello");
      return r.status === 200 ? r : undefined;
    });
    assert.equal(hello.body, "hello");
    const other = await request(address, port, "/other");
    assert.equal(other.status, 404);
    assert.equal(other.body, "nothing here");

    const u = await deploy("elb-stack", template("changed"), true);
    assert.equal(u.StackStatus, "UPDATE_COMPLETE", u.StackStatusReason);
    assert.equal(outputs(u).RuleArn, o.RuleArn, "the rule is updated in place");
    await waitFor("the updated fixed response", async () => ((await request(address, port, "/hello")).body === "changed" ? true : undefined));

    assert.equal((await remove("elb-stack")).StackStatus, "DELETE_COMPLETE");
    assert.deepEqual((await elb.send(new E.DescribeLoadBalancersCommand({}))).LoadBalancers, []);
    assert.deepEqual((await elb.send(new E.DescribeTargetGroupsCommand({}))).TargetGroups, []);
  } finally {
    elb.destroy();
  }
});

test("Cloud Map: private DNS and HTTP namespaces and a service, Ref = Id, GetAtt Id/Arn/Name; deleted with the stack", async () => {
  const sd = new ServiceDiscoveryClient({ endpoint: t.server.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  const template = (ttl: number) => `
Resources:
  Private:
    Type: AWS::ServiceDiscovery::PrivateDnsNamespace
    Properties: { Name: cfn.internal, Vpc: vpc-1, Description: private }
  Http:
    Type: AWS::ServiceDiscovery::HttpNamespace
    Properties: { Name: cfn-http }
  Svc:
    Type: AWS::ServiceDiscovery::Service
    Properties:
      Name: api
      NamespaceId: !Ref Private
      DnsConfig:
        DnsRecords: [{ Type: A, TTL: ${ttl} }]
        RoutingPolicy: MULTIVALUE
      HealthCheckCustomConfig: { FailureThreshold: 1 }
Outputs:
  PrivateId: { Value: !Ref Private }
  PrivateGetId: { Value: !GetAtt Private.Id }
  PrivateArn: { Value: !GetAtt Private.Arn }
  HttpId: { Value: !GetAtt Http.Id }
  HttpArn: { Value: !GetAtt Http.Arn }
  SvcId: { Value: !Ref Svc }
  SvcArn: { Value: !GetAtt Svc.Arn }
  SvcName: { Value: !GetAtt Svc.Name }
`;
  try {
    const s = await deploy("cloudmap-stack", template(10));
    assert.equal(s.StackStatus, "CREATE_COMPLETE", s.StackStatusReason);
    const o = outputs(s);
    assert.equal(o.PrivateId, o.PrivateGetId);
    const priv = (await sd.send(new GetNamespaceCommand({ Id: o.PrivateId }))).Namespace!;
    assert.equal(priv.Name, "cfn.internal");
    assert.equal(priv.Type, "DNS_PRIVATE");
    assert.equal(priv.Arn, o.PrivateArn);
    const http = (await sd.send(new GetNamespaceCommand({ Id: o.HttpId }))).Namespace!;
    assert.equal(http.Type, "HTTP");
    assert.equal(http.Arn, o.HttpArn);
    const svc = (await sd.send(new GetServiceCommand({ Id: o.SvcId }))).Service!;
    assert.equal(svc.Arn, o.SvcArn);
    assert.equal(o.SvcName, "api");
    assert.equal(svc.NamespaceId, o.PrivateId);
    assert.equal(svc.DnsConfig?.DnsRecords?.[0]?.TTL, 10);

    const u = await deploy("cloudmap-stack", template(60), true);
    assert.equal(u.StackStatus, "UPDATE_COMPLETE", u.StackStatusReason);
    assert.equal(outputs(u).SvcId, o.SvcId, "DnsRecords update in place");
    assert.equal((await sd.send(new GetServiceCommand({ Id: o.SvcId }))).Service!.DnsConfig?.DnsRecords?.[0]?.TTL, 60);

    assert.equal((await remove("cloudmap-stack")).StackStatus, "DELETE_COMPLETE");
    await assert.rejects(sd.send(new GetServiceCommand({ Id: o.SvcId })), (e: Error) => e.name === "ServiceNotFound");
    await assert.rejects(sd.send(new GetNamespaceCommand({ Id: o.PrivateId })), (e: Error) => e.name === "NamespaceNotFound");
    await assert.rejects(sd.send(new GetNamespaceCommand({ Id: o.HttpId })), (e: Error) => e.name === "NamespaceNotFound");
  } finally {
    sd.destroy();
  }
});
