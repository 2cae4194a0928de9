/** For the task-record tests: a PENDING EC2 task of one container "app", as its record. */
import type { TaskRecord } from "../../../store/store.js";
import type { TaskDoc } from "./doc.js";

export function pendingRecord(group: string, extra: Partial<TaskDoc> = {}): TaskRecord {
  const doc: TaskDoc = {
    task: {
      taskArn: "arn:t",
      clusterArn: "arn:c",
      taskDefinitionArn: "arn:td",
      attachments: [],
      attributes: [],
      containers: [{ containerArn: "arn:ct", taskArn: "arn:t", name: "app", lastStatus: "PENDING", networkBindings: [], networkInterfaces: [], healthStatus: "UNKNOWN" }],
      createdAt: 1,
      desiredStatus: "RUNNING",
      lastStatus: "PENDING",
      group,
      launchType: "EC2",
      healthStatus: "UNKNOWN",
      overrides: {},
      version: 1,
      enableExecuteCommand: false,
    },
    spec: { containerDefinitions: [], networkMode: "bridge", volumes: [], reserved: { cpu: 0, memory: 0, hostPorts: [] } },
    ...extra,
  };
  return {
    region: "r", cluster: "c", id: "1".repeat(32), arn: "arn:t", family: "f", group, desiredStatus: "RUNNING",
    lastStatus: "PENDING", launchType: "EC2", version: 1, createdAt: 1, doc: doc as unknown as Record<string, unknown>,
  };
}
