/**
 * Amazon ECS on AWS JSON 1.1 (`AmazonEC2ContainerServiceV20141113.<Action>`): the registry
 * from wire operation names to handlers, one file per action in `actions/`. Every name here
 * must be an operation of the ECS model (checked by `service.test.ts`); model operations that
 * berth does not carry out yet answer UnsupportedFeatureException.
 */
import { loadModel } from "../../protocol/model.js";
import { action, type ServiceDefinition } from "../../server/service.js";
import { createCluster } from "./actions/create-cluster.js";
import { deleteCluster } from "./actions/delete-cluster.js";
import { describeClusters } from "./actions/describe-clusters.js";
import { listClusters } from "./actions/list-clusters.js";
import { updateCluster } from "./actions/update-cluster.js";
import { updateClusterSettings } from "./actions/update-cluster-settings.js";
import { putClusterCapacityProviders } from "./actions/put-cluster-capacity-providers.js";
import { listAccountSettings } from "./actions/list-account-settings.js";
import { putAccountSetting } from "./actions/put-account-setting.js";
import { putAccountSettingDefault } from "./actions/put-account-setting-default.js";
import { deleteAccountSetting } from "./actions/delete-account-setting.js";
import { registerTaskDefinition } from "./actions/register-task-definition.js";
import { describeTaskDefinition } from "./actions/describe-task-definition.js";
import { listTaskDefinitions } from "./actions/list-task-definitions.js";
import { listTaskDefinitionFamilies } from "./actions/list-task-definition-families.js";
import { deregisterTaskDefinition } from "./actions/deregister-task-definition.js";
import { deleteTaskDefinitions } from "./actions/delete-task-definitions.js";
import { tagResource } from "./actions/tag-resource.js";
import { untagResource } from "./actions/untag-resource.js";
import { listTagsForResource } from "./actions/list-tags-for-resource.js";
import { registerContainerInstance } from "./actions/register-container-instance.js";
import { describeContainerInstances } from "./actions/describe-container-instances.js";
import { listContainerInstances } from "./actions/list-container-instances.js";
import { deregisterContainerInstance } from "./actions/deregister-container-instance.js";
import { updateContainerInstancesState } from "./actions/update-container-instances-state.js";
import { putAttributes } from "./actions/put-attributes.js";
import { listAttributes } from "./actions/list-attributes.js";
import { deleteAttributes } from "./actions/delete-attributes.js";
import { runTask } from "./actions/run-task.js";
import { startTask } from "./actions/start-task.js";
import { stopTask } from "./actions/stop-task.js";
import { describeTasks } from "./actions/describe-tasks.js";
import { listTasks } from "./actions/list-tasks.js";
import { createService } from "./actions/create-service.js";
import { updateService } from "./actions/update-service.js";
import { deleteService } from "./actions/delete-service.js";
import { describeServices } from "./actions/describe-services.js";
import { listServices } from "./actions/list-services.js";
import { listServiceDeployments } from "./actions/list-service-deployments.js";
import { describeServiceDeployments } from "./actions/describe-service-deployments.js";

export const ecsService: ServiceDefinition = {
  id: "ecs",
  protocol: "json",
  model: loadModel("ecs-2014-11-13"),
  errors: { validation: "InvalidParameterException", unsupported: "UnsupportedFeatureException", server: "ServerException" },
  handlers: {
    CreateCluster: action(createCluster),
    DeleteCluster: action(deleteCluster),
    DescribeClusters: action(describeClusters),
    ListClusters: action(listClusters),
    UpdateCluster: action(updateCluster),
    UpdateClusterSettings: action(updateClusterSettings),
    PutClusterCapacityProviders: action(putClusterCapacityProviders),
    ListAccountSettings: action(listAccountSettings),
    PutAccountSetting: action(putAccountSetting),
    PutAccountSettingDefault: action(putAccountSettingDefault),
    DeleteAccountSetting: action(deleteAccountSetting),
    RegisterTaskDefinition: action(registerTaskDefinition),
    DescribeTaskDefinition: action(describeTaskDefinition),
    ListTaskDefinitions: action(listTaskDefinitions),
    ListTaskDefinitionFamilies: action(listTaskDefinitionFamilies),
    DeregisterTaskDefinition: action(deregisterTaskDefinition),
    DeleteTaskDefinitions: action(deleteTaskDefinitions),
    TagResource: action(tagResource),
    UntagResource: action(untagResource),
    ListTagsForResource: action(listTagsForResource),
    RegisterContainerInstance: action(registerContainerInstance),
    DescribeContainerInstances: action(describeContainerInstances),
    ListContainerInstances: action(listContainerInstances),
    DeregisterContainerInstance: action(deregisterContainerInstance),
    UpdateContainerInstancesState: action(updateContainerInstancesState),
    PutAttributes: action(putAttributes),
    ListAttributes: action(listAttributes),
    DeleteAttributes: action(deleteAttributes),
    RunTask: action(runTask),
    StartTask: action(startTask),
    StopTask: action(stopTask),
    DescribeTasks: action(describeTasks),
    ListTasks: action(listTasks),
    CreateService: action(createService),
    UpdateService: action(updateService),
    DeleteService: action(deleteService),
    DescribeServices: action(describeServices),
    ListServices: action(listServices),
    ListServiceDeployments: action(listServiceDeployments),
    DescribeServiceDeployments: action(describeServiceDeployments),
  },
};
