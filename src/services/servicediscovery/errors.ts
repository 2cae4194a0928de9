/** Cloud Map's errors: codes without the `Exception` suffix (reference/ecs-api.md §1.6). */
import { AwsError } from "../../errors.js";

export const invalidInput = (message: string) => new AwsError("InvalidInput", message);
export const namespaceNotFound = (id: string) => new AwsError("NamespaceNotFound", `Namespace not found: ${id}`);
export const serviceNotFound = (id: string) => new AwsError("ServiceNotFound", `Service not found: ${id}`);
export const instanceNotFound = (id: string) => new AwsError("InstanceNotFound", `Instance not found: ${id}`);
export const operationNotFound = (id: string) => new AwsError("OperationNotFound", `Operation not found: ${id}`);
export const resourceInUse = (message: string) => new AwsError("ResourceInUse", message);
export const customHealthNotFound = (serviceId: string) =>
  new AwsError("CustomHealthNotFound", `Service ${serviceId} does not have a custom health check configuration.`);
export const resourceNotFound = (arn: string) => new AwsError("ResourceNotFoundException", `Resource not found: ${arn}`);
export const tooManyTags = (arn: string) =>
  new AwsError("TooManyTagsException", "The resource can have at most 50 tags.", 400, { ResourceName: arn });
export const duplicateRequest = (operationId: string) =>
  new AwsError("DuplicateRequest", "A request with the same CreatorRequestId already ran with other parameters.", 400, {
    DuplicateOperationId: operationId,
  });
export const namespaceAlreadyExists = (name: string, namespaceId: string, creatorRequestId?: string) =>
  new AwsError("NamespaceAlreadyExists", `Namespace with name ${name} already exists.`, 400, {
    NamespaceId: namespaceId,
    ...(creatorRequestId !== undefined && { CreatorRequestId: creatorRequestId }),
  });
export const serviceAlreadyExists = (name: string, serviceId: string, serviceArn: string, creatorRequestId?: string) =>
  new AwsError("ServiceAlreadyExists", `Service with name ${name} already exists in the namespace.`, 400, {
    ServiceId: serviceId,
    ServiceArn: serviceArn,
    ...(creatorRequestId !== undefined && { CreatorRequestId: creatorRequestId }),
  });
