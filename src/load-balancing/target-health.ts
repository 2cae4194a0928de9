/**
 * ELB's target health vocabulary: states, reason codes and their descriptions as
 * DescribeTargetHealth gives them.
 */
import type { TargetHealthRecord } from "../store/elbv2.js";

export const health = {
  registering: (): TargetHealthRecord => ({ state: "initial", reason: "Elb.RegistrationInProgress", description: "Target registration is in progress" }),
  initialChecking: (): TargetHealthRecord => ({ state: "initial", reason: "Elb.InitialHealthChecking", description: "Initial health checks in progress" }),
  healthy: (): TargetHealthRecord => ({ state: "healthy" }),
  codeMismatch: (codes: number[]): TargetHealthRecord => ({ state: "unhealthy", reason: "Target.ResponseCodeMismatch", description: `Health checks failed with these codes: [${codes.join(",")}]` }),
  timeout: (): TargetHealthRecord => ({ state: "unhealthy", reason: "Target.Timeout", description: "Request timed out" }),
  failed: (): TargetHealthRecord => ({ state: "unhealthy", reason: "Target.FailedHealthChecks", description: "Health checks failed" }),
  draining: (): TargetHealthRecord => ({ state: "draining", reason: "Target.DeregistrationInProgress", description: "Target deregistration is in progress" }),
  notInUse: (): TargetHealthRecord => ({ state: "unused", reason: "Target.NotInUse", description: "Target group is not configured to receive traffic from the load balancer" }),
  notRegistered: (): TargetHealthRecord => ({ state: "unused", reason: "Target.NotRegistered", description: "Target is not registered to the target group" }),
};
