/**
 * Checks of CreateService / UpdateService input that ECS makes, with its messages where they are
 * known (observed ones cite their source; others say plainly what is wrong). Nothing here reads
 * the store: callers pass the task definition they resolved.
 */
import { invalidParameter } from "../errors.js";
import { checkFargateTask } from "../launch/fargate-checks.js";
import { compatibilityOf, type FargatePlatform, type ServiceLaunch } from "./service-launch.js";
import { checkNetworkConfiguration, compileConstraints, compileStrategies, taskLevel, type NetworkConfiguration, type PlacementConstraintInput, type PlacementStrategyInput } from "../task-records/run.js";
import type { NetworkMode } from "../task-records/doc.js";
import type { DeploymentConfiguration } from "./types.js";

export interface ServiceLoadBalancer {
  targetGroupArn?: string;
  loadBalancerName?: string;
  containerName?: string;
  containerPort?: number;
}

export interface ServiceRegistryInput {
  registryArn?: string;
  port?: number;
  containerName?: string;
  containerPort?: number;
}

export interface TaskDefinitionFacts {
  networkMode: NetworkMode;
  containerDefinitions: { name?: string; portMappings?: { containerPort?: number }[] }[];
}

export interface LaunchTaskDefinition extends TaskDefinitionFacts {
  compatibilities?: string[];
  cpu?: string;
  memory?: string;
  ephemeralStorage?: { sizeInGiB: number };
}

/** Observed: "Invalid service name. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed." */
export function checkServiceName(name: string): void {
  if (!/^[a-zA-Z0-9_-]{1,255}$/.test(name)) {
    throw invalidParameter("Invalid service name. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.");
  }
}

/**
 * The task definition against where the service runs: compatible with its launch type (observed:
 * "Task definition does not support launch_type FARGATE."), and for Fargate an awsvpc definition
 * of a Fargate size (launch/fargate-checks.ts, as RunTask checks it).
 */
export function checkTaskDefinitionLaunch(td: LaunchTaskDefinition, launch: ServiceLaunch, platform: FargatePlatform | undefined): void {
  const type = compatibilityOf(launch);
  if (td.compatibilities && !td.compatibilities.includes(type)) throw invalidParameter(`Task definition does not support launch_type ${type}.`);
  if (!platform) return;
  const level = taskLevel(td, undefined);
  checkFargateTask(
    {
      networkMode: td.networkMode,
      ...(level.cpu !== undefined && { cpu: level.cpu }),
      ...(level.memory !== undefined && { memory: level.memory }),
      ...(td.ephemeralStorage !== undefined && { definitionEphemeralStorage: td.ephemeralStorage }),
    },
    platform.resolvedPlatformVersion,
  );
}

export function checkDesiredCount(n: number | undefined): void {
  if (n !== undefined && (!Number.isInteger(n) || n < 0)) throw invalidParameter("desiredCount must be greater than or equal to 0.");
}

export function checkDeploymentConfiguration(c: DeploymentConfiguration | undefined, strategy: "REPLICA" | "DAEMON"): void {
  if (!c) return;
  const min = c.minimumHealthyPercent;
  const max = c.maximumPercent;
  if (min !== undefined && (min < 0 || min > 100)) throw invalidParameter("minimumHealthyPercent must be between 0 and 100.");
  if (strategy === "DAEMON") {
    if (max !== undefined && max !== 100) throw invalidParameter("The maximumPercent value must be 100 for services with a DAEMON scheduling strategy.");
    return;
  }
  if (max !== undefined && max < 100) throw invalidParameter("maximumPercent must be at least 100.");
}

export function checkPlacement(
  constraints: readonly PlacementConstraintInput[] | undefined,
  strategies: readonly PlacementStrategyInput[] | undefined,
  scheduling: "REPLICA" | "DAEMON",
): void {
  if (constraints) compileConstraints(constraints, () => ({}) as never);
  if (strategies) {
    if (scheduling === "DAEMON" && strategies.length > 0) throw invalidParameter("Placement strategies are not supported with a DAEMON scheduling strategy.");
    compileStrategies(strategies);
  }
}

