/** Elastic Load Balancing's error codes and messages (botocore `elbv2` model codes; AWS's wording). */
import { AwsError } from "../../errors.js";

export const validation = (message: string) => new AwsError("ValidationError", message);
export const loadBalancerNotFound = () => new AwsError("LoadBalancerNotFound", "One or more load balancers not found");
export const targetGroupNotFound = () => new AwsError("TargetGroupNotFound", "One or more target groups not found");
export const listenerNotFound = () => new AwsError("ListenerNotFound", "One or more listeners not found");
export const ruleNotFound = () => new AwsError("RuleNotFound", "One or more rules not found");
export const invalidConfiguration = (message: string) => new AwsError("InvalidConfigurationRequest", message);
export const operationNotPermitted = (message: string) => new AwsError("OperationNotPermitted", message);
export const invalidTarget = (message: string) => new AwsError("InvalidTarget", message);
export const resourceInUse = (message: string) => new AwsError("ResourceInUse", message);
export const priorityInUse = (priority: number) => new AwsError("PriorityInUse", `Priority '${priority}' is currently in use`);
export const incompatibleProtocols = (message: string) => new AwsError("IncompatibleProtocols", message);
