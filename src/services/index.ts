/** Every AWS service the endpoint serves. */
import type { ServiceDefinition } from "../server/service.js";
import { berthAgentService } from "./berth-agent/service.js";
import { ecsService } from "./ecs/service.js";
import { elbv2Service } from "./elbv2/service.js";
import { logsService } from "./logs/service.js";
import { stsService } from "./sts/service.js";
import { cloudformationService } from "./cloudformation/service.js";
import { serviceDiscoveryService } from "./servicediscovery/service.js";
import { ssmService } from "./ssm/service.js";

export const services: ServiceDefinition[] = [
  ecsService,
  stsService,
  berthAgentService,
  logsService,
  elbv2Service,
  serviceDiscoveryService,
  cloudformationService,
  ssmService,
];
