/**
 * AWS::ECS::Service: Ref is the service ARN; GetAtt Name and ServiceArn. CREATE_COMPLETE and
 * UPDATE_COMPLETE only once the service is stable (`stabilize` polls DescribeServices, see
 * ecs-service-stability.ts; CloudFormation's stabilization timeout is SERVICE_STABILIZE_MS).
 * Cluster, ServiceName, LaunchType, Role, SchedulingStrategy and DeploymentController replace;
 * everything else updates in place through UpdateService. Delete scales to 0, deletes with
 * force and waits until the service is INACTIVE and its tasks are STOPPED: ECS makes a service
 * INACTIVE once its tasks are STOPPING, and the cluster that usually follows in the deletion
 * order can't be deleted while a task is still stopping ("The Cluster cannot be deleted while
 * Tasks are active.").
 */
import { AwsError } from "../../../errors.js";
import { ecsService } from "../../ecs/service.js";
import { camelize, coerceBooleans, coerceNumbers, ecsTags } from "./camel.js";
import { invoke } from "./invoke.js";
import { serviceStability, type ServiceView } from "./ecs-service-stability.js";
import { replacesOn, type ProviderContext, type ResourceProvider } from "./types.js";
import type { Json, JsonObject } from "../template/types.js";

/** How long CloudFormation waits for a service to stabilize before failing it. */
export const SERVICE_STABILIZE_MS = 10 * 60_000;
/** How long a delete waits for the service's tasks to stop. */
const DELETE_WAIT_MS = 10 * 60_000;
const POLL_MS = 500;

const NUMBERS = new Set(["desiredCount", "containerPort", "maximumPercent", "minimumHealthyPercent", "healthCheckGracePeriodSeconds", "weight", "base", "port"]);
const BOOLEANS = new Set(["enable", "rollback", "enableECSManagedTags", "enableExecuteCommand", "enabled"]);
const api = (v: Json | undefined) => coerceBooleans(coerceNumbers(camelize(v ?? null), NUMBERS), BOOLEANS);

/** Template properties that UpdateService takes, by their template name. */
const UPDATABLE = [
  "DesiredCount", "TaskDefinition", "CapacityProviderStrategy", "DeploymentConfiguration", "NetworkConfiguration",
  "PlacementConstraints", "PlacementStrategies", "PlatformVersion", "HealthCheckGracePeriodSeconds", "EnableExecuteCommand",
  "EnableECSManagedTags", "LoadBalancers", "PropagateTags", "ServiceRegistries", "AvailabilityZoneRebalancing",
  "ServiceConnectConfiguration", "VolumeConfigurations",
];
const member = (k: string) => (k === "PlacementStrategies" ? "placementStrategy" : k === "EnableECSManagedTags" ? "enableECSManagedTags" : k.charAt(0).toLowerCase() + k.slice(1));

const members = (p: JsonObject, keys: string[]) =>
  Object.fromEntries(keys.filter((k) => p[k] !== undefined).map((k) => [member(k), api(p[k])]));

interface ServiceOut { service: { serviceArn: string; serviceName: string } }

