/**
 * The registry of resource types berth deploys. Adding a type is one file exporting a
 * ResourceProvider and one line here (see README.md). A template naming any other type fails
 * validation with "Unrecognized resource types".
 */
import { ecsCapacityProviderAssociationsProvider } from "./ecs-capacity-provider-associations.js";
import { ecsClusterProvider } from "./ecs-cluster.js";
import { ecsTaskDefinitionProvider } from "./ecs-task-definition.js";
import { recordedProviders } from "./recorded.js";
import { ssmParameterProvider } from "./ssm-parameter.js";
import type { ResourceProvider } from "./types.js";

const all: ResourceProvider[] = [
  ecsClusterProvider,
  ecsTaskDefinitionProvider,
  ecsCapacityProviderAssociationsProvider,
  ssmParameterProvider,
  ...recordedProviders,
];

export const providers: ReadonlyMap<string, ResourceProvider> = new Map(all.map((p) => [p.type, p]));
