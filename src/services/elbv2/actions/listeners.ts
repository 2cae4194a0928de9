/**
 * CreateListener, DescribeListeners, ModifyListener, DeleteListener. A listener's default actions
 * are also its default rule (Priority "default", IsDefault true), as DescribeRules shows it.
 * berth serves HTTP listeners on application load balancers and TCP ones on network load balancers.
 */
import { AwsError } from "../../../errors.js";
import { notifyElbChange } from "../../../load-balancing/changes.js";
import type { RequestContext } from "../../../server/service.js";
import type { StoreTx } from "../../../store/store.js";
import { listenerArn, ruleArn } from "../arns.js";
import { validation } from "../errors.js";
import { page } from "../pagination.js";
import { docOf, getListener, getLoadBalancer, targetGroupUse, toRecord, type ActionWire, type ListenerDoc, type RuleDoc } from "../records.js";
import { normalizeActions } from "../rule-config.js";
import { addTags, type TagWire } from "../tags.js";

function checkProtocol(lbType: string, protocol: string, certificates: unknown[] | undefined): void {
  const allowed = lbType === "network" ? ["TCP", "TLS", "UDP", "TCP_UDP"] : ["HTTP", "HTTPS"];
  if (!allowed.includes(protocol)) throw validation(`Listener protocol '${protocol}' is not supported with a load balancer of type '${lbType}'`);
  if (protocol === "HTTPS" || protocol === "TLS") {
    if (!certificates?.length) throw validation(`A certificate must be specified for ${protocol} listeners`);
    throw new AwsError("CertificateNotFound", "Certificate not found: berth has no certificate store; use HTTP or TCP listeners");
  }
  if (protocol === "UDP" || protocol === "TCP_UDP") throw new AwsError("UnsupportedProtocol", `berth does not serve '${protocol}' listeners yet`);
}

async function portTaken(tx: StoreTx, lbArn: string, port: number, except?: string) {
  return (await tx.elbv2.listeners.children(lbArn)).some((l) => l.arn !== except && docOf<ListenerDoc>(l).wire.Port === port);
}

async function putDefaultRule(tx: StoreTx, region: string, listener: string, actions: ActionWire[]) {
  const existing = (await tx.elbv2.rules.children(listener)).find((r) => docOf<RuleDoc>(r).priority === null);
  const arn = existing?.arn ?? ruleArn(listener);
  const doc: RuleDoc = { wire: { RuleArn: arn, Priority: "default", Conditions: [], Actions: actions, IsDefault: true }, priority: null };
  await tx.elbv2.rules.put(toRecord(region, arn, "", listener, doc));
}

export async function createListener(
  input: { LoadBalancerArn: string; Protocol?: string; Port?: number; DefaultActions: ActionWire[]; Certificates?: unknown[]; SslPolicy?: string; Tags?: TagWire[] },
  ctx: RequestContext,
) {
  const out = await ctx.store.write(async (tx) => {
    const { doc: lb } = await getLoadBalancer(tx, ctx.region, input.LoadBalancerArn);
    const protocol = input.Protocol;
    if (!protocol) throw validation("A listener protocol must be specified");
    if (input.Port === undefined) throw validation("A listener port must be specified");
    checkProtocol(lb.wire.Type, protocol, input.Certificates);
    const actions = await normalizeActions(tx, ctx.region, input.LoadBalancerArn, lb.wire.Type, await targetGroupUse(tx, ctx.region), input.DefaultActions);
    const same = (await tx.elbv2.listeners.children(input.LoadBalancerArn)).find((l) => docOf<ListenerDoc>(l).wire.Port === input.Port);
    if (same) {
      const d = docOf<ListenerDoc>(same);
      // The same request again answers with the listener it made.
      if (d.wire.Protocol === protocol && JSON.stringify(d.wire.DefaultActions) === JSON.stringify(actions)) return d;
      throw new AwsError("DuplicateListener", `A listener already exists on this port for this load balancer '${input.LoadBalancerArn}'`);
    }
    const arn = listenerArn(input.LoadBalancerArn);
    const doc: ListenerDoc = { wire: { ListenerArn: arn, LoadBalancerArn: input.LoadBalancerArn, Port: input.Port, Protocol: protocol, DefaultActions: actions } };
    await tx.elbv2.listeners.put(toRecord(ctx.region, arn, "", input.LoadBalancerArn, doc));
    await putDefaultRule(tx, ctx.region, arn, actions);
    await addTags(tx, arn, input.Tags);
    return doc;
  });
  notifyElbChange(ctx.store);
  return { Listeners: [out.wire] };
}

