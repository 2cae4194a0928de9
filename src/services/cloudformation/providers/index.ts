/**
 * The registry of resource types berth deploys. Adding a type is one file exporting a
 * ResourceProvider and one line here (see README.md). A template naming any other type fails
 * validation with "Unrecognized resource types".
 */
import { ecsCapacityProviderAssociationsProvider } from "./ecs-capacity-provider-associations.js";
import { cloudMapServiceProvider } from "./cloudmap-service.js";
import { httpNamespaceProvider, privateDnsNamespaceProvider } from "./cloudmap-namespaces.js";
import { ecsClusterProvider } from "./ecs-cluster.js";
import { ecsServiceProvider } from "./ecs-service.js";
import { elbv2ListenerRuleProvider } from "./elbv2-listener-rule.js";
import { elbv2ListenerProvider } from "./elbv2-listener.js";
import { elbv2LoadBalancerProvider } from "./elbv2-load-balancer.js";
import { elbv2TargetGroupProvider } from "./elbv2-target-group.js";
import { logGroupProvider } from "./logs-log-group.js";
import { ecsTaskDefinitionProvider } from "./ecs-task-definition.js";
import { recordedProviders } from "./recorded.js";
import { ssmParameterProvider } from "./ssm-parameter.js";
import type { ResourceProvider } from "./types.js";

const all: ResourceProvider[] = [
  ecsClusterProvider,
  ecsTaskDefinitionProvider,
  ecsCapacityProviderAssociationsProvider,
  ssmParameterProvider,
  logGroupProvider,
  elbv2LoadBalancerProvider,
  elbv2TargetGroupProvider,
  elbv2ListenerProvider,
  elbv2ListenerRuleProvider,
  ecsServiceProvider,
  privateDnsNamespaceProvider,
  httpNamespaceProvider,
  cloudMapServiceProvider,
  ...recordedProviders,
];

export const providers: ReadonlyMap<string, ResourceProvider> = new Map(all.map((p) => [p.type, p]));
