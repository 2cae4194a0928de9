/** CloudWatch Logs' errors, with the messages it gives. */
import { AwsError } from "../../errors.js";

export const invalidParameter = (message: string) => new AwsError("InvalidParameterException", message);
export const groupNotFound = () => new AwsError("ResourceNotFoundException", "The specified log group does not exist.");
export const streamNotFound = () => new AwsError("ResourceNotFoundException", "The specified log stream does not exist.");
export const resourceNotFound = () => new AwsError("ResourceNotFoundException", "The specified resource does not exist.");
export const groupExists = () => new AwsError("ResourceAlreadyExistsException", "The specified log group already exists");
export const streamExists = () => new AwsError("ResourceAlreadyExistsException", "The specified log stream already exists");
export const invalidToken = () => invalidParameter("The specified nextToken is invalid.");
