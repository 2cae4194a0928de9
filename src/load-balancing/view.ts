/**
 * The data plane's view of the store: which listeners to serve on which loopback address and
 * port, their rules in evaluation order, and each target group's targets with their address and
 * health. `buildView` is pure: stored records and `now` in, view out.
 */
import type { ElbResourceRecord, ElbTargetRecord, TargetHealthState } from "../store/elbv2.js";
import type { ActionWire, ConditionWire, HealthCheckWire, ListenerDoc, LoadBalancerDoc, RuleDoc, TargetGroupDoc } from "../services/elbv2/records.js";

export interface TargetView {
  id: string;
  port: number;
  /** Where traffic goes: the IP for `ip` targets, the host's loopback address for `instance` ones. */
  address: string;
  /** The target group's protocol is HTTPS: traffic goes over TLS (certificates are not verified, as ALB does not). */
  tls: boolean;
  state: TargetHealthState;
  /** Deregistered: no new requests until its row goes. */
  draining: boolean;
  drainUntil?: number;
}

export interface TargetGroupView {
  arn: string;
  protocol: string;
  targetType: string;
  healthCheck: HealthCheckWire;
  attributes: Record<string, string>;
  /** Some listener or rule forwards to it (only then are its targets checked). */
  inUse: boolean;
  targets: TargetView[];
}

export interface RuleView {
  arn: string;
  /** null: the default rule (always last, always matches). */
  priority: number | null;
  conditions: ConditionWire[];
  actions: ActionWire[];
  /** The action carried out (first forward, fixed-response or redirect), found once; null when none. */
  action?: ActionWire | null;
}

export interface ListenerView {
  arn: string;
  loadBalancerArn: string;
  address: string;
  port: number;
  /** The port as text (X-Forwarded-Port). */
  portText: string;
  protocol: string;
  idleTimeoutSeconds: number;
  rules: RuleView[];
}

export interface DataPlaneView {
  listeners: ListenerView[];
  targetGroups: Map<string, TargetGroupView>;
  /** Draining targets whose delay is over: their rows are to be removed. */
  drained: ElbTargetRecord[];
  /** Epoch ms of the next drain end, if any. */
  nextDrainEnd?: number;
}

export interface StoreSnapshot {
  loadBalancers: ElbResourceRecord[];
  targetGroups: ElbResourceRecord[];
  listeners: ElbResourceRecord[];
  rules: ElbResourceRecord[];
  targets: ElbTargetRecord[];
}

/** Instance targets are served on the host's loopback address (bridge host ports bind there). */
export const INSTANCE_ADDRESS = "127.0.0.1";

const byPriority = (a: RuleView, b: RuleView) => (a.priority ?? Infinity) - (b.priority ?? Infinity);

export function buildView(s: StoreSnapshot, now: number): DataPlaneView {
  const lbs = new Map(s.loadBalancers.map((r) => [r.arn, r.doc as unknown as LoadBalancerDoc]));
  const rulesOf = new Map<string, RuleView[]>();
  const used = new Set<string>();
  for (const r of s.rules) {
    const d = r.doc as unknown as RuleDoc;
    const list = rulesOf.get(r.parentArn) ?? [];
    list.push({ arn: r.arn, priority: d.priority, conditions: d.wire.Conditions, actions: d.wire.Actions, action: d.wire.Actions.find((a) => a.Type === "forward" || a.Type === "fixed-response" || a.Type === "redirect") ?? null });
    rulesOf.set(r.parentArn, list);
  }
  const listeners: ListenerView[] = [];
  for (const l of s.listeners) {
    const lb = lbs.get(l.parentArn);
    if (!lb) continue;
    const d = l.doc as unknown as ListenerDoc;
    const rules = (rulesOf.get(l.arn) ?? []).sort(byPriority);
    for (const r of rules) for (const a of r.actions) for (const g of a.ForwardConfig?.TargetGroups ?? []) if (g.TargetGroupArn) used.add(g.TargetGroupArn);
    listeners.push({
      arn: l.arn,
      loadBalancerArn: l.parentArn,
      address: lb.address,
      port: d.wire.Port,
      portText: String(d.wire.Port),
      protocol: d.wire.Protocol,
      idleTimeoutSeconds: Number(lb.attributes["idle_timeout.timeout_seconds"] ?? "60"),
      rules,
    });
  }
  const targetGroups = new Map<string, TargetGroupView>();
  for (const r of s.targetGroups) {
    const d = r.doc as unknown as TargetGroupDoc;
    targetGroups.set(r.arn, { arn: r.arn, protocol: d.wire.Protocol ?? "HTTP", targetType: d.wire.TargetType, healthCheck: d.wire, attributes: d.attributes, inUse: used.has(r.arn), targets: [] });
  }
  const drained: ElbTargetRecord[] = [];
  let nextDrainEnd: number | undefined;
  for (const t of s.targets) {
    const tg = targetGroups.get(t.targetGroupArn);
    if (!tg) continue;
    if (t.drainUntil !== undefined && t.drainUntil <= now) {
      drained.push(t);
      continue;
    }
    if (t.drainUntil !== undefined) nextDrainEnd = Math.min(nextDrainEnd ?? Infinity, t.drainUntil);
    tg.targets.push({
      id: t.id,
      port: t.port,
      address: tg.targetType === "ip" ? t.id : INSTANCE_ADDRESS,
      tls: tg.protocol === "HTTPS",
      state: t.drainUntil !== undefined ? "draining" : t.health.state,
      draining: t.drainUntil !== undefined,
      drainUntil: t.drainUntil,
    });
  }
  return { listeners, targetGroups, drained, nextDrainEnd };
}
