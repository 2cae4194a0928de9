import { test } from "node:test";
import assert from "node:assert/strict";
import { AGENT_SIGNING_NAME, AGENT_TARGET_PREFIX } from "../../agent-protocol/messages.js";
import { berthAgentService } from "./service.js";

test("the agent protocol model is JSON 1.1 under the target prefix and signing name of messages.ts", () => {
  const { metadata, operations } = berthAgentService.model;
  assert.equal(metadata.targetPrefix, AGENT_TARGET_PREFIX);
  assert.equal(metadata.signingName, AGENT_SIGNING_NAME);
  assert.equal(metadata.jsonVersion, "1.1");
  assert.deepEqual(Object.keys(berthAgentService.handlers).sort(), Object.keys(operations).sort());
});

test("RegisterAgentRequest in the model has the members of messages.ts's RegisterAgentRequest", () => {
  const shapes = berthAgentService.model.shapes;
  assert.deepEqual(Object.keys(shapes.RegisterAgentRequest!.members!).sort(), ["attributes", "cluster", "containerInstanceArn", "name", "resources", "versionInfo"]);
  assert.deepEqual(Object.keys(shapes.AgentResources!.members!).sort(), ["cpu", "memory", "reservedPorts", "reservedPortsUdp"]);
  assert.deepEqual(Object.keys(shapes.RegisterAgentResponse!.members!).sort(), ["containerInstanceArn", "ec2InstanceId", "heartbeatIntervalMs"]);
  assert.deepEqual(Object.keys(shapes.HeartbeatResponse!.members!), ["status"]);
});

test("the task shapes in the model carry every member of messages.ts's TaskReport and ReportedContainer", () => {
  const shapes = berthAgentService.model.shapes;
  assert.deepEqual(Object.keys(shapes.PollTasksRequest!.members!).sort(), ["containerInstanceArn", "sinceSequence", "waitMs"]);
  assert.deepEqual(Object.keys(shapes.TaskReport!.members!).sort(), [
    "containers", "executionStoppedAt", "healthStatus", "lastStatus", "pullStartedAt", "pullStoppedAt", "startedAt", "stopCode", "stoppedReason", "taskArn", "version",
  ]);
  assert.deepEqual(Object.keys(shapes.ReportedContainer!.members!).sort(), [
    "exitCode", "finishedAt", "healthStatus", "imageDigest", "lastStatus", "name", "networkBindings", "reason", "runtimeId", "startedAt",
  ]);
});

test("the model carries GetTaskTags and the assignment members the metadata endpoint uses", () => {
  const shapes = berthAgentService.model.shapes;
  assert.deepEqual(Object.keys(shapes.GetTaskTagsRequest!.members!).sort(), ["containerInstanceArn", "taskArn"]);
  assert.deepEqual(Object.keys(shapes.GetTaskTagsResponse!.members!).sort(), ["containerInstanceTags", "taskTags"]);
  assert.ok("launchType" in shapes.AssignedTask!.members! && "availabilityZone" in shapes.AssignedTask!.members!);
  assert.ok("containerArn" in shapes.AssignedContainer!.members!);
});
