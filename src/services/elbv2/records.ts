/**
 * The stored documents of ELBv2 resources and their lookups. A record's `doc` holds the wire shape
 * (`wire`, times in epoch ms) and what is not on the wire (attributes, the loopback address, the
 * numeric rule priority). Lookups by ARN are scoped to the request's region.
 */
import type { ElbResourceRecord } from "../../store/elbv2.js";
import type { StoreTx } from "../../store/store.js";
import { listenerNotFound, loadBalancerNotFound, ruleNotFound, targetGroupNotFound } from "./errors.js";

export type Wire = Record<string, unknown>;

export interface LoadBalancerDoc {
  wire: Wire & { LoadBalancerArn: string; LoadBalancerName: string; Type: string; Scheme: string };
  attributes: Record<string, string>;
  /** The load balancer's own loopback address (127.88.x.y). */
  address: string;
}

export interface HealthCheckWire {
  HealthCheckProtocol?: string;
  HealthCheckPort?: string;
  HealthCheckEnabled?: boolean;
  HealthCheckIntervalSeconds?: number;
  HealthCheckTimeoutSeconds?: number;
  HealthyThresholdCount?: number;
  UnhealthyThresholdCount?: number;
  HealthCheckPath?: string;
  Matcher?: { HttpCode?: string; GrpcCode?: string };
}

export interface TargetGroupDoc {
  wire: Wire & HealthCheckWire & { TargetGroupArn: string; TargetGroupName: string; Protocol?: string; Port?: number; TargetType: string; VpcId?: string };
  attributes: Record<string, string>;
}

export interface ActionWire {
  Type: string;
  TargetGroupArn?: string;
  Order?: number;
  ForwardConfig?: { TargetGroups?: { TargetGroupArn?: string; Weight?: number }[]; TargetGroupStickinessConfig?: { Enabled?: boolean; DurationSeconds?: number } };
  FixedResponseConfig?: { StatusCode: string; ContentType?: string; MessageBody?: string };
  RedirectConfig?: { StatusCode: string; Protocol?: string; Port?: string; Host?: string; Path?: string; Query?: string };
}

export interface ConditionWire {
  Field?: string;
  Values?: string[];
  HostHeaderConfig?: { Values?: string[] };
  PathPatternConfig?: { Values?: string[] };
  HttpHeaderConfig?: { HttpHeaderName?: string; Values?: string[] };
  QueryStringConfig?: { Values?: { Key?: string; Value?: string }[] };
  HttpRequestMethodConfig?: { Values?: string[] };
  SourceIpConfig?: { Values?: string[] };
}

export interface ListenerDoc {
  wire: Wire & { ListenerArn: string; LoadBalancerArn: string; Port: number; Protocol: string; DefaultActions: ActionWire[] };
}

export interface RuleDoc {
  wire: Wire & { RuleArn: string; Priority: string; IsDefault: boolean; Conditions: ConditionWire[]; Actions: ActionWire[] };
  /** null for the default rule. */
  priority: number | null;
}

export const docOf = <D>(r: ElbResourceRecord) => r.doc as unknown as D;
export const toRecord = (region: string, arn: string, name: string, parentArn: string, doc: object): ElbResourceRecord => ({
  region,
  arn,
  name,
  parentArn,
  doc: doc as Record<string, unknown>,
});

const inRegion = (r: ElbResourceRecord | undefined, region: string) => (r && r.region === region ? r : undefined);

export async function getLoadBalancer(tx: StoreTx, region: string, arn: string) {
  const r = inRegion(await tx.elbv2.loadBalancers.get(arn), region);
  if (!r) throw loadBalancerNotFound();
  return { record: r, doc: docOf<LoadBalancerDoc>(r) };
}

export async function getTargetGroup(tx: StoreTx, region: string, arn: string) {
  const r = inRegion(await tx.elbv2.targetGroups.get(arn), region);
  if (!r) throw targetGroupNotFound();
  return { record: r, doc: docOf<TargetGroupDoc>(r) };
}

export async function getListener(tx: StoreTx, region: string, arn: string) {
  const r = inRegion(await tx.elbv2.listeners.get(arn), region);
  if (!r) throw listenerNotFound();
  return { record: r, doc: docOf<ListenerDoc>(r) };
}

export async function getRule(tx: StoreTx, region: string, arn: string) {
  const r = inRegion(await tx.elbv2.rules.get(arn), region);
  if (!r) throw ruleNotFound();
  return { record: r, doc: docOf<RuleDoc>(r) };
}

/** Target group ARNs an action sends traffic to. */
export function actionTargetGroups(a: ActionWire): string[] {
  if (a.Type !== "forward") return [];
  const out = new Set<string>();
  if (a.TargetGroupArn) out.add(a.TargetGroupArn);
  for (const t of a.ForwardConfig?.TargetGroups ?? []) if (t.TargetGroupArn) out.add(t.TargetGroupArn);
  return [...out];
}

/** For every target group of the region that a listener or rule forwards to: the load balancers using it. */
export async function targetGroupUse(tx: StoreTx, region: string): Promise<Map<string, Set<string>>> {
  const use = new Map<string, Set<string>>();
  for (const l of await tx.elbv2.listeners.list(region)) {
    const lbArn = l.parentArn;
    for (const r of await tx.elbv2.rules.children(l.arn)) {
      for (const a of docOf<RuleDoc>(r).wire.Actions) {
        for (const tg of actionTargetGroups(a)) {
          if (!use.has(tg)) use.set(tg, new Set());
          use.get(tg)!.add(lbArn);
        }
      }
    }
  }
  return use;
}
