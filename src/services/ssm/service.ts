/**
 * SSM Parameter Store on AWS JSON 1.1 (`AmazonSSM.<Action>`): the part CloudFormation templates
 * need (String, StringList, SecureString parameters with versions). Other SSM operations answer
 * as not supported.
 */
import { loadModel } from "../../protocol/model.js";
import { action, type ServiceDefinition } from "../../server/service.js";
import { putParameter } from "./actions/put-parameter.js";
import { getParameter } from "./actions/get-parameter.js";
import { getParameters } from "./actions/get-parameters.js";
import { getParametersByPath } from "./actions/get-parameters-by-path.js";
import { deleteParameter } from "./actions/delete-parameter.js";
import { deleteParameters } from "./actions/delete-parameters.js";
import { describeParameters } from "./actions/describe-parameters.js";

export const ssmService: ServiceDefinition = {
  id: "ssm",
  protocol: "json",
  model: loadModel("ssm-2014-11-06"),
  errors: { validation: "ValidationException", unsupported: "UnsupportedOperationException", server: "InternalServerError" },
  handlers: {
    PutParameter: action(putParameter),
    GetParameter: action(getParameter),
    GetParameters: action(getParameters),
    GetParametersByPath: action(getParametersByPath),
    DeleteParameter: action(deleteParameter),
    DeleteParameters: action(deleteParameters),
    DescribeParameters: action(describeParameters),
  },
};
