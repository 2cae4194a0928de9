/**
 * Checks and normal forms of listener actions and rule conditions, as ELB stores them:
 * a forward with TargetGroupArn also gets its ForwardConfig (weight 1); a redirect gets its
 * `#{protocol}`/`#{host}`/`#{port}`/`/#{path}`/`#{query}` defaults; host-header and path-pattern
 * conditions carry both Values and their Config. berth serves forward, fixed-response and redirect.
 */
import { AwsError } from "../../errors.js";
import type { StoreTx } from "../../store/store.js";
import { incompatibleProtocols, validation } from "./errors.js";
import { getTargetGroup, type ActionWire, type ConditionWire } from "./records.js";

const HTTP_TG = new Set(["HTTP", "HTTPS"]);
const STREAM_TG = new Set(["TCP", "TLS", "UDP", "TCP_UDP"]);

/** Checked and normalised actions of a listener or rule on a load balancer of `lbType`. */
export async function normalizeActions(tx: StoreTx, region: string, lbArn: string, lbType: string, use: Map<string, Set<string>>, actions: ActionWire[]): Promise<ActionWire[]> {
  if (actions.length === 0) throw validation("At least one action must be specified");
  const terminal = actions.filter((a) => ["forward", "fixed-response", "redirect"].includes(a.Type));
  const other = actions.find((a) => !["forward", "fixed-response", "redirect"].includes(a.Type));
  if (other) throw validation(`berth does not carry out '${other.Type}' actions; use forward, fixed-response or redirect`);
  if (terminal.length > 1) throw new AwsError("TooManyActions", "A rule can only have one terminal action");
  const out: ActionWire[] = [];
  for (const a of actions) {
    if (lbType === "network" && a.Type !== "forward") throw new AwsError("InvalidLoadBalancerAction", `Action type '${a.Type}' is not supported for network load balancers`);
    const order = a.Order !== undefined ? { Order: a.Order } : {};
    if (a.Type === "forward") {
      const tuples = a.ForwardConfig?.TargetGroups ?? [];
      if (!a.TargetGroupArn && tuples.length === 0) throw validation("A target group ARN must be specified");
      if (a.TargetGroupArn && tuples.length > 0 && (tuples.length !== 1 || tuples[0]!.TargetGroupArn !== a.TargetGroupArn)) {
        throw validation("You cannot specify both a target group ARN and a forward config with different target groups");
      }
      if (tuples.length > 5) throw validation("A forward action can have at most '5' target groups");
      const groups = tuples.length ? tuples.map((t) => ({ TargetGroupArn: t.TargetGroupArn ?? "", Weight: t.Weight ?? 1 })) : [{ TargetGroupArn: a.TargetGroupArn!, Weight: 1 }];
      if (new Set(groups.map((g) => g.TargetGroupArn)).size !== groups.length) throw validation("A target group can appear only once in a forward action");
      for (const g of groups) {
        if (g.Weight < 0 || g.Weight > 999) throw validation(`Target group weight '${g.Weight}' must be between 0 and 999`);
        const { doc } = await getTargetGroup(tx, region, g.TargetGroupArn);
        const proto = doc.wire.Protocol ?? "";
        if (lbType === "application" && !HTTP_TG.has(proto)) {
          throw incompatibleProtocols(`The target group '${g.TargetGroupArn}' has protocol '${proto}', which is not supported by an application load balancer`);
        }
        if (lbType === "network" && !STREAM_TG.has(proto)) {
          throw incompatibleProtocols(`The target group '${g.TargetGroupArn}' has protocol '${proto}', which is not supported by a network load balancer`);
        }
        const users = use.get(g.TargetGroupArn);
        if (users && [...users].some((u) => u !== lbArn)) {
          throw new AwsError("TargetGroupAssociationLimit", `The following target groups cannot be associated with more than one load balancer: ${g.TargetGroupArn}`);
        }
      }
      const single = groups.length === 1 ? { TargetGroupArn: groups[0]!.TargetGroupArn } : {};
      out.push({
        Type: "forward",
        ...single,
        ...order,
        ForwardConfig: { TargetGroups: groups, TargetGroupStickinessConfig: { Enabled: a.ForwardConfig?.TargetGroupStickinessConfig?.Enabled ?? false, ...(a.ForwardConfig?.TargetGroupStickinessConfig?.DurationSeconds !== undefined ? { DurationSeconds: a.ForwardConfig.TargetGroupStickinessConfig.DurationSeconds } : {}) } },
      });
    } else if (a.Type === "fixed-response") {
      const c = a.FixedResponseConfig;
      if (!c) throw validation("A fixed-response action must have a FixedResponseConfig");
      out.push({ Type: "fixed-response", ...order, FixedResponseConfig: { StatusCode: c.StatusCode, ...(c.ContentType ? { ContentType: c.ContentType } : {}), ...(c.MessageBody !== undefined ? { MessageBody: c.MessageBody } : {}) } });
    } else {
      const c = a.RedirectConfig;
      if (!c) throw validation("A redirect action must have a RedirectConfig");
      const r = { Protocol: c.Protocol ?? "#{protocol}", Port: c.Port ?? "#{port}", Host: c.Host ?? "#{host}", Path: c.Path ?? "/#{path}", Query: c.Query ?? "#{query}", StatusCode: c.StatusCode };
      if (r.Protocol === "#{protocol}" && r.Port === "#{port}" && r.Host === "#{host}" && r.Path === "/#{path}" && r.Query === "#{query}") {
        throw invalidLoop();
      }
      if (!r.Path.startsWith("/")) throw validation("The redirect path must start with a '/'");
      out.push({ Type: "redirect", ...order, RedirectConfig: r });
    }
  }
  return out;
}

