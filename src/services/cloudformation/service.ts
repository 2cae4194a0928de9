/**
 * AWS CloudFormation, AWS Query protocol (Version 2010-05-15): stacks, change sets, exports.
 * Actions in `actions/`; templates in `template/`; the engine that carries stack operations out
 * in `engine/`; resource types in `providers/`. See README.md.
 */
import { loadModel } from "../../protocol/model.js";
import { action, type ServiceDefinition } from "../../server/service.js";
import { createStack } from "./actions/create-stack.js";
import { updateStack } from "./actions/update-stack.js";
import { deleteStack } from "./actions/delete-stack.js";
import { describeStacks } from "./actions/describe-stacks.js";
import { listStacks } from "./actions/list-stacks.js";
import { describeStackEvents } from "./actions/describe-stack-events.js";
import { describeStackResource } from "./actions/describe-stack-resource.js";
import { describeStackResources } from "./actions/describe-stack-resources.js";
import { listStackResources } from "./actions/list-stack-resources.js";
import { getTemplate } from "./actions/get-template.js";
import { getTemplateSummary } from "./actions/get-template-summary.js";
import { validateTemplate } from "./actions/validate-template.js";
import { createChangeSet } from "./actions/create-change-set.js";
import { describeChangeSet } from "./actions/describe-change-set.js";
import { executeChangeSet } from "./actions/execute-change-set.js";
import { deleteChangeSet } from "./actions/delete-change-set.js";
import { listChangeSets } from "./actions/list-change-sets.js";
import { listExports } from "./actions/list-exports.js";
import { listImports } from "./actions/list-imports.js";
import { updateTerminationProtection } from "./actions/update-termination-protection.js";
import { cancelUpdateStack } from "./actions/cancel-update-stack.js";
import { continueUpdateRollback } from "./actions/continue-update-rollback.js";

export const cloudformationService: ServiceDefinition = {
  id: "cloudformation",
  protocol: "query",
  model: loadModel("cloudformation-2010-05-15"),
  errors: { validation: "ValidationError", unsupported: "InvalidAction", server: "InternalFailure" },
  handlers: {
    CreateStack: action(createStack),
    UpdateStack: action(updateStack),
    DeleteStack: action(deleteStack),
    DescribeStacks: action(describeStacks),
    ListStacks: action(listStacks),
    DescribeStackEvents: action(describeStackEvents),
    DescribeStackResource: action(describeStackResource),
    DescribeStackResources: action(describeStackResources),
    ListStackResources: action(listStackResources),
    GetTemplate: action(getTemplate),
    GetTemplateSummary: action(getTemplateSummary),
    ValidateTemplate: action(validateTemplate),
    CreateChangeSet: action(createChangeSet),
    DescribeChangeSet: action(describeChangeSet),
    ExecuteChangeSet: action(executeChangeSet),
    DeleteChangeSet: action(deleteChangeSet),
    ListChangeSets: action(listChangeSets),
    ListExports: action(listExports),
    ListImports: action(listImports),
    UpdateTerminationProtection: action(updateTerminationProtection),
    CancelUpdateStack: action(cancelUpdateStack),
    ContinueUpdateRollback: action(continueUpdateRollback),
  },
};
