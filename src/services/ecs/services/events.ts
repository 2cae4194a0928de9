/**
 * Service event messages in ECS's words (observed in real DescribeServices output unless marked
 * DG, AWS Developer Guide "service event messages"; reference/ecs-api.md §4.5). Task ids are the
 * short 32-hex ids.
 */
const svc = (name: string) => `(service ${name})`;

export const serviceEvents = {
  started: (service: string, taskIds: readonly string[]) =>
    `${svc(service)} has started ${taskIds.length} tasks: ${taskIds.map((id) => `(task ${id})`).join(" ")}.`,
  stopped: (service: string, taskIds: readonly string[]) =>
    `${svc(service)} has stopped ${taskIds.length} running tasks: ${taskIds.map((id) => `(task ${id})`).join(" ")}.`,
  steadyState: (service: string) => `${svc(service)} has reached a steady state.`,
  deploymentCompleted: (service: string, deploymentId: string) => `${svc(service)} (deployment ${deploymentId}) deployment completed.`,
  deploymentFailed: (service: string, deploymentId: string) => `${svc(service)} (deployment ${deploymentId}) deployment failed: tasks failed to start.`,
  rollingBack: (service: string, deploymentId: string) => `${svc(service)} rolling back to deployment ${deploymentId}.`,
  unhealthy: (service: string, taskId: string) => `${svc(service)} (task ${taskId}) failed container health checks.`,
  /** DG. */
  unableToMove: (service: string) =>
    `${svc(service)} was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.`,
  /** DG. */
  unableToStartConsistently: (service: string) => `${svc(service)} is unable to consistently start tasks successfully.`,
  /** DG: "The closest matching (container-instance <id>) has insufficient memory available." */
  unableToPlace: (service: string, detail: string) =>
    `${svc(service)} was unable to place a task because no container instance met all of its requirements. ${detail} For more information, see the Troubleshooting section.`,
  /** A Fargate service's task that managed capacity could not take (the reason is RunTask's failure reason). */
  unableToPlaceManaged: (service: string, reason: string) => `${svc(service)} was unable to place a task. Reason: ${reason}. For more information, see the Troubleshooting section.`,
};

/** The sentence after "no container instance met all of its requirements." for the closest instance's reason (DG). */
export function placementDetail(closest: { instanceId: string; reason: string } | undefined): string {
  if (!closest) return "Reason: No Container Instances were found in your cluster.";
  const what: Record<string, string> = {
    "RESOURCE:CPU": "has insufficient CPU units available.",
    "RESOURCE:MEMORY": "has insufficient memory available.",
    "RESOURCE:PORTS": "is already using a port required by your task.",
    "RESOURCE:PORTS_UDP": "is already using a port required by your task.",
    ATTRIBUTE: "is missing an attribute required by your task.",
    AGENT: "is not connected to the agent.",
  };
  const sentence = what[closest.reason] ?? `encountered error "${closest.reason}"`;
  return `The closest matching (container-instance ${closest.instanceId}) ${sentence}`;
}

/** Placement failure reasons from least to most "close" (the later check a candidate failed, the closer it came). */
export const CLOSENESS = [
  "AGENT",
  "ATTRIBUTE",
  "MemberOf placement constraint unsatisfied.",
  "DistinctInstance placement constraint unsatisfied.",
  "RESOURCE:CPU",
  "RESOURCE:MEMORY",
  "RESOURCE:PORTS",
  "RESOURCE:PORTS_UDP",
];