export async function describeListeners(input: { LoadBalancerArn?: string; ListenerArns?: string[]; Marker?: string; PageSize?: number }, ctx: RequestContext) {
  if (input.LoadBalancerArn && input.ListenerArns?.length) throw validation("Listener ARNs and a load balancer ARN cannot be specified at the same time");
  if (!input.LoadBalancerArn && !input.ListenerArns?.length) throw validation("You must specify either listener ARNs or a load balancer ARN");
  const docs = await ctx.store.read(async (tx) => {
    if (input.ListenerArns?.length) {
      const out = [];
      for (const arn of input.ListenerArns) out.push((await getListener(tx, ctx.region, arn)).doc);
      return out;
    }
    await getLoadBalancer(tx, ctx.region, input.LoadBalancerArn!);
    return (await tx.elbv2.listeners.children(input.LoadBalancerArn!)).map((r) => docOf<ListenerDoc>(r));
  });
  const p = page(ctx, `DescribeListeners/${input.LoadBalancerArn ?? ""}`, docs, input.Marker, input.PageSize);
  return { Listeners: p.items.map((d) => d.wire), NextMarker: p.NextMarker };
}

export async function modifyListener(input: { ListenerArn: string; Port?: number; Protocol?: string; DefaultActions?: ActionWire[]; Certificates?: unknown[] }, ctx: RequestContext) {
  const out = await ctx.store.write(async (tx) => {
    const { record, doc } = await getListener(tx, ctx.region, input.ListenerArn);
    const { doc: lb } = await getLoadBalancer(tx, ctx.region, record.parentArn);
    const wire = { ...doc.wire };
    if (input.Protocol !== undefined) {
      checkProtocol(lb.wire.Type, input.Protocol, input.Certificates);
      wire.Protocol = input.Protocol;
    }
    if (input.Port !== undefined && input.Port !== wire.Port) {
      // AWS's observed answer to a taken port on ModifyListener.
      if (await portTaken(tx, record.parentArn, input.Port, record.arn)) throw validation(`Listener port '${input.Port}' is already in use`);
      wire.Port = input.Port;
    }
    if (input.DefaultActions?.length) {
      wire.DefaultActions = await normalizeActions(tx, ctx.region, record.parentArn, lb.wire.Type, await targetGroupUse(tx, ctx.region), input.DefaultActions);
      await putDefaultRule(tx, ctx.region, record.arn, wire.DefaultActions);
    }
    await tx.elbv2.listeners.put(toRecord(record.region, record.arn, "", record.parentArn, { wire }));
    return wire;
  });
  notifyElbChange(ctx.store);
  return { Listeners: [out] };
}

export async function deleteListener(input: { ListenerArn: string }, ctx: RequestContext) {
  await ctx.store.write(async (tx) => {
    const { record } = await getListener(tx, ctx.region, input.ListenerArn);
    for (const r of await tx.elbv2.rules.children(record.arn)) {
      await tx.elbv2.rules.delete(r.arn);
      await tx.tags.remove(r.arn, (await tx.tags.get(r.arn)).map((t) => t.key));
    }
    await tx.elbv2.listeners.delete(record.arn);
    await tx.tags.remove(record.arn, (await tx.tags.get(record.arn)).map((t) => t.key));
  });
  notifyElbChange(ctx.store);
  return {};
}
