import { createHash } from "node:crypto";
import type { RequestContext } from "../../../server/service.js";
import { invalidParameter } from "../errors.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { requireTaskDefinition } from "../task-definitions/resolve.js";
import { clientException } from "../errors.js";
import { checkTagLimit, normalizeTags, validateTags } from "../tags.js";
import type { CapacityProviderStrategyItem, Tag } from "../types.js";
import type { NetworkConfiguration, PlacementConstraintInput, PlacementStrategyInput } from "../task-records/run.js";
import { serviceArn } from "../services/lookup.js";
import { serviceView } from "../services/view.js";
import { newDeployment } from "../services/deployments.js";
import { historyEntry } from "../services/reconcile.js";
import { newDeploymentId } from "../services/scheduler.js";
import type { DeploymentConfiguration, ServiceDoc } from "../services/types.js";
import {
  checkContainerRefs,
  checkDeploymentConfiguration,
  checkDesiredCount,
  checkNetwork,
  checkPlacement,
  checkServiceName,
  type ServiceLoadBalancer,
  type ServiceRegistryInput,
  checkTaskDefinitionLaunch,
  type LaunchTaskDefinition,
  type TaskDefinitionFacts,
} from "../services/validate.js";
import { checkServicePlatform, launchFields, resolveServiceLaunch } from "../services/service-launch.js";
import { checkLaunchRequest, type ClusterCapacity } from "../launch/launch-choice.js";

export interface CreateServiceRequest {
  serviceName: string;
  cluster?: string;
  taskDefinition?: string;
  desiredCount?: number;
  launchType?: string;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  platformVersion?: string;
  loadBalancers?: ServiceLoadBalancer[];
  serviceRegistries?: ServiceRegistryInput[];
  role?: string;
  deploymentConfiguration?: DeploymentConfiguration;
  placementConstraints?: PlacementConstraintInput[];
  placementStrategy?: PlacementStrategyInput[];
  networkConfiguration?: NetworkConfiguration;
  healthCheckGracePeriodSeconds?: number;
  schedulingStrategy?: "REPLICA" | "DAEMON";
  deploymentController?: { type: string };
  tags?: Tag[];
  enableECSManagedTags?: boolean;
  propagateTags?: "TASK_DEFINITION" | "SERVICE" | "NONE";
  enableExecuteCommand?: boolean;
  availabilityZoneRebalancing?: string;
  clientToken?: string;
  [member: string]: unknown;
}

export interface CreateServiceResponse {
  service: Record<string, unknown>;
}

const MAX_CLIENT_TOKEN = 36;

/** A digest of the request without its clientToken: an identical second create is idempotent. */
const requestHash = (input: CreateServiceRequest, cluster: string) => {
  const { clientToken: _t, cluster: _c, ...rest } = input;
  return createHash("sha256").update(JSON.stringify({ ...rest, cluster })).digest("hex");
};

/**
 * Creates a service and its first deployment (PRIMARY, IN_PROGRESS); the service scheduler
 * starts its tasks. As in ECS: a second create of an ACTIVE service with identical parameters
 * returns it, with other parameters is "Creation of service was not idempotent."; a DRAINING
 * name can't be reused until it is INACTIVE.
 */
