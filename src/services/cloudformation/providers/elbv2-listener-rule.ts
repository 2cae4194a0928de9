/**
 * AWS::ElasticLoadBalancingV2::ListenerRule: Ref is the rule ARN; GetAtt RuleArn, IsDefault.
 * ListenerArn replaces; Conditions and Actions update in place (ModifyRule), Priority through
 * SetRulePriorities.
 */
import { deleteQuietly, elb, same, wire } from "./elbv2-common.js";
import { replacesOn, type ResourceProvider } from "./types.js";

export const elbv2ListenerRuleProvider: ResourceProvider = {
  type: "AWS::ElasticLoadBalancingV2::ListenerRule",
  async create(p, ctx) {
    const out = await elb<{ Rules: { RuleArn: string }[] }>("CreateRule", {
      ListenerArn: p.ListenerArn,
      Priority: Number(p.Priority),
      Conditions: wire(p.Conditions ?? []),
      Actions: wire(p.Actions ?? []),
    }, ctx);
    const arn = out.Rules[0]!.RuleArn;
    return { physicalId: arn, attributes: { RuleArn: arn, IsDefault: false } };
  },
  requiresReplacement: replacesOn("ListenerArn"),
  async update(current, before, after, ctx) {
    const RuleArn = current.physicalId;
    if (!same(before.Priority, after.Priority)) await elb("SetRulePriorities", { RulePriorities: [{ RuleArn, Priority: Number(after.Priority) }] }, ctx);
    if (!same(before.Conditions, after.Conditions) || !same(before.Actions, after.Actions)) {
      await elb("ModifyRule", { RuleArn, Conditions: wire(after.Conditions ?? []), Actions: wire(after.Actions ?? []) }, ctx);
    }
    return current;
  },
  async delete(current, _p, ctx) {
    await deleteQuietly("DeleteRule", { RuleArn: current.physicalId }, "RuleNotFound", ctx);
  },
};
