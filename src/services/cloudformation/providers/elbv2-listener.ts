/**
 * AWS::ElasticLoadBalancingV2::Listener: Ref is the ARN; GetAtt ListenerArn. LoadBalancerArn
 * replaces; Port, Protocol, DefaultActions, Certificates, SslPolicy update in place (ModifyListener).
 */
import { deleteQuietly, elb, wire } from "./elbv2-common.js";
import { replacesOn, type ResourceProvider } from "./types.js";
import type { JsonObject } from "../template/types.js";

const settings = (p: JsonObject) => ({
  ...(p.Port !== undefined && { Port: Number(p.Port) }),
  ...(p.Protocol !== undefined && { Protocol: p.Protocol }),
  DefaultActions: wire(p.DefaultActions ?? []),
  ...(p.Certificates !== undefined && { Certificates: p.Certificates }),
  ...(p.SslPolicy !== undefined && { SslPolicy: p.SslPolicy }),
  ...(p.AlpnPolicy !== undefined && { AlpnPolicy: p.AlpnPolicy }),
});

export const elbv2ListenerProvider: ResourceProvider = {
  type: "AWS::ElasticLoadBalancingV2::Listener",
  async create(p, ctx) {
    const out = await elb<{ Listeners: { ListenerArn: string }[] }>("CreateListener", { LoadBalancerArn: p.LoadBalancerArn, ...settings(p) }, ctx);
    const arn = out.Listeners[0]!.ListenerArn;
    return { physicalId: arn, attributes: { ListenerArn: arn } };
  },
  requiresReplacement: replacesOn("LoadBalancerArn"),
  async update(current, _before, after, ctx) {
    await elb("ModifyListener", { ListenerArn: current.physicalId, ...settings(after) }, ctx);
    return current;
  },
  async delete(current, _p, ctx) {
    await deleteQuietly("DeleteListener", { ListenerArn: current.physicalId }, "ListenerNotFound", ctx);
  },
};