const invalidLoop = () => new AwsError("InvalidLoadBalancerAction", "The redirect configuration is not valid because it creates a loop.");

const FIELDS = new Set(["path-pattern", "host-header", "http-header", "http-request-method", "query-string", "source-ip"]);

/** Checked and normalised rule conditions (a non-default rule has at least one). */
export function normalizeConditions(conditions: ConditionWire[]): ConditionWire[] {
  if (conditions.length === 0) throw validation("A rule must have at least one condition");
  let values = 0;
  const seen = new Set<string>();
  const out = conditions.map((c): ConditionWire => {
    const field = c.Field ?? "";
    if (!FIELDS.has(field)) throw validation(`Condition field '${field}' must be one of '[http-header, http-request-method, host-header, path-pattern, query-string, source-ip]'`);
    if (field !== "http-header" && field !== "query-string" && seen.has(field)) throw validation(`A rule can only have one '${field}' condition`);
    seen.add(field);
    const count = (n: number) => {
      if (n === 0) throw validation(`A '${field}' condition must have at least one value`);
      values += n;
    };
    switch (field) {
      case "host-header":
      case "path-pattern": {
        const config = field === "host-header" ? c.HostHeaderConfig : c.PathPatternConfig;
        if (c.Values?.length && config?.Values?.length) throw validation(`You cannot specify both 'Values' and '${field === "host-header" ? "HostHeaderConfig" : "PathPatternConfig"}' in a '${field}' condition`);
        const v = c.Values?.length ? c.Values : config?.Values ?? [];
        count(v.length);
        for (const s of v) if (s.length > 128) throw validation(`The '${field}' value '${s}' cannot be longer than 128 characters`);
        return field === "host-header" ? { Field: field, Values: v, HostHeaderConfig: { Values: v } } : { Field: field, Values: v, PathPatternConfig: { Values: v } };
      }
      case "http-header": {
        const h = c.HttpHeaderConfig;
        if (!h?.HttpHeaderName) throw validation("An 'http-header' condition must have an HttpHeaderConfig with an HttpHeaderName");
        count(h.Values?.length ?? 0);
        return { Field: field, HttpHeaderConfig: { HttpHeaderName: h.HttpHeaderName, Values: h.Values ?? [] } };
      }
      case "http-request-method": {
        const v = c.HttpRequestMethodConfig?.Values ?? c.Values ?? [];
        count(v.length);
        for (const m of v) if (!/^[A-Z_-]+$/.test(m)) throw validation(`HTTP request method '${m}' can contain only A-Z, hyphens (-) and underscores (_)`);
        return { Field: field, HttpRequestMethodConfig: { Values: v } };
      }
      case "query-string": {
        const v = c.QueryStringConfig?.Values ?? [];
        count(v.length);
        for (const p of v) if (p.Value === undefined || p.Value === "") throw validation("A query-string condition value must have a Value");
        return { Field: field, QueryStringConfig: { Values: v.map((p) => (p.Key !== undefined ? { Key: p.Key, Value: p.Value } : { Value: p.Value })) } };
      }
      default: {
        const v = c.SourceIpConfig?.Values ?? c.Values ?? [];
        count(v.length);
        for (const s of v) if (!/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(s)) throw validation(`Source IP '${s}' must be an IPv4 CIDR block`);
        return { Field: field, SourceIpConfig: { Values: v } };
      }
    }
  });
  if (values > 5) throw validation("A rule can only have '5' condition values");
  return out;
}
