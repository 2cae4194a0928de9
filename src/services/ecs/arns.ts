/**
 * ECS identifiers: long-format ARNs, names, and the "short name or full ARN" references that
 * most requests accept.
 */
import type { RequestContext } from "../../server/service.js";
import { invalidParameter } from "./errors.js";

type Scope = Pick<RequestContext, "region" | "accountId">;

export const NAME_PATTERN = /^[a-zA-Z0-9_-]{1,255}$/;

export const ecsArn = (s: Scope, resource: string) => `arn:aws:ecs:${s.region}:${s.accountId}:${resource}`;
export const clusterArn = (s: Scope, name: string) => ecsArn(s, `cluster/${name}`);
export const containerInstanceArn = (s: Scope, cluster: string, id: string) => ecsArn(s, `container-instance/${cluster}/${id}`);
export const taskDefinitionArn = (s: Scope, family: string, revision: number) => ecsArn(s, `task-definition/${family}:${revision}`);

export interface ParsedArn {
  partition: string;
  service: string;
  region: string;
  accountId: string;
  /** Everything after the account: `cluster/name`, `task-definition/family:3`, ... */
  resource: string;
}

export function parseArn(value: string): ParsedArn | undefined {
  const m = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(value);
  return m ? { partition: m[1]!, service: m[2]!, region: m[3]!, accountId: m[4]!, resource: m[5]! } : undefined;
}

/** The cluster name from a name or ARN; `default` when none is given. */
export function clusterName(ref: string | undefined): string {
  if (ref === undefined || ref === "") return "default";
  if (ref.startsWith("arn:")) {
    const arn = parseArn(ref);
    const m = arn && /^cluster\/(.+)$/.exec(arn.resource);
    if (!arn || arn.service !== "ecs" || !m) throw invalidParameter(`Invalid cluster ARN: ${ref}`);
    if (!NAME_PATTERN.test(m[1]!)) throw invalidParameter(`Cluster must match ^[a-zA-Z0-9\\-_]{1,255}$, but was ${m[1]}`);
    return m[1]!;
  }
  if (!NAME_PATTERN.test(ref)) throw invalidParameter(`Cluster must match ^[a-zA-Z0-9\\-_]{1,255}$, but was ${ref}`);
  return ref;
}

export interface TaskDefinitionRef {
  family: string;
  revision?: number;
}

/** `family`, `family:revision` or a task-definition ARN. */
export function parseTaskDefinitionRef(ref: string): TaskDefinitionRef | undefined {
  let body = ref;
  if (ref.startsWith("arn:")) {
    const arn = parseArn(ref);
    const m = arn && /^task-definition\/(.+)$/.exec(arn.resource);
    if (!arn || arn.service !== "ecs" || !m) return undefined;
    body = m[1]!;
  }
  const m = /^([a-zA-Z0-9_-]{1,255})(?::(\d+))?$/.exec(body);
  if (!m) return undefined;
  return m[2] === undefined ? { family: m[1]! } : { family: m[1]!, revision: Number(m[2]) };
}

/** What a reference to a cluster-scoped resource (a task, a container instance) says. */
export interface ClusterScopedRef {
  /** Absent for a bare id or the old short ARN (`task/<id>`). */
  cluster?: string;
  id: string;
  region?: string;
  accountId?: string;
}

const SCOPED_ID = /^[a-zA-Z0-9-]{1,64}$/;

/** An id, `arn:...:<type>/<cluster>/<id>`, or the old short ARN `arn:...:<type>/<id>`. */
export function parseClusterScopedRef(type: "task" | "container-instance", ref: string): ClusterScopedRef | undefined {
  if (!ref.startsWith("arn:")) return SCOPED_ID.test(ref) ? { id: ref } : undefined;
  const arn = parseArn(ref);
  const m = arn && arn.service === "ecs" ? new RegExp(`^${type}/(?:([a-zA-Z0-9_-]{1,255})/)?([a-zA-Z0-9-]{1,64})$`).exec(arn.resource) : null;
  if (!arn || !m) return undefined;
  return { ...(m[1] !== undefined && { cluster: m[1] }), id: m[2]!, region: arn.region, accountId: arn.accountId };
}

/** The id `ref` names within `cluster` of this request's region and account, or undefined. */
export function idInCluster(type: "task" | "container-instance", scope: Scope, cluster: string, ref: string): string | undefined {
  const parsed = parseClusterScopedRef(type, ref);
  if (!parsed) return undefined;
  if (parsed.cluster !== undefined && parsed.cluster !== cluster) return undefined;
  if (parsed.region !== undefined && (parsed.region !== scope.region || parsed.accountId !== scope.accountId)) return undefined;
  return parsed.id;
}
