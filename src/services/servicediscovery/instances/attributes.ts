/**
 * RegisterInstance's attributes, pure: the reserved AWS_* keys a service's DnsConfig requires (A:
 * AWS_INSTANCE_IPV4; AAAA: AWS_INSTANCE_IPV6; both: either; SRV: AWS_INSTANCE_PORT and an address;
 * CNAME: AWS_INSTANCE_CNAME), their syntax, AWS_INIT_HEALTH_STATUS only with a custom health check,
 * and at most 30 attributes.
 */
import { isIPv4, isIPv6 } from "node:net";
import type { DnsConfig } from "../dns-config.js";
import { invalidInput } from "../errors.js";

export const MAX_ATTRIBUTES = 30;

export function checkInstanceAttributes(service: { DnsConfig?: DnsConfig; HealthCheckCustomConfig?: unknown }, a: Record<string, string>): void {
  if (Object.keys(a).length > MAX_ATTRIBUTES) throw invalidInput(`An instance can have at most ${MAX_ATTRIBUTES} attributes.`);
  const ipv4 = a.AWS_INSTANCE_IPV4;
  const ipv6 = a.AWS_INSTANCE_IPV6;
  const port = a.AWS_INSTANCE_PORT;
  if (ipv4 !== undefined && !isIPv4(ipv4)) throw invalidInput(`AWS_INSTANCE_IPV4 must be an IPv4 address, got ${ipv4}.`);
  if (ipv6 !== undefined && !isIPv6(ipv6)) throw invalidInput(`AWS_INSTANCE_IPV6 must be an IPv6 address, got ${ipv6}.`);
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) <= 65535)) throw invalidInput(`AWS_INSTANCE_PORT must be a port number (0-65535), got ${port}.`);
  const init = a.AWS_INIT_HEALTH_STATUS;
  if (init !== undefined) {
    if (!service.HealthCheckCustomConfig) throw invalidInput("AWS_INIT_HEALTH_STATUS can be specified only for a service with a custom health check configuration.");
    if (init !== "HEALTHY" && init !== "UNHEALTHY") throw invalidInput("AWS_INIT_HEALTH_STATUS must be HEALTHY or UNHEALTHY.");
  }
  const types = new Set(service.DnsConfig?.DnsRecords.map((r) => r.Type) ?? []);
  if (types.has("A") && types.has("AAAA")) {
    if (ipv4 === undefined && ipv6 === undefined) throw invalidInput("AWS_INSTANCE_IPV4 or AWS_INSTANCE_IPV6 is required by the service's A and AAAA records.");
  } else if (types.has("A") && ipv4 === undefined) {
    throw invalidInput("AWS_INSTANCE_IPV4 is required by the service's A record.");
  } else if (types.has("AAAA") && ipv6 === undefined) {
    throw invalidInput("AWS_INSTANCE_IPV6 is required by the service's AAAA record.");
  }
  if (types.has("SRV")) {
    if (port === undefined) throw invalidInput("AWS_INSTANCE_PORT is required by the service's SRV record.");
    if (ipv4 === undefined && ipv6 === undefined) throw invalidInput("AWS_INSTANCE_IPV4 or AWS_INSTANCE_IPV6 is required by the service's SRV record.");
  }
  if (types.has("CNAME") && a.AWS_INSTANCE_CNAME === undefined) throw invalidInput("AWS_INSTANCE_CNAME is required by the service's CNAME record.");
}
