/**
 * Reading a service's load-balancer facts for its snapshot: each target group's deregistration
 * delay, and each task's targets with their current health in the group. A task's target is
 * awsvpc: its private address and the containerPort; bridge/host: the container instance's
 * ec2InstanceId (`instance` groups) or 127.0.0.1 (`ip` groups) and the host port the
 * containerPort is bound to. A target not yet known (no address or binding) is left out.
 */
import { AwsError } from "../../../errors.js";
import type { ContainerInstanceRecord, StoreTx, TaskRecord } from "../../../store/store.js";
import { describeTargetHealth, targetGroupInfo } from "../../elbv2/targets/registry.js";
import { taskDoc } from "../task-records/doc.js";
import type { TaskTarget } from "./task-health.js";

export interface ServiceLoadBalancer {
  targetGroupArn?: string;
  containerName?: string;
  containerPort?: number;
}

export interface TargetFacts {
  delayMs: Record<string, number>;
  targetsOf: (task: TaskRecord) => TaskTarget[];
}

export function taskAddress(record: TaskRecord): string | undefined {
  for (const a of taskDoc(record).task.attachments ?? []) {
    const d = a.details?.find((x) => x.name === "privateIPv4Address");
    if (d?.value) return d.value;
  }
  return undefined;
}

export async function readTargetFacts(
  tx: StoreTx,
  region: string,
  loadBalancers: readonly ServiceLoadBalancer[],
  instances: ReadonlyMap<string, ContainerInstanceRecord>,
  now: Date,
): Promise<TargetFacts> {
  const groups: { lb: ServiceLoadBalancer & { targetGroupArn: string }; targetType: string; health: Map<string, TaskTarget["health"]> }[] = [];
  const delayMs: Record<string, number> = {};
  for (const lb of loadBalancers) {
    if (!lb.targetGroupArn) continue;
    try {
      const info = await targetGroupInfo(tx, region, lb.targetGroupArn);
      delayMs[lb.targetGroupArn] = info.deregistrationDelaySeconds * 1000;
      const views = await describeTargetHealth(tx, region, lb.targetGroupArn, undefined, now);
      const health = new Map(views.map((v) => [`${v.id}:${v.port}`, { state: v.health.state, ...(v.health.reason !== undefined && { reason: v.health.reason }), ...(v.health.description !== undefined && { description: v.health.description }) }]));
      groups.push({ lb: { ...lb, targetGroupArn: lb.targetGroupArn }, targetType: info.targetType, health });
    } catch (err) {
      // A target group deleted under the service: nothing to register in it.
      if (!(err instanceof AwsError)) throw err;
    }
  }
  const targetsOf = (record: TaskRecord): TaskTarget[] => {
    const doc = taskDoc(record);
    const out: TaskTarget[] = [];
    for (const g of groups) {
      let id: string | undefined;
      let port: number | undefined;
      if (doc.spec?.networkMode === "awsvpc") {
        id = taskAddress(record);
        port = g.lb.containerPort;
      } else {
        const container = doc.task.containers.find((c) => c.name === g.lb.containerName);
        port = container?.networkBindings?.find((b) => b.containerPort === g.lb.containerPort && (b.protocol ?? "tcp") === "tcp")?.hostPort;
        id = g.targetType === "instance" ? (record.containerInstanceArn ? instances.get(record.containerInstanceArn)?.ec2InstanceId : undefined) : "127.0.0.1";
      }
      if (id === undefined || port === undefined) continue;
      const health = g.health.get(`${id}:${port}`);
      out.push({ targetGroupArn: g.lb.targetGroupArn, id, port, ...(health !== undefined && { health }) });
    }
    return out;
  };
  return { delayMs, targetsOf };
}
