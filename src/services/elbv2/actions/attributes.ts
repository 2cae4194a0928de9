/** DescribeLoadBalancerAttributes, ModifyLoadBalancerAttributes, DescribeTargetGroupAttributes, ModifyTargetGroupAttributes. */
import { notifyElbChange } from "../../../load-balancing/changes.js";
import type { RequestContext } from "../../../server/service.js";
import { applyAttributes, attributeList } from "../attributes.js";
import { getLoadBalancer, getTargetGroup, toRecord } from "../records.js";

type Attr = { Key?: string; Value?: string };

export async function describeLoadBalancerAttributes(input: { LoadBalancerArn: string }, ctx: RequestContext) {
  const { doc } = await ctx.store.read((tx) => getLoadBalancer(tx, ctx.region, input.LoadBalancerArn));
  return { Attributes: attributeList(doc.attributes) };
}

export async function modifyLoadBalancerAttributes(input: { LoadBalancerArn: string; Attributes: Attr[] }, ctx: RequestContext) {
  const out = await ctx.store.write(async (tx) => {
    const { record, doc } = await getLoadBalancer(tx, ctx.region, input.LoadBalancerArn);
    const attributes = applyAttributes("Load balancer", doc.attributes, input.Attributes);
    await tx.elbv2.loadBalancers.put(toRecord(record.region, record.arn, record.name, record.parentArn, { ...doc, attributes }));
    return attributes;
  });
  notifyElbChange(ctx.store);
  return { Attributes: attributeList(out) };
}

export async function describeTargetGroupAttributes(input: { TargetGroupArn: string }, ctx: RequestContext) {
  const { doc } = await ctx.store.read((tx) => getTargetGroup(tx, ctx.region, input.TargetGroupArn));
  return { Attributes: attributeList(doc.attributes) };
}

export async function modifyTargetGroupAttributes(input: { TargetGroupArn: string; Attributes: Attr[] }, ctx: RequestContext) {
  const out = await ctx.store.write(async (tx) => {
    const { record, doc } = await getTargetGroup(tx, ctx.region, input.TargetGroupArn);
    const attributes = applyAttributes("Target group", doc.attributes, input.Attributes);
    await tx.elbv2.targetGroups.put(toRecord(record.region, record.arn, record.name, record.parentArn, { ...doc, attributes }));
    return attributes;
  });
  notifyElbChange(ctx.store);
  return { Attributes: attributeList(out) };
}