/** loadBalancers / serviceRegistries name a container (and port) of the task definition (observed messages). */
export function checkContainerRefs(td: TaskDefinitionFacts, lbs: readonly ServiceLoadBalancer[], registries: readonly ServiceRegistryInput[]): void {
  const byName = new Map(td.containerDefinitions.map((c) => [c.name, c]));
  const check = (name: string | undefined, port: number | undefined, what: string) => {
    if (name === undefined) throw invalidParameter(`${what} must specify a containerName.`);
    const c = byName.get(name);
    if (!c) throw invalidParameter(`The container ${name} does not exist in the task definition.`);
    if (port !== undefined && !(c.portMappings ?? []).some((p) => p.containerPort === port)) {
      throw invalidParameter(`The container ${name} did not have a container port ${port} defined.`);
    }
  };
  if (lbs.length > 5) throw invalidParameter("A service can have at most 5 target groups.");
  for (const lb of lbs) {
    if (lb.targetGroupArn === undefined && lb.loadBalancerName === undefined) throw invalidParameter("A load balancer must specify a targetGroupArn or a loadBalancerName.");
    if (lb.containerPort === undefined) throw invalidParameter("A load balancer must specify a containerPort.");
    check(lb.containerName, lb.containerPort, "A load balancer");
  }
  for (const r of registries) {
    if (r.registryArn === undefined) throw invalidParameter("A service registry must specify a registryArn.");
    if (r.containerName !== undefined || r.containerPort !== undefined) check(r.containerName, r.containerPort, "A service registry");
  }
}

export function checkNetwork(td: TaskDefinitionFacts, config: NetworkConfiguration | undefined): void {
  checkNetworkConfiguration(td.networkMode, config);
}

/** What CreateService/UpdateService know of a registry's Cloud Map service: its DNS record types (undefined: no such service). */
export type RegistryLookup = (registryArn: string) => { recordTypes: string[]; dns: boolean } | undefined;

/**
 * serviceRegistries against the task definition's network mode and the Cloud Map service's DNS
 * records (API ServiceRegistry; DG "service discovery"; observed messages quoted). One registry per
 * service; bridge/host need containerName + containerPort; awsvpc with SRV records needs `port` or
 * containerName + containerPort, not both; a port where no SRV record wants one is refused.
 */
export function checkServiceRegistries(networkMode: NetworkMode, registries: readonly ServiceRegistryInput[], lookup: RegistryLookup): void {
  if (registries.length > 1) throw invalidParameter("A service can be associated with only one service registry.");
  for (const r of registries) {
    const arn = r.registryArn!;
    if (!/^arn:aws[a-z-]*:servicediscovery:[^:]+:\d{12}:service\/srv-[a-z0-9]+$/.test(arn)) throw invalidParameter(`The service registry ARN ${arn} is not a valid AWS Cloud Map service ARN.`);
    const svc = lookup(arn);
    if (!svc) throw invalidParameter(`The service registry ${arn} does not exist.`);
    if (networkMode === "none") throw invalidParameter("Service discovery is not supported for tasks with the 'none' network mode.");
    const named = r.containerName !== undefined || r.containerPort !== undefined;
    if (networkMode === "bridge" || networkMode === "host") {
      if (r.containerName === undefined || r.containerPort === undefined) {
        // Observed (techservicesillinois/terraform-aws-ecs-service#16).
        throw invalidParameter(`When specifying 'host' or 'bridge' for networkMode, values for 'containerName' and 'containerPort' must be specified from the task definition. Registry: ${arn}`);
      }
      if (r.port !== undefined) throw invalidParameter("The values specified for serviceRegistries do not require a value for 'port'. Remove the value and retry.");
      continue;
    }
    // awsvpc
    if (r.port !== undefined && named) {
      // Observed (cloudposse/terraform-aws-ecs-web-app#208).
      throw invalidParameter("Specify a value for either 'port' or the 'containerName' and 'containerPort' combination, but not both. Remove one and retry.");
    }
    if (r.containerName !== undefined && r.containerPort === undefined) throw invalidParameter("A service registry that specifies a containerName must also specify a containerPort.");
    const srv = svc.recordTypes.includes("SRV");
    if (srv && r.port === undefined && !named) {
      throw invalidParameter(`The service registry ${arn} has an SRV record: specify a value for either 'port' or the 'containerName' and 'containerPort' combination.`);
    }
    if (!srv && svc.dns) {
      // Observed (umotif-public/terraform-aws-ecs-fargate#25).
      if (r.containerPort !== undefined) throw invalidParameter("The values specified for serviceRegistries do not require a value for 'containerPort'. Remove the value and retry.");
      if (r.port !== undefined) throw invalidParameter("The values specified for serviceRegistries do not require a value for 'port'. Remove the value and retry.");
    }
  }
}
