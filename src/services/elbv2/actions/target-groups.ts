/** CreateTargetGroup, DescribeTargetGroups, ModifyTargetGroup, DeleteTargetGroup. */
import { AwsError } from "../../../errors.js";
import { notifyElbChange } from "../../../load-balancing/changes.js";
import type { RequestContext } from "../../../server/service.js";
import type { StoreTx } from "../../../store/store.js";
import { BERTH_VPC_ID, targetGroupArn } from "../arns.js";
import { targetGroupAttributeDefaults } from "../attributes.js";
import { resourceInUse, validation } from "../errors.js";
import { healthCheckDefaults, mergeHealthCheck } from "../health-check-settings.js";
import { page } from "../pagination.js";
import { docOf, getLoadBalancer, getTargetGroup, targetGroupUse, toRecord, type HealthCheckWire, type TargetGroupDoc } from "../records.js";
import { addTags, type TagWire } from "../tags.js";
import { checkName } from "./load-balancers.js";

interface CreateTargetGroupInput extends HealthCheckWire {
  Name: string;
  Protocol?: string;
  ProtocolVersion?: string;
  Port?: number;
  VpcId?: string;
  TargetType?: string;
  Tags?: TagWire[];
  IpAddressType?: string;
}

const HEALTH_KEYS = [
  "HealthCheckProtocol",
  "HealthCheckPort",
  "HealthCheckEnabled",
  "HealthCheckIntervalSeconds",
  "HealthCheckTimeoutSeconds",
  "HealthyThresholdCount",
  "UnhealthyThresholdCount",
  "HealthCheckPath",
  "Matcher",
] as const;

const healthPart = (i: HealthCheckWire): HealthCheckWire => Object.fromEntries(HEALTH_KEYS.filter((k) => i[k] !== undefined).map((k) => [k, i[k]]));

/** The wire TargetGroup with its LoadBalancerArns. */
export const targetGroupWire = (d: TargetGroupDoc, use: Map<string, Set<string>>) => ({ ...d.wire, LoadBalancerArns: [...(use.get(d.wire.TargetGroupArn) ?? [])] });

export async function createTargetGroup(input: CreateTargetGroupInput, ctx: RequestContext) {
  checkName("Target group", input.Name);
  const targetType = input.TargetType ?? "instance";
  if (targetType === "lambda" || targetType === "alb") throw validation(`berth does not serve target groups of type '${targetType}'; use 'instance' or 'ip'`);
  if (!input.Protocol) throw validation("A protocol must be specified");
  if (input.Port === undefined) throw validation("A port must be specified");
  if (input.Protocol === "GENEVE" || input.Protocol === "UDP" || input.Protocol === "TCP_UDP") throw validation(`berth does not serve '${input.Protocol}' target groups`);
  if (input.HealthCheckProtocol && !["HTTP", "HTTPS", "TCP"].includes(input.HealthCheckProtocol)) {
    throw validation(`Health check protocol '${input.HealthCheckProtocol}' is not supported`);
  }
  const http = input.Protocol === "HTTP" || input.Protocol === "HTTPS";
  if (!http && input.HealthCheckProtocol === undefined && (input.HealthCheckPath !== undefined || input.Matcher !== undefined)) {
    throw validation("Health check path and matcher can only be set with HTTP or HTTPS health checks");
  }
  const hc = mergeHealthCheck(healthCheckDefaults(input.Protocol), healthPart(input), targetType);
  const wireBase = {
    TargetGroupName: input.Name,
    Protocol: input.Protocol,
    Port: input.Port,
    VpcId: input.VpcId ?? BERTH_VPC_ID,
    ...hc,
    TargetType: targetType,
    ...(http ? { ProtocolVersion: input.ProtocolVersion ?? "HTTP1" } : {}),
    IpAddressType: input.IpAddressType ?? "ipv4",
  };
  const out = await ctx.store.write(async (tx) => {
    const existing = await tx.elbv2.targetGroups.byName(ctx.region, input.Name);
    if (existing) {
      const d = docOf<TargetGroupDoc>(existing);
      const { TargetGroupArn: _arn, ...prev } = d.wire;
      if (JSON.stringify(prev) === JSON.stringify(wireBase)) return { doc: d, use: await targetGroupUse(tx, ctx.region) };
      throw new AwsError("DuplicateTargetGroupName", `A target group with the same name '${input.Name}' exists, but with different settings`);
    }
    const arn = targetGroupArn(ctx, input.Name);
    const doc: TargetGroupDoc = { wire: { TargetGroupArn: arn, ...wireBase }, attributes: targetGroupAttributeDefaults(input.Protocol, targetType) };
    await tx.elbv2.targetGroups.put(toRecord(ctx.region, arn, input.Name, "", doc));
    await addTags(tx, arn, input.Tags);
    return { doc, use: new Map<string, Set<string>>() };
  });
  return { TargetGroups: [targetGroupWire(out.doc, out.use)] };
}

