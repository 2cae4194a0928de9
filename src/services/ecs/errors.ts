/** ECS's errors, with the messages ECS gives (see reference/ecs-api.md §1.3). */
import { AwsError } from "../../errors.js";

export const invalidParameter = (message: string) => new AwsError("InvalidParameterException", message);
export const clientException = (message: string) => new AwsError("ClientException", message);
export const clusterNotFound = () => new AwsError("ClusterNotFoundException", "Cluster not found.");
export const resourceNotFound = (message = "The specified resource could not be found.") => new AwsError("ResourceNotFoundException", message);
export const limitExceeded = (message: string) => new AwsError("LimitExceededException", message);