export async function createService(input: CreateServiceRequest, ctx: RequestContext): Promise<CreateServiceResponse> {
  checkServiceName(input.serviceName);
  const scheduling = input.schedulingStrategy ?? "REPLICA";
  const controller = input.deploymentController?.type ?? "ECS";
  if (controller !== "ECS") throw invalidParameter(`berth supports only the ECS deployment controller, not ${controller}.`);
  if (input.taskDefinition === undefined) throw invalidParameter("A task definition must be specified for a service with the ECS deployment controller.");
  if (scheduling === "REPLICA" && input.desiredCount === undefined) throw invalidParameter("desiredCount is required for a service with the REPLICA scheduling strategy.");
  checkDesiredCount(input.desiredCount);
  checkLaunchRequest(input);
  checkDeploymentConfiguration(input.deploymentConfiguration, scheduling);
  checkPlacement(input.placementConstraints, input.placementStrategy, scheduling);
  if (input.healthCheckGracePeriodSeconds !== undefined && input.healthCheckGracePeriodSeconds < 0) {
    throw invalidParameter("healthCheckGracePeriodSeconds must be greater than or equal to 0.");
  }
  if (input.clientToken !== undefined && (input.clientToken.length < 1 || input.clientToken.length > MAX_CLIENT_TOKEN)) {
    throw invalidParameter(`clientToken must be between 1 and ${MAX_CLIENT_TOKEN} characters.`);
  }
  const tags = normalizeTags(input.tags);
  validateTags(tags);
  checkTagLimit([], tags);

  return ctx.store.write(async (tx) => {
    const cluster = await requireActiveCluster(tx, ctx, input.cluster);
    const hash = requestHash(input, cluster.name);
    const existing = await tx.services.get(ctx.region, cluster.name, input.serviceName);
    if (existing && existing.status === "DRAINING") throw invalidParameter("Unable to Start a service that is still Draining.");
    if (existing && existing.status === "ACTIVE") {
      if ((existing.doc as unknown as ServiceDoc).requestHash !== hash) throw invalidParameter("Creation of service was not idempotent.");
      return { service: await serviceView(tx, existing) };
    }
    const launch = resolveServiceLaunch(input, cluster.doc as ClusterCapacity, scheduling);
    const platform = checkServicePlatform(launch, input);
    const td = await requireTaskDefinition(tx, ctx, input.taskDefinition!);
    if (td.status !== "ACTIVE") throw clientException("TaskDefinition is inactive");
    const tdDoc = td.doc as unknown as LaunchTaskDefinition;
    checkTaskDefinitionLaunch(tdDoc, launch, platform);
    const facts: TaskDefinitionFacts = { networkMode: tdDoc.networkMode ?? "bridge", containerDefinitions: tdDoc.containerDefinitions };
    checkNetwork(facts, input.networkConfiguration);
    checkContainerRefs(facts, input.loadBalancers ?? [], input.serviceRegistries ?? []);

    const now = ctx.now.getTime();
    const arn = serviceArn(ctx, cluster.name, input.serviceName);
    const launchType = launch.launchType;
    const deployment = newDeployment(newDeploymentId(), td.arn, now, {
      ...launchFields(launch),
      ...(platform && { platformVersion: platform.resolvedPlatformVersion, platformFamily: platform.platformFamily }),
      ...(input.networkConfiguration !== undefined && { networkConfiguration: input.networkConfiguration as Record<string, unknown> }),
    });
    const deploymentConfiguration = input.deploymentConfiguration ?? {};
    const doc: ServiceDoc = {
      serviceArn: arn,
      serviceName: input.serviceName,
      clusterArn: cluster.arn,
      taskDefinition: td.arn,
      desiredCount: scheduling === "DAEMON" ? 0 : input.desiredCount!,
      ...launchFields(launch),
      ...(platform && { platformVersion: platform.platformVersion, platformFamily: platform.platformFamily }),
      deploymentConfiguration,
      placementConstraints: (input.placementConstraints ?? []) as Record<string, unknown>[],
      placementStrategy: (input.placementStrategy ?? []) as Record<string, unknown>[],
      ...(input.networkConfiguration !== undefined && { networkConfiguration: input.networkConfiguration as Record<string, unknown> }),
      ...(input.healthCheckGracePeriodSeconds !== undefined && { healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds }),
      schedulingStrategy: scheduling,
      deploymentController: { type: controller },
      enableECSManagedTags: input.enableECSManagedTags ?? false,
      propagateTags: input.propagateTags ?? "NONE",
      enableExecuteCommand: input.enableExecuteCommand ?? false,
      loadBalancers: (input.loadBalancers ?? []) as Record<string, unknown>[],
      serviceRegistries: (input.serviceRegistries ?? []) as Record<string, unknown>[],
      availabilityZoneRebalancing: input.availabilityZoneRebalancing ?? (scheduling === "REPLICA" ? "ENABLED" : "DISABLED"),
      ...(input.role !== undefined && { roleArn: input.role }),
      createdAt: now,
      createdBy: `arn:aws:iam::${ctx.accountId}:root`,
      deployments: [deployment],
      events: [],
      scheduler: { history: [historyEntry(deployment, input.desiredCount ?? 0, deploymentConfiguration, [])] },
      requestHash: hash,
      ...(input.clientToken !== undefined && { clientToken: input.clientToken }),
    };
    const record = {
      region: ctx.region,
      cluster: cluster.name,
      name: input.serviceName,
      arn,
      status: "ACTIVE" as const,
      schedulingStrategy: scheduling,
      ...(launchType !== undefined && { launchType }),
      version: 1,
      createdAt: now,
      doc: doc as unknown as Record<string, unknown>,
    };
    await tx.services.put(record);
    const old = await tx.tags.get(arn);
    if (old.length > 0) await tx.tags.remove(arn, old.map((t) => t.key));
    if (tags.length > 0) await tx.tags.put(arn, tags);
    return { service: await serviceView(tx, record, tags.length > 0 ? { tags } : {}) };
  });
}
