import type { RequestContext } from "../../../server/service.js";
import { clientException, invalidParameter } from "../errors.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { requireTaskDefinition } from "../task-definitions/resolve.js";
import type { CapacityProviderStrategyItem } from "../types.js";
import type { NetworkConfiguration, PlacementConstraintInput, PlacementStrategyInput } from "../task-records/run.js";
import { requireService, serviceNotActive } from "../services/lookup.js";
import { serviceView } from "../services/view.js";
import { newDeployment } from "../services/deployments.js";
import { historyEntry } from "../services/reconcile.js";
import { newDeploymentId } from "../services/scheduler.js";
import { MAX_HISTORY, serviceDoc, type DeploymentConfiguration, type ServiceDoc } from "../services/types.js";
import {
  checkContainerRefs,
  checkDeploymentConfiguration,
  checkDesiredCount,
  checkNetwork,
  checkPlacement,
  type ServiceLoadBalancer,
  type ServiceRegistryInput,
  checkTaskDefinitionLaunch,
  type LaunchTaskDefinition,
  type TaskDefinitionFacts,
} from "../services/validate.js";
import { checkServicePlatform, isManaged, launchFields, launchOfDoc, updatedLaunch } from "../services/service-launch.js";
import type { ClusterCapacity } from "../launch/launch-choice.js";

export interface UpdateServiceRequest {
  service: string;
  cluster?: string;
  desiredCount?: number;
  taskDefinition?: string;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  deploymentConfiguration?: DeploymentConfiguration;
  networkConfiguration?: NetworkConfiguration;
  placementConstraints?: PlacementConstraintInput[];
  placementStrategy?: PlacementStrategyInput[];
  platformVersion?: string;
  forceNewDeployment?: boolean;
  healthCheckGracePeriodSeconds?: number;
  enableExecuteCommand?: boolean;
  enableECSManagedTags?: boolean;
  loadBalancers?: ServiceLoadBalancer[];
  propagateTags?: "TASK_DEFINITION" | "SERVICE" | "NONE";
  serviceRegistries?: ServiceRegistryInput[];
  availabilityZoneRebalancing?: string;
  deploymentController?: { type: string };
  [member: string]: unknown;
}

