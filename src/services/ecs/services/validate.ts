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
