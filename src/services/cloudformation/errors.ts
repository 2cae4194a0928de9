/** CloudFormation's errors, worded as CloudFormation words them. */
import { AwsError } from "../../errors.js";

export const validationError = (message: string) => new AwsError("ValidationError", message);
export const templateFormatError = (detail: string) => validationError(`Template format error: ${detail}`);
export const templateError = (detail: string) => validationError(`Template error: ${detail}`);
export const stackNotFound = (name: string) => validationError(`Stack with id ${name} does not exist`);
export const alreadyExists = (name: string) => new AwsError("AlreadyExistsException", `Stack [${name}] already exists`);
export const insufficientCapabilities = (caps: string[]) =>
  new AwsError("InsufficientCapabilitiesException", `Requires capabilities : [${caps.join(", ")}]`);
export const changeSetNotFound = (name: string) => new AwsError("ChangeSetNotFound", `ChangeSet [${name}] does not exist`, 404);
export const noUpdates = () => validationError("No updates are to be performed.");
