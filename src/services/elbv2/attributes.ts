/**
 * Load balancer and target group attributes: AWS's defaults per type, and the checks on a change.
 * berth acts on `deletion_protection.enabled`, `deregistration_delay.timeout_seconds`,
 * `idle_timeout.timeout_seconds`, and `stickiness.*` (lb_cookie); the others are stored and reported.
 */
import { validation } from "./errors.js";

export function loadBalancerAttributeDefaults(type: string): Record<string, string> {
  const common = { "access_logs.s3.enabled": "false", "access_logs.s3.bucket": "", "access_logs.s3.prefix": "", "deletion_protection.enabled": "false" };
  if (type === "network") {
    return { ...common, "load_balancing.cross_zone.enabled": "false", "dns_record.client_routing_policy": "any_availability_zone" };
  }
  return {
    ...common,
    "idle_timeout.timeout_seconds": "60",
    "client_keep_alive.seconds": "3600",
    "connection_logs.s3.enabled": "false",
    "connection_logs.s3.bucket": "",
    "connection_logs.s3.prefix": "",
    "routing.http.desync_mitigation_mode": "defensive",
    "routing.http.drop_invalid_header_fields.enabled": "false",
    "routing.http.preserve_host_header.enabled": "false",
    "routing.http.x_amzn_tls_version_and_cipher_suite.enabled": "false",
    "routing.http.xff_client_port.enabled": "false",
    "routing.http.xff_header_processing.mode": "append",
    "routing.http2.enabled": "true",
    "waf.fail_open.enabled": "false",
    "load_balancing.cross_zone.enabled": "true",
  };
}

export function targetGroupAttributeDefaults(protocol: string | undefined, targetType: string): Record<string, string> {
  if (protocol === "TCP" || protocol === "UDP" || protocol === "TLS" || protocol === "TCP_UDP") {
    return {
      "deregistration_delay.timeout_seconds": "300",
      "deregistration_delay.connection_termination.enabled": "false",
      "proxy_protocol_v2.enabled": "false",
      "preserve_client_ip.enabled": targetType === "instance" ? "true" : "false",
      "stickiness.enabled": "false",
      "stickiness.type": "source_ip",
      "load_balancing.cross_zone.enabled": "use_load_balancer_configuration",
    };
  }
  return {
    "deregistration_delay.timeout_seconds": "300",
    "stickiness.enabled": "false",
    "stickiness.type": "lb_cookie",
    "stickiness.lb_cookie.duration_seconds": "86400",
    "stickiness.app_cookie.cookie_name": "",
    "stickiness.app_cookie.duration_seconds": "86400",
    "slow_start.duration_seconds": "0",
    "load_balancing.algorithm.type": "round_robin",
    "load_balancing.algorithm.anomaly_mitigation": "off",
    "load_balancing.cross_zone.enabled": "use_load_balancer_configuration",
  };
}

const bool = (v: string) => v === "true" || v === "false";
const intIn = (lo: number, hi: number) => (v: string) => /^\d+$/.test(v) && Number(v) >= lo && Number(v) <= hi;

const checks: Record<string, (v: string) => boolean> = {
  "deletion_protection.enabled": bool,
  "access_logs.s3.enabled": bool,
  "idle_timeout.timeout_seconds": intIn(1, 4000),
  "client_keep_alive.seconds": intIn(60, 604800),
  "routing.http2.enabled": bool,
  "load_balancing.cross_zone.enabled": (v) => bool(v) || v === "use_load_balancer_configuration",
  "deregistration_delay.timeout_seconds": intIn(0, 3600),
  "stickiness.enabled": bool,
  "stickiness.type": (v) => ["lb_cookie", "app_cookie", "source_ip", "source_ip_dest_ip", "source_ip_dest_ip_proto"].includes(v),
  "stickiness.lb_cookie.duration_seconds": intIn(1, 604800),
  "stickiness.app_cookie.duration_seconds": intIn(1, 604800),
  "slow_start.duration_seconds": (v) => v === "0" || intIn(30, 900)(v),
  "load_balancing.algorithm.type": (v) => ["round_robin", "least_outstanding_requests", "weighted_random"].includes(v),
};

/** Apply `changes` to `current` (a copy); unknown keys and bad values are ValidationErrors. */
export function applyAttributes(kind: "Load balancer" | "Target group", current: Record<string, string>, changes: { Key?: string; Value?: string }[]): Record<string, string> {
  const next = { ...current };
  for (const { Key, Value } of changes) {
    if (Key === undefined || !(Key in current)) throw validation(`${kind} attribute key '${Key ?? ""}' is not recognized`);
    const v = Value ?? "";
    const check = checks[Key];
    if (check && !check(v)) throw validation(`${kind} attribute '${Key}' cannot have value '${v}'`);
    next[Key] = v;
  }
  return next;
}

export const attributeList = (a: Record<string, string>) => Object.entries(a).map(([Key, Value]) => ({ Key, Value }));
