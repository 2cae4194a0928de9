/**
 * What ECS registers in Cloud Map for a service's task (serviceRegistries), pure: the instance id is
 * the task id; attributes per the ECS Developer Guide (service discovery): AWS_INSTANCE_IPV4 (awsvpc:
 * the task's address; bridge/host: the container instance's address), AWS_INSTANCE_PORT when the
 * registry names a port (SRV records), AVAILABILITY_ZONE, REGION, ECS_CLUSTER_NAME,
 * ECS_SERVICE_NAME, ECS_TASK_DEFINITION_FAMILY, and EC2_INSTANCE_ID for the EC2 launch type.
 * The ECS service integration calls `registerInstance(tx, scope, ecsTaskInstance(...))` when a task
 * is RUNNING (and healthy), `deregisterInstance` when it stops, then `discoveryChanged(store)`.
 */
import type { RegisterInstanceInput } from "./registry.js";

export interface EcsTaskRegistration {
  /** serviceRegistries[].registryArn: the Cloud Map service's ARN. */
  registryArn: string;
  taskId: string;
  ipv4: string;
  /** serviceRegistries[].port, or the host/container port chosen for SRV records. */
  port?: number;
  region: string;
  availabilityZone: string;
  clusterName: string;
  serviceName: string;
  family: string;
  ec2InstanceId?: string;
}

export function ecsTaskInstance(r: EcsTaskRegistration): RegisterInstanceInput {
  return {
    ServiceId: r.registryArn,
    InstanceId: r.taskId,
    Attributes: {
      AWS_INSTANCE_IPV4: r.ipv4,
      ...(r.port !== undefined && { AWS_INSTANCE_PORT: String(r.port) }),
      AVAILABILITY_ZONE: r.availabilityZone,
      REGION: r.region,
      ECS_CLUSTER_NAME: r.clusterName,
      ECS_SERVICE_NAME: r.serviceName,
      ECS_TASK_DEFINITION_FAMILY: r.family,
      ...(r.ec2InstanceId !== undefined && { EC2_INSTANCE_ID: r.ec2InstanceId }),
    },
  };
}
