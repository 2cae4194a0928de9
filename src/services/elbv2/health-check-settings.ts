/**
 * A target group's health-check settings: AWS's defaults by protocol and the checks on a create or
 * modify. HTTP(S) groups: interval 30, timeout 5, healthy 5, unhealthy 2, path `/`, matcher 200.
 * TCP groups: interval 30, timeout 10, healthy 5, unhealthy 2, TCP checks.
 */
import { validation } from "./errors.js";
import type { HealthCheckWire } from "./records.js";

const isHttp = (p: string | undefined) => p === "HTTP" || p === "HTTPS";

export function healthCheckDefaults(protocol: string | undefined): Required<Omit<HealthCheckWire, "HealthCheckPath" | "Matcher">> & Pick<HealthCheckWire, "HealthCheckPath" | "Matcher"> {
  const http = isHttp(protocol);
  return {
    HealthCheckProtocol: http ? protocol! : "TCP",
    HealthCheckPort: "traffic-port",
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 30,
    HealthCheckTimeoutSeconds: http ? 5 : 10,
    HealthyThresholdCount: 5,
    UnhealthyThresholdCount: 2,
    ...(http ? { HealthCheckPath: "/", Matcher: { HttpCode: "200" } } : {}),
  };
}

const MATCHER = /^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/;

/** Settings after applying `changes` to `base`; throws ValidationError on bad combinations. */
export function mergeHealthCheck(base: HealthCheckWire, changes: HealthCheckWire, targetType: string): HealthCheckWire {
  const hc: HealthCheckWire = { ...base };
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) (hc as Record<string, unknown>)[k] = v;
  if (isHttp(hc.HealthCheckProtocol)) {
    hc.HealthCheckPath ??= "/";
    hc.Matcher ??= { HttpCode: "200" };
    if (!hc.HealthCheckPath.startsWith("/")) throw validation("Health check path must begin with a '/' character");
    if (hc.Matcher.HttpCode !== undefined && !MATCHER.test(hc.Matcher.HttpCode)) {
      throw validation(`Health check matcher HTTP code '${hc.Matcher.HttpCode}' must be a valid code, a list of codes (200,202) or a range (200-299)`);
    }
  } else {
    if (changes.HealthCheckPath !== undefined) throw validation("Health check path cannot be set with a TCP health check");
    if (changes.Matcher !== undefined) throw validation("Health check matcher cannot be set with a TCP health check");
    delete hc.HealthCheckPath;
    delete hc.Matcher;
  }
  if (hc.HealthCheckPort !== "traffic-port" && !(/^\d+$/.test(hc.HealthCheckPort ?? "") && Number(hc.HealthCheckPort) >= 1 && Number(hc.HealthCheckPort) <= 65535)) {
    throw validation("Health check port must be 'traffic-port' or a port number from 1 to 65535");
  }
  if (hc.HealthCheckEnabled === false && targetType !== "lambda") {
    throw validation(`Health checks cannot be disabled for target groups with the target type '${targetType}'`);
  }
  if ((hc.HealthCheckTimeoutSeconds ?? 0) >= (hc.HealthCheckIntervalSeconds ?? 0)) {
    throw validation(`Health check timeout '${hc.HealthCheckTimeoutSeconds}' must be smaller than the interval '${hc.HealthCheckIntervalSeconds}'`);
  }
  return hc;
}