async function selectTargetGroups(tx: StoreTx, region: string, input: { LoadBalancerArn?: string; TargetGroupArns?: string[]; Names?: string[] }, use: Map<string, Set<string>>) {
  if (input.TargetGroupArns?.length) {
    const out = [];
    for (const arn of input.TargetGroupArns) out.push((await getTargetGroup(tx, region, arn)).doc);
    return out;
  }
  if (input.Names?.length) {
    const out = [];
    const missing = [];
    for (const n of input.Names) {
      const r = await tx.elbv2.targetGroups.byName(region, n);
      if (r) out.push(docOf<TargetGroupDoc>(r));
      else missing.push(n);
    }
    if (missing.length) throw new AwsError("TargetGroupNotFound", `Target groups '[${missing.join(", ")}]' not found`);
    return out;
  }
  const all = (await tx.elbv2.targetGroups.list(region)).map((r) => docOf<TargetGroupDoc>(r));
  if (input.LoadBalancerArn) {
    await getLoadBalancer(tx, region, input.LoadBalancerArn);
    return all.filter((d) => use.get(d.wire.TargetGroupArn)?.has(input.LoadBalancerArn!));
  }
  return all;
}

export async function describeTargetGroups(input: { LoadBalancerArn?: string; TargetGroupArns?: string[]; Names?: string[]; Marker?: string; PageSize?: number }, ctx: RequestContext) {
  const given = [input.LoadBalancerArn, input.TargetGroupArns?.length ? 1 : undefined, input.Names?.length ? 1 : undefined].filter((v) => v !== undefined);
  if (given.length > 1) throw validation("Target group names, target group ARNs, and a load balancer ARN cannot be specified at the same time");
  const { docs, use } = await ctx.store.read(async (tx) => {
    const use = await targetGroupUse(tx, ctx.region);
    return { docs: await selectTargetGroups(tx, ctx.region, input, use), use };
  });
  const p = page(ctx, `DescribeTargetGroups/${ctx.region}/${input.LoadBalancerArn ?? ""}`, docs, input.Marker, input.PageSize);
  return { TargetGroups: p.items.map((d) => targetGroupWire(d, use)), NextMarker: p.NextMarker };
}

export async function modifyTargetGroup(input: HealthCheckWire & { TargetGroupArn: string }, ctx: RequestContext) {
  const out = await ctx.store.write(async (tx) => {
    const { record, doc } = await getTargetGroup(tx, ctx.region, input.TargetGroupArn);
    const changes = healthPart(input);
    if (changes.HealthCheckProtocol && !["HTTP", "HTTPS", "TCP"].includes(changes.HealthCheckProtocol)) {
      throw validation(`Health check protocol '${changes.HealthCheckProtocol}' is not supported`);
    }
    const hc = mergeHealthCheck(healthPart(doc.wire), changes, doc.wire.TargetType);
    const wire = { ...doc.wire };
    for (const k of HEALTH_KEYS) delete wire[k];
    const next: TargetGroupDoc = { ...doc, wire: { ...wire, ...hc } };
    // Keep the wire order of a fresh target group: health-check members before TargetType.
    const { TargetType, ProtocolVersion, IpAddressType, ...head } = next.wire;
    next.wire = { ...head, TargetType, ...(ProtocolVersion ? { ProtocolVersion } : {}), IpAddressType } as TargetGroupDoc["wire"];
    await tx.elbv2.targetGroups.put(toRecord(record.region, record.arn, record.name, "", next));
    return { doc: next, use: await targetGroupUse(tx, ctx.region) };
  });
  notifyElbChange(ctx.store);
  return { TargetGroups: [targetGroupWire(out.doc, out.use)] };
}

export async function deleteTargetGroup(input: { TargetGroupArn: string }, ctx: RequestContext) {
  await ctx.store.write(async (tx) => {
    const r = await tx.elbv2.targetGroups.get(input.TargetGroupArn);
    if (!r || r.region !== ctx.region) return; // already gone: success, as in AWS
    const use = await targetGroupUse(tx, ctx.region);
    if (use.get(r.arn)?.size) throw resourceInUse(`Target group '${r.arn}' is currently in use by a listener or a rule`);
    await tx.elbv2.targets.deleteGroup(r.arn);
    await tx.elbv2.targetGroups.delete(r.arn);
    await tx.tags.remove(r.arn, (await tx.tags.get(r.arn)).map((t) => t.key));
  });
  notifyElbChange(ctx.store);
  return {};
}
