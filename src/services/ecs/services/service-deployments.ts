/**
 * ServiceDeployment and ServiceDeploymentBrief views of a service's deployment history (ECS API
 * ListServiceDeployments / DescribeServiceDeployments). ARNs follow ECS's forms with the
 * deployment's 19 digits as the last part:
 * `arn:aws:ecs:<region>:<account>:service-deployment/<cluster>/<service>/<digits>` and
 * `arn:aws:ecs:<region>:<account>:service-revision/<cluster>/<service>/<digits>` (one revision per
 * deployment: what it runs).
 */
import type { ServiceRecord } from "../../../store/store.js";
import { ecsArn, parseArn } from "../arns.js";
import { circuitBreakerThreshold } from "./circuit-breaker.js";
import type { TaskCounts } from "./view.js";
import { serviceDoc, type DeploymentHistoryEntry } from "./types.js";

type Scope = { region: string; accountId: string };
const digits = (id: string) => id.slice("ecs-svc/".length);

export const serviceDeploymentArn = (s: Scope, r: ServiceRecord, id: string) => ecsArn(s, `service-deployment/${r.cluster}/${r.name}/${digits(id)}`);
export const serviceRevisionArn = (s: Scope, r: ServiceRecord, id: string) => ecsArn(s, `service-revision/${r.cluster}/${r.name}/${digits(id)}`);

/** `service-deployment/<cluster>/<service>/<digits>` of this region and account, or undefined. */
export function parseServiceDeploymentArn(s: Scope, arn: string): { cluster: string; service: string; id: string } | undefined {
  const p = parseArn(arn);
  const m = p && p.service === "ecs" && p.region === s.region && p.accountId === s.accountId ? /^service-deployment\/([\w-]{1,255})\/([\w-]{1,255})\/(\d{19})$/.exec(p.resource) : null;
  return m ? { cluster: m[1]!, service: m[2]!, id: `ecs-svc/${m[3]}` } : undefined;
}

export function briefView(s: Scope, r: ServiceRecord, h: DeploymentHistoryEntry): Record<string, unknown> {
  return {
    serviceDeploymentArn: serviceDeploymentArn(s, r, h.id),
    serviceArn: r.arn,
    clusterArn: serviceDoc(r).clusterArn,
    startedAt: new Date(h.startedAt),
    createdAt: new Date(h.createdAt),
    ...(h.finishedAt !== undefined && { finishedAt: new Date(h.finishedAt) }),
    targetServiceRevisionArn: serviceRevisionArn(s, r, h.id),
    status: h.status,
    ...(h.statusReason !== undefined && { statusReason: h.statusReason }),
  };
}

export function deploymentView(s: Scope, r: ServiceRecord, h: DeploymentHistoryEntry, counts: TaskCounts): Record<string, unknown> {
  const doc = serviceDoc(r);
  const revision = (id: string, requested: number) => {
    const c = counts.byDeployment.get(id) ?? { running: 0, pending: 0 };
    return { arn: serviceRevisionArn(s, r, id), requestedTaskCount: requested, runningTaskCount: c.running, pendingTaskCount: c.pending };
  };
  const current = doc.deployments.find((d) => d.id === h.id);
  const breaker = h.deploymentConfiguration.deploymentCircuitBreaker;
  return {
    ...briefView(s, r, h),
    updatedAt: new Date(current?.updatedAt ?? h.finishedAt ?? h.startedAt),
    sourceServiceRevisions: h.sourceDeploymentIds.map((id) => revision(id, counts.live.get(id) ?? 0)),
    targetServiceRevision: revision(h.id, h.finishedAt === undefined ? h.desiredCount : (counts.live.get(h.id) ?? 0)),
    deploymentConfiguration: {
      ...h.deploymentConfiguration,
      deploymentCircuitBreaker: breaker ?? { enable: false, rollback: false },
      maximumPercent: h.deploymentConfiguration.maximumPercent ?? (doc.schedulingStrategy === "DAEMON" ? 100 : 200),
      minimumHealthyPercent: h.deploymentConfiguration.minimumHealthyPercent ?? (doc.schedulingStrategy === "DAEMON" ? 0 : 100),
    },
    deploymentCircuitBreaker: breaker?.enable
      ? { status: current?.rolloutState === "FAILED" || h.status.startsWith("ROLLBACK") ? "TRIGGERED" : h.finishedAt === undefined ? "MONITORING" : "MONITORING_COMPLETE", failureCount: current?.failedTasks ?? 0, threshold: circuitBreakerThreshold(h.desiredCount) }
      : { status: "DISABLED", failureCount: 0, threshold: 0 },
    ...(h.rollbackFrom !== undefined && {
      rollback: { reason: "ECS deployment circuit breaker: rolling back to the last completed deployment.", startedAt: new Date(h.startedAt), serviceRevisionArn: serviceRevisionArn(s, r, h.id) },
    }),
  };
}
