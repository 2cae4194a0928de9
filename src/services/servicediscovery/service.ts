/**
 * AWS Cloud Map on AWS JSON 1.1 (`Route53AutoNaming_v20170314.<Action>`): the registry from wire
 * operation names to handlers in `actions/`. Every name must be an operation of the model
 * (checked by service.test.ts).
 */
import { loadModel } from "../../protocol/model.js";
import { action, type ServiceDefinition } from "../../server/service.js";
import * as ns from "./actions/namespaces.js";
import * as svc from "./actions/services.js";
import * as inst from "./actions/instances.js";
import { discoverInstances, discoverInstancesRevision } from "./actions/discover.js";
import { getOperation, listOperations } from "./actions/operations.js";
import { listTagsForResource, tagResource, untagResource } from "./actions/tags.js";

export const serviceDiscoveryService: ServiceDefinition = {
  id: "servicediscovery",
  protocol: "json",
  model: loadModel("servicediscovery-2017-03-14"),
  errors: { validation: "InvalidInput", unsupported: "InvalidInput", server: "InternalFailure" },
  handlers: {
    CreateHttpNamespace: action(ns.createHttpNamespace),
    CreatePrivateDnsNamespace: action(ns.createPrivateDnsNamespace),
    CreatePublicDnsNamespace: action(ns.createPublicDnsNamespace),
    GetNamespace: action(ns.getNamespace),
    ListNamespaces: action(ns.listNamespaces),
    DeleteNamespace: action(ns.deleteNamespace),
    UpdateHttpNamespace: action(ns.updateHttpNamespace),
    UpdatePrivateDnsNamespace: action(ns.updatePrivateDnsNamespace),
    UpdatePublicDnsNamespace: action(ns.updatePublicDnsNamespace),
    CreateService: action(svc.createService),
    GetService: action(svc.getService),
    ListServices: action(svc.listServices),
    UpdateService: action(svc.updateService),
    DeleteService: action(svc.deleteService),
    GetServiceAttributes: action(svc.getServiceAttributes),
    UpdateServiceAttributes: action(svc.updateServiceAttributes),
    DeleteServiceAttributes: action(svc.deleteServiceAttributes),
    RegisterInstance: action(inst.registerInstance),
    DeregisterInstance: action(inst.deregisterInstance),
    GetInstance: action(inst.getInstance),
    ListInstances: action(inst.listInstances),
    GetInstancesHealthStatus: action(inst.getInstancesHealthStatus),
    UpdateInstanceCustomHealthStatus: action(inst.updateInstanceCustomHealthStatus),
    DiscoverInstances: action(discoverInstances),
    DiscoverInstancesRevision: action(discoverInstancesRevision),
    GetOperation: action(getOperation),
    ListOperations: action(listOperations),
    TagResource: action(tagResource),
    UntagResource: action(untagResource),
    ListTagsForResource: action(listTagsForResource),
  },
};
