/**
 * AWS::ElasticLoadBalancingV2::LoadBalancer: Ref is the ARN; GetAtt DNSName, LoadBalancerName,
 * LoadBalancerFullName, CanonicalHostedZoneID, SecurityGroups, LoadBalancerArn. Name, Scheme and
 * Type replace; SecurityGroups, Subnets, IpAddressType, attributes and tags update in place.
 */
import { attributesOf, deleteQuietly, elb, elbName, fullName, retag, same, tagsOf, wire } from "./elbv2-common.js";
import { replacesOn, type ResourceProvider, type ResourceState } from "./types.js";

interface LoadBalancerWire {
  LoadBalancerArn: string;
  DNSName: string;
  LoadBalancerName: string;
  CanonicalHostedZoneId: string;
  SecurityGroups?: string[];
}

const state = (lb: LoadBalancerWire): ResourceState => ({
  physicalId: lb.LoadBalancerArn,
  attributes: {
    LoadBalancerArn: lb.LoadBalancerArn,
    DNSName: lb.DNSName,
    LoadBalancerName: lb.LoadBalancerName,
    LoadBalancerFullName: fullName(lb.LoadBalancerArn, "loadbalancer"),
    CanonicalHostedZoneID: lb.CanonicalHostedZoneId,
    SecurityGroups: lb.SecurityGroups ?? [],
  },
});

export const elbv2LoadBalancerProvider: ResourceProvider = {
  type: "AWS::ElasticLoadBalancingV2::LoadBalancer",
  async create(p, ctx) {
    const tags = tagsOf(p.Tags);
    const out = await elb<{ LoadBalancers: LoadBalancerWire[] }>("CreateLoadBalancer", {
      Name: typeof p.Name === "string" ? p.Name : elbName(ctx),
      ...(p.Scheme !== undefined && { Scheme: p.Scheme }),
      ...(p.Type !== undefined && { Type: p.Type }),
      ...(p.Subnets !== undefined && { Subnets: p.Subnets }),
      ...(p.SubnetMappings !== undefined && { SubnetMappings: wire(p.SubnetMappings) }),
      ...(p.SecurityGroups !== undefined && { SecurityGroups: p.SecurityGroups }),
      ...(p.IpAddressType !== undefined && { IpAddressType: p.IpAddressType }),
      ...(tags.length && { Tags: tags }),
    }, ctx);
    const lb = out.LoadBalancers[0]!;
    const attributes = attributesOf(p.LoadBalancerAttributes);
    if (attributes.length) await elb("ModifyLoadBalancerAttributes", { LoadBalancerArn: lb.LoadBalancerArn, Attributes: attributes }, ctx);
    return state(lb);
  },
  requiresReplacement: replacesOn("Name", "Scheme", "Type"),
  async update(current, before, after, ctx) {
    const LoadBalancerArn = current.physicalId;
    if (!same(before.SecurityGroups, after.SecurityGroups)) await elb("SetSecurityGroups", { LoadBalancerArn, SecurityGroups: after.SecurityGroups ?? [] }, ctx);
    if (!same(before.Subnets, after.Subnets) || !same(before.SubnetMappings, after.SubnetMappings)) {
      await elb("SetSubnets", { LoadBalancerArn, ...(after.SubnetMappings !== undefined ? { SubnetMappings: wire(after.SubnetMappings) } : { Subnets: after.Subnets ?? [] }) }, ctx);
    }
    if (!same(before.IpAddressType, after.IpAddressType)) await elb("SetIpAddressType", { LoadBalancerArn, IpAddressType: after.IpAddressType ?? "ipv4" }, ctx);
    if (!same(before.LoadBalancerAttributes, after.LoadBalancerAttributes)) {
      const attributes = attributesOf(after.LoadBalancerAttributes);
      if (attributes.length) await elb("ModifyLoadBalancerAttributes", { LoadBalancerArn, Attributes: attributes }, ctx);
    }
    await retag(LoadBalancerArn, before.Tags, after.Tags, ctx);
    const out = await elb<{ LoadBalancers: LoadBalancerWire[] }>("DescribeLoadBalancers", { LoadBalancerArns: [LoadBalancerArn] }, ctx);
    return state(out.LoadBalancers[0]!);
  },
  async delete(current, _p, ctx) {
    await deleteQuietly("DeleteLoadBalancer", { LoadBalancerArn: current.physicalId }, "LoadBalancerNotFound", ctx);
  },
};
