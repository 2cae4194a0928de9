/** CreateRule, DescribeRules, ModifyRule, DeleteRule, SetRulePriorities (priorities 1–50000, unique per listener). */
import { AwsError } from "../../../errors.js";
import { notifyElbChange } from "../../../load-balancing/changes.js";
import type { RequestContext } from "../../../server/service.js";
import type { StoreTx } from "../../../store/store.js";
import { ruleArn } from "../arns.js";
import { operationNotPermitted, priorityInUse, validation } from "../errors.js";
import { page } from "../pagination.js";
import { docOf, getListener, getLoadBalancer, getRule, targetGroupUse, toRecord, type ActionWire, type ConditionWire, type RuleDoc } from "../records.js";
import { normalizeActions, normalizeConditions } from "../rule-config.js";
import { addTags, type TagWire } from "../tags.js";

/** Rules in ELB's order: by priority, the default rule last. */
export const byPriority = (a: RuleDoc, b: RuleDoc) => (a.priority ?? Infinity) - (b.priority ?? Infinity);

async function lbOfListener(tx: StoreTx, region: string, listener: string) {
  const { record } = await getListener(tx, region, listener);
  const { doc } = await getLoadBalancer(tx, region, record.parentArn);
  return { lbArn: record.parentArn, lbType: doc.wire.Type };
}

export async function createRule(input: { ListenerArn: string; Conditions: ConditionWire[]; Priority: number; Actions: ActionWire[]; Tags?: TagWire[] }, ctx: RequestContext) {
  const out = await ctx.store.write(async (tx) => {
    const { lbArn, lbType } = await lbOfListener(tx, ctx.region, input.ListenerArn);
    if (lbType === "network") throw operationNotPermitted("Rules are not supported for network load balancer listeners");
    const conditions = normalizeConditions(input.Conditions);
    const actions = await normalizeActions(tx, ctx.region, lbArn, lbType, await targetGroupUse(tx, ctx.region), input.Actions);
    const rules = (await tx.elbv2.rules.children(input.ListenerArn)).map((r) => docOf<RuleDoc>(r));
    if (rules.some((r) => r.priority === input.Priority)) throw priorityInUse(input.Priority);
    if (rules.length > 100) throw new AwsError("TooManyRules", "The quota for the number of rules per listener has been reached");
    const arn = ruleArn(input.ListenerArn);
    const doc: RuleDoc = { wire: { RuleArn: arn, Priority: String(input.Priority), Conditions: conditions, Actions: actions, IsDefault: false }, priority: input.Priority };
    await tx.elbv2.rules.put(toRecord(ctx.region, arn, "", input.ListenerArn, doc));
    await addTags(tx, arn, input.Tags);
    return doc;
  });
  notifyElbChange(ctx.store);
  return { Rules: [out.wire] };
}

export async function describeRules(input: { ListenerArn?: string; RuleArns?: string[]; Marker?: string; PageSize?: number }, ctx: RequestContext) {
  if (input.ListenerArn && input.RuleArns?.length) throw validation("Rule ARNs and a listener ARN cannot be specified at the same time");
  if (!input.ListenerArn && !input.RuleArns?.length) throw validation("You must specify either rule ARNs or a listener ARN");
  const docs = await ctx.store.read(async (tx) => {
    if (input.RuleArns?.length) {
      const out = [];
      for (const arn of input.RuleArns) out.push((await getRule(tx, ctx.region, arn)).doc);
      return out;
    }
    await getListener(tx, ctx.region, input.ListenerArn!);
    return (await tx.elbv2.rules.children(input.ListenerArn!)).map((r) => docOf<RuleDoc>(r)).sort(byPriority);
  });
  const p = page(ctx, `DescribeRules/${input.ListenerArn ?? ""}`, docs, input.Marker, input.PageSize);
  return { Rules: p.items.map((d) => d.wire), NextMarker: p.NextMarker };
}

export async function modifyRule(input: { RuleArn: string; Conditions?: ConditionWire[]; Actions?: ActionWire[] }, ctx: RequestContext) {
  const out = await ctx.store.write(async (tx) => {
    const { record, doc } = await getRule(tx, ctx.region, input.RuleArn);
    const wire = { ...doc.wire };
    if (input.Conditions?.length) {
      if (doc.priority === null) throw operationNotPermitted("The default rule's conditions cannot be modified");
      wire.Conditions = normalizeConditions(input.Conditions);
    }
    if (input.Actions?.length) {
      const { lbArn, lbType } = await lbOfListener(tx, ctx.region, record.parentArn);
      wire.Actions = await normalizeActions(tx, ctx.region, lbArn, lbType, await targetGroupUse(tx, ctx.region), input.Actions);
      if (doc.priority === null) {
        // The default rule is the listener's default actions.
        const l = await getListener(tx, ctx.region, record.parentArn);
        await tx.elbv2.listeners.put(toRecord(l.record.region, l.record.arn, "", l.record.parentArn, { wire: { ...l.doc.wire, DefaultActions: wire.Actions } }));
      }
    }
    await tx.elbv2.rules.put(toRecord(record.region, record.arn, "", record.parentArn, { ...doc, wire }));
    return wire;
  });
  notifyElbChange(ctx.store);
  return { Rules: [out] };
}

export async function deleteRule(input: { RuleArn: string }, ctx: RequestContext) {
  await ctx.store.write(async (tx) => {
    const { record, doc } = await getRule(tx, ctx.region, input.RuleArn);
    if (doc.priority === null) throw operationNotPermitted(`Default rule '${input.RuleArn}' cannot be deleted`);
    await tx.elbv2.rules.delete(record.arn);
    await tx.tags.remove(record.arn, (await tx.tags.get(record.arn)).map((t) => t.key));
  });
  notifyElbChange(ctx.store);
  return {};
}

export async function setRulePriorities(input: { RulePriorities: { RuleArn?: string; Priority?: number }[] }, ctx: RequestContext) {
  const out = await ctx.store.write(async (tx) => {
    const changes = new Map<string, number>();
    for (const p of input.RulePriorities) {
      if (!p.RuleArn || p.Priority === undefined) throw validation("Each rule priority pair needs a RuleArn and a Priority");
      if (changes.has(p.RuleArn)) throw validation(`Rule '${p.RuleArn}' is specified more than once`);
      changes.set(p.RuleArn, p.Priority);
    }
    const touched = new Map<string, RuleDoc>();
    const listeners = new Set<string>();
    for (const [arn, priority] of changes) {
      const { record, doc } = await getRule(tx, ctx.region, arn);
      if (doc.priority === null) throw operationNotPermitted(`Default rule '${arn}' cannot have its priority changed`);
      listeners.add(record.parentArn);
      touched.set(arn, { ...doc, priority, wire: { ...doc.wire, Priority: String(priority) } });
    }
    // The priorities after the change must be unique within each listener.
    for (const listener of listeners) {
      const used = new Set<number>();
      for (const r of await tx.elbv2.rules.children(listener)) {
        const d = touched.get(r.arn) ?? docOf<RuleDoc>(r);
        if (d.priority === null) continue;
        if (used.has(d.priority)) throw priorityInUse(d.priority);
        used.add(d.priority);
      }
    }
    for (const [arn, d] of touched) {
      const r = (await tx.elbv2.rules.get(arn))!;
      await tx.elbv2.rules.put(toRecord(r.region, arn, "", r.parentArn, d));
    }
    return [...touched.values()];
  });
  notifyElbChange(ctx.store);
  return { Rules: out.map((d) => d.wire) };
}