export interface UpdateServiceResponse {
  service: Record<string, unknown>;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Changes a service. A new task definition, network configuration, load balancers, service
 * registries or forceNewDeployment make a new PRIMARY deployment (the previous ones become ACTIVE
 * and are scaled down by the scheduler); desiredCount, deploymentConfiguration, placement,
 * healthCheckGracePeriodSeconds and the tag options take effect without one (ECS API UpdateService).
 * Omitted members keep their values; an empty list clears placement constraints or strategies.
 */
export async function updateService(input: UpdateServiceRequest, ctx: RequestContext): Promise<UpdateServiceResponse> {
  checkDesiredCount(input.desiredCount);
  if (input.launchType !== undefined) throw invalidParameter("launchType cannot be updated.");
  if (input.deploymentController !== undefined && input.deploymentController.type !== "ECS") {
    throw invalidParameter(`berth supports only the ECS deployment controller, not ${input.deploymentController.type}.`);
  }
  if (input.healthCheckGracePeriodSeconds !== undefined && input.healthCheckGracePeriodSeconds < 0) {
    throw invalidParameter("healthCheckGracePeriodSeconds must be greater than or equal to 0.");
  }
  return ctx.store.write(async (tx) => {
    const cluster = await requireActiveCluster(tx, ctx, input.cluster);
    const record = await requireService(tx, ctx, cluster, input.service);
    if (record.status !== "ACTIVE") throw serviceNotActive();
    const doc = serviceDoc(record);
    const scheduling = doc.schedulingStrategy;
    if (scheduling === "DAEMON" && input.desiredCount !== undefined) throw invalidParameter("desiredCount cannot be set for a service with the DAEMON scheduling strategy.");
    const deploymentConfiguration = input.deploymentConfiguration !== undefined ? { ...doc.deploymentConfiguration, ...input.deploymentConfiguration } : doc.deploymentConfiguration;
    checkDeploymentConfiguration(deploymentConfiguration, scheduling);
    checkPlacement(input.placementConstraints, input.placementStrategy, scheduling);
    const current = launchOfDoc(doc);
    const { launch, changed: launchChanged } = updatedLaunch(current, input.capacityProviderStrategy, input.forceNewDeployment === true, cluster.doc as ClusterCapacity, scheduling);
    // A Fargate service keeps its platform version unless the update names one.
    const platformVersion = input.platformVersion ?? (isManaged(current) ? doc.platformVersion : undefined);
    const platform = checkServicePlatform(launch, {
      ...(platformVersion !== undefined && { platformVersion }),
      placementConstraints: input.placementConstraints ?? doc.placementConstraints,
      placementStrategy: input.placementStrategy ?? doc.placementStrategy,
    });

    let taskDefinition = doc.taskDefinition!;
    const tdRecord = await requireTaskDefinition(tx, ctx, input.taskDefinition ?? taskDefinition);
    if (input.taskDefinition !== undefined) {
      if (tdRecord.status !== "ACTIVE") throw clientException("TaskDefinition is inactive");
      taskDefinition = tdRecord.arn;
    }
    const tdDoc = tdRecord.doc as unknown as LaunchTaskDefinition;
    checkTaskDefinitionLaunch(tdDoc, launch, platform);
    const facts: TaskDefinitionFacts = { networkMode: tdDoc.networkMode ?? "bridge", containerDefinitions: tdDoc.containerDefinitions };
    const networkConfiguration = input.networkConfiguration ?? (doc.networkConfiguration as NetworkConfiguration | undefined);
    checkNetwork(facts, networkConfiguration);
    const loadBalancers = (input.loadBalancers ?? doc.loadBalancers) as ServiceLoadBalancer[];
    const serviceRegistries = (input.serviceRegistries ?? doc.serviceRegistries) as ServiceRegistryInput[];
    checkContainerRefs(facts, loadBalancers, serviceRegistries);

    const now = ctx.now.getTime();
    const redeploy =
      input.forceNewDeployment === true ||
      launchChanged ||
      taskDefinition !== doc.taskDefinition ||
      !same(networkConfiguration, doc.networkConfiguration) ||
      !same(loadBalancers, doc.loadBalancers) ||
      !same(serviceRegistries, doc.serviceRegistries) ||
      (input.platformVersion !== undefined && input.platformVersion !== doc.platformVersion);
    let deployments = doc.deployments;
    let scheduler = doc.scheduler;
    if (redeploy) {
      const deployment = newDeployment(newDeploymentId(), taskDefinition, now, {
        ...launchFields(launch),
        ...(platform && { platformVersion: platform.resolvedPlatformVersion, platformFamily: platform.platformFamily }),
        ...(networkConfiguration !== undefined && { networkConfiguration: networkConfiguration as Record<string, unknown> }),
      });
      const history = scheduler.history.map((h) => (h.finishedAt === undefined ? { ...h, status: "STOPPED" as const, finishedAt: now, statusReason: `Superseded by ${deployment.id}.` } : h));
      history.unshift(historyEntry(deployment, input.desiredCount ?? doc.desiredCount, deploymentConfiguration, doc.deployments.map((d) => d.id)));
      deployments = [deployment, ...doc.deployments.map((d) => ({ ...d, status: "ACTIVE" as const, updatedAt: now }))];
      // A new deployment resets the launch throttle (DG service-throttle-logic).
      scheduler = { ...scheduler, history: history.slice(0, MAX_HISTORY), throttledUntil: undefined };
    }
    const { launchType: _launchType, capacityProviderStrategy: _strategy, ...rest } = doc;
    const next: ServiceDoc = {
      ...rest,
      ...launchFields(launch),
      taskDefinition,
      ...(input.desiredCount !== undefined && { desiredCount: input.desiredCount }),
      deploymentConfiguration,
      ...(input.placementConstraints !== undefined && { placementConstraints: input.placementConstraints as Record<string, unknown>[] }),
      ...(input.placementStrategy !== undefined && { placementStrategy: input.placementStrategy as Record<string, unknown>[] }),
      ...(networkConfiguration !== undefined && { networkConfiguration: networkConfiguration as Record<string, unknown> }),
      ...(input.healthCheckGracePeriodSeconds !== undefined && { healthCheckGracePeriodSeconds: input.healthCheckGracePeriodSeconds }),
      ...(input.enableExecuteCommand !== undefined && { enableExecuteCommand: input.enableExecuteCommand }),
      ...(input.enableECSManagedTags !== undefined && { enableECSManagedTags: input.enableECSManagedTags }),
      ...(input.propagateTags !== undefined && { propagateTags: input.propagateTags }),
      ...(platform && { platformVersion: platform.platformVersion, platformFamily: platform.platformFamily }),
      ...(input.availabilityZoneRebalancing !== undefined && { availabilityZoneRebalancing: input.availabilityZoneRebalancing }),
      loadBalancers: loadBalancers as Record<string, unknown>[],
      serviceRegistries: serviceRegistries as Record<string, unknown>[],
      deployments,
      scheduler,
    };
    const { launchType: _recordLaunchType, ...recordRest } = record;
    const updated = { ...recordRest, ...(launch.launchType !== undefined && { launchType: launch.launchType }), version: record.version + 1, doc: next as unknown as Record<string, unknown> };
    await tx.services.put(updated);
    return { service: await serviceView(tx, updated) };
  });
}
