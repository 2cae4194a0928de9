/**
 * The agent protocol's server side (`BerthAgentV1.<Operation>`, AWS JSON 1.1, SigV4 signing name
 * `berth-agent`; contract in src/agent-protocol/messages.ts, model in models/berth-agent-v1.json).
 * Agents register here as container instances and heartbeat; what they register is what the ECS
 * container-instance actions show.
 */
import { loadModel } from "../../protocol/model.js";
import { action, type ServiceDefinition } from "../../server/service.js";
import { registerAgent } from "./register-agent.js";
import { heartbeat } from "./heartbeat.js";

export const berthAgentService: ServiceDefinition = {
  id: "berth-agent",
  protocol: "json",
  model: loadModel("berth-agent-v1"),
  errors: { validation: "InvalidParameterException", unsupported: "UnknownOperationException", server: "ServerException" },
  handlers: {
    RegisterAgent: action(registerAgent),
    Heartbeat: action(heartbeat),
  },
};
