/**
 * Whether an ECS service is stable, as CloudFormation judges it before CREATE_COMPLETE /
 * UPDATE_COMPLETE: the PRIMARY deployment's rollout is COMPLETED and its runningCount equals the
 * service's desiredCount. A FAILED rollout (circuit breaker) or a service no longer ACTIVE fails
 * at once. Pure: a DescribeServices service in, a verdict out.
 */

export interface ServiceView {
  status?: string;
  clusterArn?: string;
  desiredCount?: number;
  runningCount?: number;
  deployments?: { id?: string; status?: string; rolloutState?: string; rolloutStateReason?: string; runningCount?: number; desiredCount?: number }[];
}

export type Stability = { state: "stable" } | { state: "waiting"; reason: string } | { state: "failed"; reason: string };

export function serviceStability(s: ServiceView | undefined): Stability {
  if (!s) return { state: "failed", reason: "Service not found." };
  if (s.status !== "ACTIVE") return { state: "failed", reason: `Service is ${s.status ?? "gone"}.` };
  const primary = s.deployments?.find((d) => d.status === "PRIMARY");
  if (!primary) return { state: "waiting", reason: "no primary deployment yet" };
  if (primary.rolloutState === "FAILED") return { state: "failed", reason: primary.rolloutStateReason ?? "ECS deployment failed." };
  const desired = s.desiredCount ?? 0;
  const running = primary.runningCount ?? 0;
  if (primary.rolloutState === "COMPLETED" && running === desired) return { state: "stable" };
  return { state: "waiting", reason: `primary deployment ${primary.rolloutState ?? "?"} with ${running} of ${desired} tasks running` };
}
