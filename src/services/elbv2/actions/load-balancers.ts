/**
 * CreateLoadBalancer, DescribeLoadBalancers, DeleteLoadBalancer (application and network; every
 * load balancer gets its own loopback address, reported in AvailabilityZones[].LoadBalancerAddresses).
 */
import { AwsError } from "../../../errors.js";
import { notifyElbChange } from "../../../load-balancing/changes.js";
import type { RequestContext } from "../../../server/service.js";
import { freeLoadBalancerAddress } from "../addresses.js";
import { BERTH_VPC_ID, berthSubnetId, canonicalHostedZoneId, dnsName, loadBalancerArn } from "../arns.js";
import { loadBalancerAttributeDefaults } from "../attributes.js";
import { loadBalancerNotFound, operationNotPermitted, validation } from "../errors.js";
import { page } from "../pagination.js";
import { docOf, getLoadBalancer, toRecord, type LoadBalancerDoc } from "../records.js";
import { addTags, type TagWire } from "../tags.js";

interface CreateLoadBalancerInput {
  Name: string;
  Subnets?: string[];
  SubnetMappings?: { SubnetId?: string }[];
  SecurityGroups?: string[];
  Scheme?: string;
  Tags?: TagWire[];
  Type?: string;
  IpAddressType?: string;
}

export function checkName(kind: "Load balancer" | "Target group", name: string): void {
  if (name.length > 32) throw validation(`${kind} name '${name}' cannot be longer than '32' characters`);
  if (!/^[a-zA-Z0-9-]+$/.test(name)) throw validation(`${kind} name '${name}' can only contain characters that are alphanumeric characters or hyphens(-)`);
  if (name.startsWith("-") || name.endsWith("-")) throw validation(`${kind} name '${name}' cannot begin or end with '-'`);
  if (kind === "Load balancer" && name.startsWith("internal-")) throw validation(`Load balancer name '${name}' cannot begin with 'internal-'`);
}

/** Zones from the subnets given (berth's subnets are named after zones); two zones by default. */
function zonesFor(region: string, input: CreateLoadBalancerInput, address: string) {
  const subnets = input.SubnetMappings?.map((m) => m.SubnetId ?? "") ?? input.Subnets ?? [];
  const count = Math.max(subnets.length, 2);
  const zones = [];
  for (let i = 0; i < Math.min(count, 6); i++) {
    const zone = `${region}${"abcdef"[i]}`;
    zones.push({ ZoneName: zone, SubnetId: subnets[i] || berthSubnetId(zone), LoadBalancerAddresses: [{ IpAddress: address }] });
  }
  return zones;
}

export const loadBalancerWire = (d: LoadBalancerDoc) => d.wire;

export async function createLoadBalancer(input: CreateLoadBalancerInput, ctx: RequestContext) {
  checkName("Load balancer", input.Name);
  const type = input.Type ?? "application";
  const scheme = input.Scheme ?? "internet-facing";
  if (type === "gateway") throw validation("berth does not serve gateway load balancers; use 'application' or 'network'");
  if (input.Subnets && input.SubnetMappings) throw validation("You can specify subnets or subnet mappings, not both");
  const out = await ctx.store.write(async (tx) => {
    const existing = await tx.elbv2.loadBalancers.byName(ctx.region, input.Name);
    if (existing) {
      const d = docOf<LoadBalancerDoc>(existing);
      if (d.wire.Type === type && d.wire.Scheme === scheme) return d;
      throw new AwsError("DuplicateLoadBalancerName", `A load balancer with the same name '${input.Name}' exists, but with different settings`);
    }
    const inUse = (await tx.elbv2.loadBalancers.list()).map((r) => docOf<LoadBalancerDoc>(r).address);
    const address = freeLoadBalancerAddress(inUse);
    if (!address) throw new AwsError("TooManyLoadBalancers", "berth has no free load balancer address left in 127.88.0.0/16");
    const arn = loadBalancerArn(ctx, type, input.Name);
    const wire: LoadBalancerDoc["wire"] = {
      LoadBalancerArn: arn,
      DNSName: dnsName(ctx.region, input.Name, arn, scheme),
      CanonicalHostedZoneId: canonicalHostedZoneId(type),
      CreatedTime: ctx.now.getTime(),
      LoadBalancerName: input.Name,
      Scheme: scheme,
      VpcId: BERTH_VPC_ID,
      State: { Code: "active" },
      Type: type,
      AvailabilityZones: zonesFor(ctx.region, input, address),
      ...(type === "application" ? { SecurityGroups: input.SecurityGroups ?? ["sg-0000000000000000b"] } : input.SecurityGroups ? { SecurityGroups: input.SecurityGroups } : {}),
      IpAddressType: input.IpAddressType ?? "ipv4",
    };
    const doc: LoadBalancerDoc = { wire, attributes: loadBalancerAttributeDefaults(type), address };
    await tx.elbv2.loadBalancers.put(toRecord(ctx.region, arn, input.Name, "", doc));
    await addTags(tx, arn, input.Tags);
    return doc;
  });
  notifyElbChange(ctx.store);
  return { LoadBalancers: [loadBalancerWire(out)] };
}

