/**
 * Reading one service's snapshot from the store: its record, the tasks of its current
 * deployments (and any that are not STOPPED), and the cluster's instances with their records
 * (the applier places on them). DAEMON eligibility is worked out here, where the instance records
 * are, so the reconcile stays pure.
 */
import type { ContainerInstanceRecord, ServiceRecord, StoreTx, TaskRecord } from "../../../store/store.js";
import type { TaskOnInstance } from "../placement/types.js";
import { compileConstraints, subjectOf, candidateOf, type PlacementConstraintInput } from "../task-records/run.js";
import { taskFacts, DEFAULT_SETTLE_MS } from "./task-health.js";
import type { InstanceFacts, ServiceSnapshot } from "./reconcile.js";
import { readTargetFacts, type ServiceLoadBalancer } from "./target-facts.js";
import { readDiscoveryFacts, registryArns } from "./discovery-facts.js";
import { serviceDoc } from "./types.js";

export interface ReadSnapshot {
  snapshot: ServiceSnapshot;
  records: TaskRecord[];
  instances: Map<string, ContainerInstanceRecord>;
}

export const serviceGroup = (name: string) => `service:${name}`;

export async function readSnapshot(tx: StoreTx, record: ServiceRecord, now: Date, settleMs = DEFAULT_SETTLE_MS): Promise<ReadSnapshot> {
  const doc = serviceDoc(record);
  const ids = new Set(doc.deployments.map((d) => d.id));
  // Every task still occupying a slot, and the current deployments' stopped ones (what the breaker counts).
  const byId = new Map<string, TaskRecord>();
  for (const t of await tx.tasks.list(record.region, record.cluster, { group: serviceGroup(record.name), notStopped: true }, { limit: 10_000 })) byId.set(t.id, t);
  for (const id of ids) {
    for (const t of await tx.tasks.list(record.region, record.cluster, { startedBy: id }, { limit: 10_000 })) {
      if (t.group === serviceGroup(record.name)) byId.set(t.id, t);
    }
  }
  const records = [...byId.values()];
  const instances = new Map<string, ContainerInstanceRecord>();
  for (let after: string | undefined; ; ) {
    const page = await tx.containerInstances.list(record.region, record.cluster, { statuses: ["ACTIVE", "DRAINING"] }, { after, limit: 100 });
    for (const r of page) instances.set(r.arn, r);
    if (page.length < 100) break;
    after = page[page.length - 1]!.id;
  }
  const timing = { now: now.getTime(), graceMs: (doc.healthCheckGracePeriodSeconds ?? 0) * 1000, settleMs };
  const facts: InstanceFacts[] = [...instances.values()].map((r) => ({ arn: r.arn, status: r.status, eligible: false }));
  if (doc.schedulingStrategy === "DAEMON") {
    const td = doc.deployments[0] ? await tx.taskDefinitions.get(record.region, ...familyRevision(doc.deployments[0].taskDefinition)) : undefined;
    const inputs = [...((td?.doc.placementConstraints as PlacementConstraintInput[] | undefined) ?? []), ...(doc.placementConstraints as PlacementConstraintInput[])];
    const memberOf = inputs.filter((c) => c.type === "memberOf");
    let constraints: ReturnType<typeof compileConstraints> = [];
    try {
      constraints = compileConstraints(memberOf, (c) => subjectOf(instances.get(c.arn)!, now, c));
    } catch {
      constraints = [];
    }
    // memberOf on task:group sees every live task on the instance, whichever service or RunTask made it.
    const onInstance = memberOf.length > 0 ? await liveTasksByInstance(tx, record.region, record.cluster) : new Map<string, TaskOnInstance[]>();
    for (const f of facts) {
      const r = instances.get(f.arn)!;
      const candidate = candidateOf(r, now, onInstance.get(r.arn) ?? []);
      f.eligible = r.status === "ACTIVE" && constraints.every((c) => c.kind !== "memberOf" || c.matches(candidate));
    }
  }
  const balanced = doc.loadBalancers.length > 0 && record.status !== "INACTIVE";
  const lb = balanced ? await readTargetFacts(tx, record.region, doc.loadBalancers as ServiceLoadBalancer[], instances, now) : undefined;
  const discovery = record.status !== "INACTIVE" ? await readDiscoveryFacts(tx, record, doc, records, instances) : undefined;
  return {
    snapshot: {
      name: record.name,
      status: record.status,
      doc,
      tasks: records.map((t) => taskFacts(t, timing, lb?.targetsOf(t))),
      instances: facts,
      now: now.getTime(),
      ...(lb && { deregistrationDelayMs: lb.delayMs }),
      ...(discovery && { discovery }),
      registryArns: record.status === "ACTIVE" ? registryArns(doc) : [],
    },
    records,
    instances,
  };
}

/**
 * The cluster's live tasks (desired RUNNING) on each instance, optionally leaving out one group:
 * what placement counts for `task:group` in memberOf (another service's tasks included).
 */
export async function liveTasksByInstance(tx: StoreTx, region: string, cluster: string, exceptGroup?: string): Promise<Map<string, TaskOnInstance[]>> {
  const onInstance = new Map<string, TaskOnInstance[]>();
  for (let after: string | undefined; ; ) {
    const page = await tx.tasks.list(region, cluster, { desiredStatus: "RUNNING" }, { after, limit: 1000 });
    for (const t of page) {
      if (!t.containerInstanceArn || t.group === exceptGroup) continue;
      const list = onInstance.get(t.containerInstanceArn) ?? [];
      list.push({ group: t.group, family: t.family });
      onInstance.set(t.containerInstanceArn, list);
    }
    if (page.length < 1000) break;
    after = page[page.length - 1]!.id;
  }
  return onInstance;
}

/** `arn:...:task-definition/family:3` → ["family", 3]. */
export function familyRevision(arn: string): [string, number] {
  const m = /task-definition\/([^:]+):(\d+)$/.exec(arn);
  return m ? [m[1]!, Number(m[2])] : ["", 0];
}