/** Sleep `ms`, or less if `signal` aborts (the abort listener goes with the timer: no leak over a long poll). */
const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const onAbort = () => { clearTimeout(t); resolve(); };
    const t = setTimeout(() => { signal?.removeEventListener("abort", onAbort); resolve(); }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

async function describe(arn: string, cluster: string | undefined, ctx: ProviderContext): Promise<ServiceView | undefined> {
  const out = await invoke<{ services: ServiceView[] }>(ecsService, "DescribeServices", { services: [arn], ...(cluster && { cluster }) }, ctx.request);
  return out.services[0];
}

/** Whether a task the service started has not reached STOPPED yet (ListTasks by the service's deployments). */
async function tasksStopping(s: ServiceView, ctx: ProviderContext): Promise<boolean> {
  for (const d of s.deployments ?? []) {
    if (!d.id) continue;
    const out = await invoke<{ taskArns: string[] }>(ecsService, "ListTasks", { ...(s.clusterArn && { cluster: s.clusterArn }), startedBy: d.id, desiredStatus: "STOPPED" }, ctx.request).catch(() => ({ taskArns: [] }));
    if (!out.taskArns.length) continue;
    const { tasks } = await invoke<{ tasks: { lastStatus?: string }[] }>(ecsService, "DescribeTasks", { ...(s.clusterArn && { cluster: s.clusterArn }), tasks: out.taskArns }, ctx.request);
    if (tasks.some((t) => t.lastStatus !== "STOPPED")) return true;
  }
  return false;
}

const clusterOf = (p: JsonObject) => (typeof p.Cluster === "string" ? p.Cluster : undefined);

export const ecsServiceProvider: ResourceProvider = {
  type: "AWS::ECS::Service",
  async create(p, ctx) {
    const tags = ecsTags(p.Tags);
    const out = await invoke<ServiceOut>(ecsService, "CreateService", {
      serviceName: typeof p.ServiceName === "string" ? p.ServiceName : ctx.generateName(255),
      ...(clusterOf(p) && { cluster: clusterOf(p) }),
      ...members(p, UPDATABLE.filter((k) => k !== "DesiredCount")),
      ...(p.DesiredCount !== undefined ? { desiredCount: Number(p.DesiredCount) } : p.SchedulingStrategy !== "DAEMON" && { desiredCount: 1 }),
      ...members(p, ["LaunchType", "Role", "SchedulingStrategy", "DeploymentController"]),
      ...(tags?.length && { tags }),
    }, ctx.request);
    const arn = out.service.serviceArn;
    return { physicalId: arn, attributes: { ServiceArn: arn, Name: out.service.serviceName } };
  },
  requiresReplacement: replacesOn("Cluster", "ServiceName", "LaunchType", "Role", "SchedulingStrategy", "DeploymentController"),
  async update(current, before, after, ctx) {
    const changed = UPDATABLE.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    if (changed.length) {
      const input: Record<string, unknown> = { service: current.physicalId, ...(clusterOf(after) && { cluster: clusterOf(after) }), ...members(after, changed) };
      // A property removed from the template goes back to its default.
      for (const k of changed) if (after[k] === undefined) {
        if (k === "DesiredCount") input.desiredCount = 1;
        else if (k === "PlacementConstraints" || k === "PlacementStrategies" || k === "LoadBalancers" || k === "ServiceRegistries" || k === "CapacityProviderStrategy") input[member(k)] = [];
      }
      await invoke(ecsService, "UpdateService", input, ctx.request);
    }
    if (JSON.stringify(before.Tags) !== JSON.stringify(after.Tags)) {
      const oldKeys = (ecsTags(before.Tags) ?? []).map((t) => t.key);
      if (oldKeys.length) await invoke(ecsService, "UntagResource", { resourceArn: current.physicalId, tagKeys: oldKeys }, ctx.request);
      const tags = ecsTags(after.Tags) ?? [];
      if (tags.length) await invoke(ecsService, "TagResource", { resourceArn: current.physicalId, tags }, ctx.request);
    }
    return current;
  },
  async stabilize(state, p, ctx, signal) {
    const deadline = Date.now() + SERVICE_STABILIZE_MS;
    let last = "";
    while (!signal.aborted) {
      const verdict = serviceStability(await describe(state.physicalId, clusterOf(p), ctx));
      if (verdict.state === "stable") return;
      if (verdict.state === "failed") throw new AwsError("GeneralServiceException", `ECS service ${state.attributes.Name} did not stabilize: ${verdict.reason}`);
      last = verdict.reason;
      if (Date.now() > deadline) {
        throw new AwsError("NotStabilized", `ECS service ${state.attributes.Name} did not stabilize within ${SERVICE_STABILIZE_MS / 60_000} minutes: ${last}.`);
      }
      await wait(POLL_MS, signal);
    }
  },
  async delete(current, p, ctx) {
    const cluster = clusterOf(p);
    const ref = { service: current.physicalId, ...(cluster && { cluster }) };
    try {
      const s = await describe(current.physicalId, cluster, ctx);
      if (!s || s.status === "INACTIVE") return;
      if (s.status === "ACTIVE") {
        if (p.SchedulingStrategy !== "DAEMON") await invoke(ecsService, "UpdateService", { ...ref, desiredCount: 0 }, ctx.request);
        await invoke(ecsService, "DeleteService", { ...ref, force: true }, ctx.request);
      }
    } catch (err) {
      const name = (err as Error).name;
      if (name === "ServiceNotFoundException" || name === "ServiceNotActiveException" || name === "ClusterNotFoundException") return;
      throw err;
    }
    const deadline = Date.now() + DELETE_WAIT_MS;
    for (;;) {
      const s = await describe(current.physicalId, cluster, ctx).catch(() => undefined);
      if (!s || (s.status === "INACTIVE" && !(await tasksStopping(s, ctx)))) return;
      if (Date.now() > deadline) throw new AwsError("NotStabilized", `ECS service ${current.attributes.Name} is still ${s.status}: its tasks did not stop within ${DELETE_WAIT_MS / 60_000} minutes.`);
      await wait(POLL_MS);
    }
  },
};
