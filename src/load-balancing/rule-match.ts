/**
 * ALB rule evaluation, pure: the first rule (by priority, the default rule last) whose conditions
 * all match the request. Within a condition the values are alternatives; conditions are all
 * required. Wildcards `*` (any run) and `?` (one character). Path patterns are case-sensitive and
 * see the path without its query; host names, header values and query strings are matched
 * case-insensitively; methods exactly.
 */
import type { ConditionWire } from "../services/elbv2/records.js";
import type { RuleView } from "./view.js";

export interface RequestFacts {
  method: string;
  /** The Host header as sent (may carry a port). */
  host: string;
  /** The path, without the query string. */
  path: string;
  /** Decoded query parameters in order. */
  query: [string, string][];
  /** Header values by lowercase name. */
  headers: Record<string, string | string[] | undefined>;
  sourceIp: string;
}

const patterns = new Map<string, RegExp>();

export function wildcard(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const key = `${caseInsensitive ? "i" : "s"}${pattern}`;
  let re = patterns.get(key);
  if (!re) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
    re = new RegExp(`^${body}$`, caseInsensitive ? "is" : "s");
    if (patterns.size > 10_000) patterns.clear();
    patterns.set(key, re);
  }
  return re.test(value);
}

const hostOnly = (host: string) => (host.startsWith("[") ? host.slice(0, host.indexOf("]") + 1) : host.split(":")[0]!);

function ipv4ToInt(ip: string): number | undefined {
  const m = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  return m ? ((Number(m[1]) << 24) | (Number(m[2]) << 16) | (Number(m[3]) << 8) | Number(m[4])) >>> 0 : undefined;
}

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split("/");
  const a = ipv4ToInt(ip);
  const b = ipv4ToInt(base ?? "");
  const n = Number(bits);
  if (a === undefined || b === undefined || !(n >= 0 && n <= 32)) return false;
  const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
  return (a & mask) === (b & mask);
}

export function conditionMatches(c: ConditionWire, r: RequestFacts): boolean {
  switch (c.Field) {
    case "path-pattern":
      return (c.PathPatternConfig?.Values ?? c.Values ?? []).some((p) => wildcard(p, r.path, false));
    case "host-header":
      return (c.HostHeaderConfig?.Values ?? c.Values ?? []).some((p) => wildcard(p, hostOnly(r.host), true));
    case "http-header": {
      const raw = r.headers[(c.HttpHeaderConfig?.HttpHeaderName ?? "").toLowerCase()];
      if (raw === undefined) return false;
      const values = Array.isArray(raw) ? raw : [raw];
      return (c.HttpHeaderConfig?.Values ?? []).some((p) => values.some((v) => wildcard(p, v, true)));
    }
    case "http-request-method":
      return (c.HttpRequestMethodConfig?.Values ?? c.Values ?? []).includes(r.method);
    case "query-string":
      return (c.QueryStringConfig?.Values ?? []).some((p) =>
        r.query.some(([k, v]) => (p.Key === undefined || wildcard(p.Key, k, true)) && wildcard(p.Value ?? "", v, true)),
      );
    case "source-ip":
      return (c.SourceIpConfig?.Values ?? c.Values ?? []).some((cidr) => inCidr(r.sourceIp, cidr));
    default:
      return false;
  }
}

/** The rule that takes the request; rules are in evaluation order. */
export function matchRule(rules: readonly RuleView[], r: RequestFacts): RuleView | undefined {
  return rules.find((rule) => rule.priority === null || rule.conditions.every((c) => conditionMatches(c, r)));
}