export async function describeLoadBalancers(input: { LoadBalancerArns?: string[]; Names?: string[]; Marker?: string; PageSize?: number }, ctx: RequestContext) {
  if (input.LoadBalancerArns?.length && input.Names?.length) throw validation("Load balancer names and load balancer ARNs cannot be specified at the same time");
  const docs = await ctx.store.read(async (tx) => {
    if (input.LoadBalancerArns?.length) {
      const out = [];
      for (const arn of input.LoadBalancerArns) out.push((await getLoadBalancer(tx, ctx.region, arn)).doc);
      return out;
    }
    if (input.Names?.length) {
      const out = [];
      const missing = [];
      for (const n of input.Names) {
        const r = await tx.elbv2.loadBalancers.byName(ctx.region, n);
        if (r) out.push(docOf<LoadBalancerDoc>(r));
        else missing.push(n);
      }
      if (missing.length) throw new AwsError("LoadBalancerNotFound", `Load balancers '[${missing.join(", ")}]' not found`);
      return out;
    }
    return (await tx.elbv2.loadBalancers.list(ctx.region)).map((r) => docOf<LoadBalancerDoc>(r));
  });
  const p = page(ctx, `DescribeLoadBalancers/${ctx.region}`, docs, input.Marker, input.PageSize);
  return { LoadBalancers: p.items.map(loadBalancerWire), NextMarker: p.NextMarker };
}

export async function deleteLoadBalancer(input: { LoadBalancerArn: string }, ctx: RequestContext) {
  await ctx.store.write(async (tx) => {
    const r = await tx.elbv2.loadBalancers.get(input.LoadBalancerArn);
    // Deleting a load balancer that is already gone succeeds, as in AWS.
    if (!r || r.region !== ctx.region) {
      if (!/^arn:aws:elasticloadbalancing:[^:]*:\d{12}:loadbalancer\//.test(input.LoadBalancerArn)) throw loadBalancerNotFound();
      return;
    }
    const d = docOf<LoadBalancerDoc>(r);
    if (d.attributes["deletion_protection.enabled"] === "true") {
      throw operationNotPermitted(`Load balancer '${input.LoadBalancerArn}' cannot be deleted because deletion protection is enabled`);
    }
    for (const l of await tx.elbv2.listeners.children(r.arn)) {
      for (const rule of await tx.elbv2.rules.children(l.arn)) {
        await tx.elbv2.rules.delete(rule.arn);
        await tx.tags.remove(rule.arn, (await tx.tags.get(rule.arn)).map((t) => t.key));
      }
      await tx.elbv2.listeners.delete(l.arn);
      await tx.tags.remove(l.arn, (await tx.tags.get(l.arn)).map((t) => t.key));
    }
    await tx.elbv2.loadBalancers.delete(r.arn);
    await tx.tags.remove(r.arn, (await tx.tags.get(r.arn)).map((t) => t.key));
  });
  notifyElbChange(ctx.store);
  return {};
}
