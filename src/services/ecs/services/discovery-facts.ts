/**
 * Reading a service's Cloud Map facts for its snapshot: each registry it names (and each it named
 * before, kept in `scheduler.registries`) with the service's instances there, and for each task
 * the attributes ECS would register it with. A task's address and port (ECS DG "service
 * discovery"): awsvpc, its private address and `port` or `containerPort`; bridge and host, the
 * host port bound to containerName/containerPort and its bind address (the instance's loopback
 * address). A registry whose Cloud Map service is gone has nothing registered and nothing to
 * register.
 */
import type { ContainerInstanceRecord, ServiceRecord, StoreTx, TaskRecord } from "../../../store/store.js";
import { idOf } from "../../servicediscovery/ids.js";
import { ecsTaskInstance } from "../../servicediscovery/instances/ecs-task.js";
import { taskDoc } from "../task-records/doc.js";
import type { DiscoveryFacts, RegistryFacts, TaskDiscoveryFacts } from "./service-registries.js";
import { hasHealthCheck } from "./task-health.js";
import { taskAddress } from "./target-facts.js";
import type { ServiceDoc } from "./types.js";
import type { RegistryLookup, ServiceRegistryInput } from "./validate.js";

/** Where a task is reached for one registry: its address and port (undefined until known). */
export function taskEndpoint(record: TaskRecord, registry: ServiceRegistryInput): { ipv4?: string; port?: number } {
  const doc = taskDoc(record);
  if (doc.spec?.networkMode === "awsvpc") {
    const ipv4 = taskAddress(record);
    const port = registry.port ?? registry.containerPort;
    return { ...(ipv4 !== undefined && { ipv4 }), ...(port !== undefined && { port }) };
  }
  if (registry.containerName === undefined || registry.containerPort === undefined) return {};
  const container = doc.task.containers.find((c) => c.name === registry.containerName);
  const binding = container?.networkBindings?.find((b) => b.containerPort === registry.containerPort && (b.protocol ?? "tcp") === "tcp");
  if (doc.spec?.networkMode === "host") return { ipv4: binding?.bindIP && binding.bindIP !== "0.0.0.0" ? binding.bindIP : "127.0.0.1", port: binding?.hostPort ?? registry.containerPort };
  if (!binding?.hostPort) return {};
  return { ipv4: binding.bindIP && binding.bindIP !== "0.0.0.0" ? binding.bindIP : "127.0.0.1", port: binding.hostPort };
}

const registries = (doc: ServiceDoc) => (doc.serviceRegistries as ServiceRegistryInput[]).filter((r) => r.registryArn !== undefined);

/** The registries the service has instances in, for `scheduler.registries`. */
export const registryArns = (doc: ServiceDoc): string[] => registries(doc).map((r) => r.registryArn!);

export async function readDiscoveryFacts(
  tx: StoreTx,
  record: ServiceRecord,
  doc: ServiceDoc,
  tasks: readonly TaskRecord[],
  instances: ReadonlyMap<string, ContainerInstanceRecord>,
): Promise<DiscoveryFacts | undefined> {
  const current = registries(doc);
  const arns = [...new Set([...current.map((r) => r.registryArn!), ...(doc.scheduler.registries ?? [])])];
  if (arns.length === 0) return undefined;
  const out: RegistryFacts[] = [];
  const needs = new Map<string, { registry: ServiceRegistryInput; srv: boolean }>();
  for (const arn of arns) {
    const service = await tx.cloudMap.getService(record.region, idOf(arn));
    if (!service) continue;
    const registered: Record<string, string | undefined> = {};
    for (let after: string | undefined; ; ) {
      const page = await tx.cloudMap.listInstances(service.id, { after, limit: 500 });
      for (const i of page) {
        if (i.attributes.ECS_CLUSTER_NAME === record.cluster && i.attributes.ECS_SERVICE_NAME === record.name) registered[i.id] = i.health;
      }
      if (page.length < 500) break;
      after = page[page.length - 1]!.id;
    }
    const registry = current.find((r) => r.registryArn === arn);
    const dns = service.doc.DnsConfig as { DnsRecords?: { Type: string }[] } | undefined;
    if (registry) needs.set(arn, { registry, srv: (dns?.DnsRecords ?? []).some((r) => r.Type === "SRV") });
    out.push({ registryArn: arn, current: registry !== undefined, customHealth: service.doc.HealthCheckCustomConfig !== undefined, registered });
  }
  const facts: Record<string, TaskDiscoveryFacts> = {};
  for (const t of tasks) {
    if (t.desiredStatus !== "RUNNING" || (t.lastStatus !== "RUNNING" && t.lastStatus !== "ACTIVATING")) continue;
    const task = taskDoc(t).task;
    const attributes: Record<string, Record<string, string>> = {};
    for (const [arn, { registry, srv }] of needs) {
      const { ipv4, port } = taskEndpoint(t, registry);
      if (ipv4 === undefined || (srv && port === undefined)) continue;
      const ec2InstanceId = t.containerInstanceArn ? instances.get(t.containerInstanceArn)?.ec2InstanceId : undefined;
      attributes[arn] = ecsTaskInstance({
        registryArn: arn,
        taskId: t.id,
        ipv4,
        ...(port !== undefined && { port }),
        region: record.region,
        availabilityZone: task.availabilityZone ?? `${record.region}a`,
        clusterName: record.cluster,
        serviceName: record.name,
        family: t.family,
        ...(ec2InstanceId !== undefined && { ec2InstanceId }),
      }).Attributes;
    }
    facts[t.id] = { ...(hasHealthCheck(t) && { containerHealth: task.healthStatus ?? "UNKNOWN" }), attributes };
  }
  return { registries: out, tasks: facts };
}

/** For CreateService/UpdateService (validate.ts checkServiceRegistries): a registry's DNS record types. */
export async function registryLookup(tx: StoreTx, region: string, registries: readonly ServiceRegistryInput[]): Promise<RegistryLookup> {
  const found = new Map<string, { recordTypes: string[]; dns: boolean }>();
  for (const r of registries) {
    if (r.registryArn === undefined) continue;
    const m = /^arn:[^:]+:servicediscovery:([^:]+):[^:]*:service\/(.+)$/.exec(r.registryArn);
    if (!m || m[1] !== region) continue;
    const service = await tx.cloudMap.getService(region, m[2]!);
    if (!service) continue;
    const dns = service.doc.DnsConfig as { DnsRecords?: { Type: string }[] } | undefined;
    found.set(r.registryArn, { recordTypes: (dns?.DnsRecords ?? []).map((x) => x.Type), dns: dns !== undefined });
  }
  return (arn) => found.get(arn);
}
