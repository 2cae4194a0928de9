/**
 * The agent protocol's server side (`BerthAgentV1.<Operation>`, AWS JSON 1.1, SigV4 signing name
 * `berth-agent`; contract in src/agent-protocol/messages.ts, model in models/berth-agent-v1.json).
 * Agents register here as container instances and heartbeat; what they register is what the ECS
 * container-instance actions show. They long-poll their task assignments (PollTasks) and report
 * what their tasks do (SubmitTaskState); `assignments.ts` wakes waiting polls. An agent may also
 * offer managed capacity (RegisterManagedCapacity: a seat that runs Fargate tasks, shown nowhere).
 */
import { loadModel } from "../../protocol/model.js";
import { action, type ServiceDefinition } from "../../server/service.js";
import { registerAgent } from "./register-agent.js";
import { heartbeat } from "./heartbeat.js";
import { pollTasks } from "./poll-tasks.js";
import { submitTaskState } from "./submit-task-state.js";
import { getTaskTags } from "./get-task-tags.js";
import { registerManagedCapacity } from "./register-managed-capacity.js";
import { putContainerLogs } from "./put-container-logs.js";

export const berthAgentService: ServiceDefinition = {
  id: "berth-agent",
  protocol: "json",
  model: loadModel("berth-agent-v1"),
  errors: { validation: "InvalidParameterException", unsupported: "UnknownOperationException", server: "ServerException" },
  handlers: {
    RegisterAgent: action(registerAgent),
    Heartbeat: action(heartbeat),
    PollTasks: action(pollTasks),
    SubmitTaskState: action(submitTaskState),
    GetTaskTags: action(getTaskTags),
    RegisterManagedCapacity: action(registerManagedCapacity),
    PutContainerLogs: action(putContainerLogs),
  },
};
