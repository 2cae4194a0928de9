/**
 * Instance health, pure. A service with HealthCheckCustomConfig: the instance's custom status
 * (HEALTHY at registration unless AWS_INIT_HEALTH_STATUS says UNHEALTHY). With HealthCheckConfig
 * (Route 53 checks, public namespaces): berth runs no Route 53 checks and reports HEALTHY. With
 * neither: UNKNOWN, and every instance counts as healthy for discovery and DNS.
 */
import type { CloudMapInstanceRecord, CloudMapServiceRecord } from "../../store/store.js";

export type HealthStatus = "HEALTHY" | "UNHEALTHY" | "UNKNOWN";

export function instanceHealth(service: Pick<CloudMapServiceRecord, "doc">, instance: Pick<CloudMapInstanceRecord, "health">): HealthStatus {
  if (service.doc.HealthCheckCustomConfig !== undefined) return instance.health ?? "HEALTHY";
  if (service.doc.HealthCheckConfig !== undefined) return "HEALTHY";
  return "UNKNOWN";
}

export const hasHealthCheck = (service: Pick<CloudMapServiceRecord, "doc">) =>
  service.doc.HealthCheckCustomConfig !== undefined || service.doc.HealthCheckConfig !== undefined;

/**
 * Which instances DNS and DiscoverInstances give for a filter (DiscoverInstances' HealthStatus):
 * HEALTHY, UNHEALTHY, ALL, or HEALTHY_OR_ELSE_ALL (fail open). Ignored without a health check.
 */
export function filterByHealth<T>(items: T[], healthOf: (t: T) => HealthStatus, filter: "HEALTHY" | "UNHEALTHY" | "ALL" | "HEALTHY_OR_ELSE_ALL"): T[] {
  if (items.every((i) => healthOf(i) === "UNKNOWN") || filter === "ALL") return items;
  const healthy = items.filter((i) => healthOf(i) !== "UNHEALTHY");
  switch (filter) {
    case "HEALTHY":
      return healthy;
    case "UNHEALTHY":
      return items.filter((i) => healthOf(i) === "UNHEALTHY");
    case "HEALTHY_OR_ELSE_ALL":
      return healthy.length > 0 ? healthy : items;
  }
}
