/**
 * ELBv2 identifiers. ARNs as AWS writes them:
 *   arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-lb/50dc6c495c0c9188
 *   …:targetgroup/my-targets/73e2d6bc24d8a067
 *   …:listener/app/my-lb/50dc6c495c0c9188/f2f7dc8efc522ab2
 *   …:listener-rule/app/my-lb/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee
 * and a load balancer's DNS name, `<name>-<10 digits>.<region>.elb.berth.internal` (internal
 * ones start with `internal-`), deterministic from its ARN. Not `*.localhost`: curl and glibc answer
 * those with 127.0.0.1 themselves, not with the load balancer's own address.
 */
import { createHash, randomBytes } from "node:crypto";
import type { RequestContext } from "../../server/service.js";

type Scope = Pick<RequestContext, "region" | "accountId">;

export const hexId = () => randomBytes(8).toString("hex");
const elbArn = (s: Scope, resource: string) => `arn:aws:elasticloadbalancing:${s.region}:${s.accountId}:${resource}`;

export const lbKind = (type: string) => (type === "network" ? "net" : type === "gateway" ? "gwy" : "app");
export const loadBalancerArn = (s: Scope, type: string, name: string) => elbArn(s, `loadbalancer/${lbKind(type)}/${name}/${hexId()}`);
export const targetGroupArn = (s: Scope, name: string) => elbArn(s, `targetgroup/${name}/${hexId()}`);

/** `app/my-lb/50dc6c495c0c9188` from a load balancer ARN. */
const lbPath = (lbArn: string) => lbArn.slice(lbArn.indexOf(":loadbalancer/") + ":loadbalancer/".length);
export const listenerArn = (lbArn: string) => `${lbArn.slice(0, lbArn.indexOf(":loadbalancer/"))}:listener/${lbPath(lbArn)}/${hexId()}`;
export const ruleArn = (listenerArnValue: string) => `${listenerArnValue.replace(":listener/", ":listener-rule/")}/${hexId()}`;

export const DNS_SUFFIX = "elb.berth.internal";

export function dnsName(region: string, name: string, arn: string, scheme: string): string {
  const digits = (BigInt(`0x${createHash("sha256").update(arn).digest("hex").slice(0, 12)}`) % 10_000_000_000n).toString().padStart(10, "0");
  return `${scheme === "internal" ? "internal-" : ""}${name}-${digits}.${region}.${DNS_SUFFIX}`;
}

/** ALB and NLB hosted-zone ids (us-east-1's, as berth has one set). */
export const canonicalHostedZoneId = (type: string) => (type === "network" ? "Z26RNL4JYFTOTI" : "Z35SXDOTRQ7X7K");

/** The VPC and subnets berth reports: loopback is one network. */
export const BERTH_VPC_ID = "vpc-0000000000000000b";
export const berthSubnetId = (zone: string) => `subnet-00000000000000b${zone.slice(-1)}`;
