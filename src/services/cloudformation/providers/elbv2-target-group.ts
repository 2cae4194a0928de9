/**
 * AWS::ElasticLoadBalancingV2::TargetGroup: Ref is the ARN; GetAtt TargetGroupName,
 * TargetGroupFullName, LoadBalancerArns (as they are when the group is created or updated),
 * TargetGroupArn. Name, Port, Protocol, ProtocolVersion, TargetType, VpcId and IpAddressType
 * replace; health check settings, Targets, attributes and tags update in place.
 */
import type { JsonObject } from "../template/types.js";
import { attributesOf, deleteQuietly, elb, elbName, fullName, retag, same, tagsOf, wire } from "./elbv2-common.js";
import { replacesOn, type ResourceProvider, type ResourceState } from "./types.js";

interface TargetGroupWire {
  TargetGroupArn: string;
  TargetGroupName: string;
  LoadBalancerArns: string[];
}

const HEALTH = [
  "HealthCheckEnabled", "HealthCheckIntervalSeconds", "HealthCheckPath", "HealthCheckPort", "HealthCheckProtocol",
  "HealthCheckTimeoutSeconds", "HealthyThresholdCount", "UnhealthyThresholdCount", "Matcher",
];

const health = (p: JsonObject) => Object.fromEntries(HEALTH.filter((k) => p[k] !== undefined).map((k) => [k, wire(p[k]!)]));

const state = (tg: TargetGroupWire): ResourceState => ({
  physicalId: tg.TargetGroupArn,
  attributes: {
    TargetGroupArn: tg.TargetGroupArn,
    TargetGroupName: tg.TargetGroupName,
    TargetGroupFullName: fullName(tg.TargetGroupArn, "targetgroup"),
    LoadBalancerArns: tg.LoadBalancerArns,
  },
});

const targets = (v: unknown) =>
  ((Array.isArray(v) ? v : []) as JsonObject[]).map((t) => ({
    Id: String(t.Id),
    ...(t.Port !== undefined && { Port: Number(t.Port) }),
    ...(t.AvailabilityZone !== undefined && { AvailabilityZone: String(t.AvailabilityZone) }),
  }));
const key = (t: { Id: string; Port?: number }) => `${t.Id}:${t.Port ?? ""}`;

export const elbv2TargetGroupProvider: ResourceProvider = {
  type: "AWS::ElasticLoadBalancingV2::TargetGroup",
  async create(p, ctx) {
    const tags = tagsOf(p.Tags);
    const out = await elb<{ TargetGroups: TargetGroupWire[] }>("CreateTargetGroup", {
      Name: typeof p.Name === "string" ? p.Name : elbName(ctx),
      ...(p.Protocol !== undefined && { Protocol: p.Protocol }),
      ...(p.ProtocolVersion !== undefined && { ProtocolVersion: p.ProtocolVersion }),
      ...(p.Port !== undefined && { Port: Number(p.Port) }),
      ...(p.VpcId !== undefined && { VpcId: p.VpcId }),
      ...(p.TargetType !== undefined && { TargetType: p.TargetType }),
      ...(p.IpAddressType !== undefined && { IpAddressType: p.IpAddressType }),
      ...health(p),
      ...(tags.length && { Tags: tags }),
    }, ctx);
    const tg = out.TargetGroups[0]!;
    const attributes = attributesOf(p.TargetGroupAttributes);
    if (attributes.length) await elb("ModifyTargetGroupAttributes", { TargetGroupArn: tg.TargetGroupArn, Attributes: attributes }, ctx);
    const ts = targets(p.Targets);
    if (ts.length) await elb("RegisterTargets", { TargetGroupArn: tg.TargetGroupArn, Targets: ts }, ctx);
    return state(tg);
  },
  requiresReplacement: replacesOn("Name", "Port", "Protocol", "ProtocolVersion", "TargetType", "VpcId", "IpAddressType"),
  async update(current, before, after, ctx) {
    const TargetGroupArn = current.physicalId;
    if (!same(health(before), health(after))) await elb("ModifyTargetGroup", { TargetGroupArn, ...health(after) }, ctx);
    if (!same(before.TargetGroupAttributes, after.TargetGroupAttributes)) {
      const attributes = attributesOf(after.TargetGroupAttributes);
      if (attributes.length) await elb("ModifyTargetGroupAttributes", { TargetGroupArn, Attributes: attributes }, ctx);
    }
    if (!same(before.Targets, after.Targets)) {
      const next = targets(after.Targets);
      const gone = targets(before.Targets).filter((t) => !next.some((n) => key(n) === key(t)));
      if (gone.length) await elb("DeregisterTargets", { TargetGroupArn, Targets: gone }, ctx);
      if (next.length) await elb("RegisterTargets", { TargetGroupArn, Targets: next }, ctx);
    }
    await retag(TargetGroupArn, before.Tags, after.Tags, ctx);
    const out = await elb<{ TargetGroups: TargetGroupWire[] }>("DescribeTargetGroups", { TargetGroupArns: [TargetGroupArn] }, ctx);
    return state(out.TargetGroups[0]!);
  },
  async delete(current, _p, ctx) {
    await deleteQuietly("DeleteTargetGroup", { TargetGroupArn: current.physicalId }, "TargetGroupNotFound", ctx);
  },
};
