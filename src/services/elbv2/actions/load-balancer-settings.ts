/**
 * SetSecurityGroups, SetSubnets, SetIpAddressType: stored and reported (loopback has no security
 * groups, subnets or IPv6 to apply them to); SetSubnets recomputes the zones, same address.
 */
import { notifyElbChange } from "../../../load-balancing/changes.js";
import type { RequestContext } from "../../../server/service.js";
import { berthSubnetId } from "../arns.js";
import { validation } from "../errors.js";
import { getLoadBalancer, toRecord, type LoadBalancerDoc } from "../records.js";

async function update<T>(ctx: RequestContext, arn: string, change: (d: LoadBalancerDoc) => LoadBalancerDoc["wire"], out: (w: LoadBalancerDoc["wire"]) => T): Promise<T> {
  const wire = await ctx.store.write(async (tx) => {
    const { record, doc } = await getLoadBalancer(tx, ctx.region, arn);
    const next = change(doc);
    await tx.elbv2.loadBalancers.put(toRecord(record.region, record.arn, record.name, record.parentArn, { ...doc, wire: next }));
    return next;
  });
  notifyElbChange(ctx.store);
  return out(wire);
}

export async function setSecurityGroups(input: { LoadBalancerArn: string; SecurityGroups: string[] }, ctx: RequestContext) {
  return update(ctx, input.LoadBalancerArn, (d) => ({ ...d.wire, SecurityGroups: input.SecurityGroups }), (w) => ({ SecurityGroupIds: w.SecurityGroups as string[] }));
}

export async function setSubnets(input: { LoadBalancerArn: string; Subnets?: string[]; SubnetMappings?: { SubnetId?: string }[]; IpAddressType?: string }, ctx: RequestContext) {
  if (input.Subnets && input.SubnetMappings) throw validation("You can specify subnets or subnet mappings, not both");
  const subnets = input.SubnetMappings?.map((m) => m.SubnetId ?? "") ?? input.Subnets ?? [];
  if (subnets.length === 0) throw validation("At least one subnet must be specified");
  return update(
    ctx,
    input.LoadBalancerArn,
    (d) => ({
      ...d.wire,
      AvailabilityZones: subnets.slice(0, 6).map((s, i) => {
        const zone = `${ctx.region}${"abcdef"[i]}`;
        return { ZoneName: zone, SubnetId: s || berthSubnetId(zone), LoadBalancerAddresses: [{ IpAddress: d.address }] };
      }),
      ...(input.IpAddressType ? { IpAddressType: input.IpAddressType } : {}),
    }),
    (w) => ({ AvailabilityZones: w.AvailabilityZones, IpAddressType: w.IpAddressType }),
  );
}

export async function setIpAddressType(input: { LoadBalancerArn: string; IpAddressType: string }, ctx: RequestContext) {
  return update(ctx, input.LoadBalancerArn, (d) => ({ ...d.wire, IpAddressType: input.IpAddressType }), (w) => ({ IpAddressType: w.IpAddressType }));
}
