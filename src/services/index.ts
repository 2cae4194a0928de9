/** Every AWS service the endpoint serves. */
import type { ServiceDefinition } from "../server/service.js";
import { berthAgentService } from "./berth-agent/service.js";
import { ecsService } from "./ecs/service.js";
import { stsService } from "./sts/service.js";
import { serviceDiscoveryService } from "./servicediscovery/service.js";

export const services: ServiceDefinition[] = [ecsService, stsService, berthAgentService, serviceDiscoveryService];
