/** A task record → the agent protocol's AssignedTask (what PollTasks hands the agent). */
import type { AssignedTask } from "../../../agent-protocol/messages.js";
import type { TaskRecord } from "../../../store/store.js";
import { agentDesiredStatus } from "../tasks/activation.js";
import { taskDoc } from "./doc.js";

export function assignedTask(record: TaskRecord): AssignedTask {
  const { task, spec, activation } = taskDoc(record);
  // A draining task (desired STOPPED, deactivating) is still RUNNING to its agent.
  const desiredStatus = agentDesiredStatus(record.desiredStatus, activation);
  const assigned: AssignedTask = {
    taskArn: record.arn,
    clusterArn: task.clusterArn,
    taskDefinitionArn: task.taskDefinitionArn,
    family: record.family,
    version: record.version,
    desiredStatus,
    networkMode: spec.networkMode,
    containers: spec.containerDefinitions.map((definition) => {
      const arn = task.containers.find((c) => c.name === definition.name)?.containerArn;
      return arn === undefined ? { definition } : { definition, containerArn: arn };
    }),
    volumes: spec.volumes,
  };
  if (desiredStatus === "STOPPED") {
    if (task.stopCode !== undefined) assigned.stopCode = task.stopCode;
    if (task.stoppedReason !== undefined) assigned.stoppedReason = task.stoppedReason;
  }
  if (spec.cpu !== undefined) assigned.cpu = spec.cpu;
  if (spec.memory !== undefined) assigned.memory = spec.memory;
  if (record.privateIpv4Address !== undefined) assigned.privateIpv4Address = record.privateIpv4Address;
  if (task.launchType !== undefined) assigned.launchType = task.launchType;
  if (task.availabilityZone !== undefined) assigned.availabilityZone = task.availabilityZone;
  return assigned;
}
