/**
 * STS, AWS Query protocol (Version 2011-06-15). berth serves GetCallerIdentity, so that
 * `aws sts get-caller-identity` answers with the configured account; it is also the first
 * operation on berth's AWS Query protocol layer.
 */
import { loadModel } from "../../protocol/model.js";
import { action, type ServiceDefinition } from "../../server/service.js";
import { getCallerIdentity } from "./get-caller-identity.js";

export const stsService: ServiceDefinition = {
  id: "sts",
  protocol: "query",
  model: loadModel("sts-2011-06-15"),
  errors: { validation: "ValidationError", unsupported: "InvalidAction", server: "InternalFailure" },
  handlers: {
    GetCallerIdentity: action(getCallerIdentity),
  },
};
