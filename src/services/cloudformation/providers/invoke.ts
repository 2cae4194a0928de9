/**
 * How providers act: they call berth's own actions in-process through the service's handler
 * registry, with the input validated against the service's model exactly as the dispatcher
 * does (validateInput), under the stack's request context. No HTTP, no SigV4 (the stack
 * operation was already authenticated), and never another service's tables: a provider gets
 * the same checks and the same AWS errors a client would.
 */
import { AwsError } from "../../../errors.js";
import { validateInput } from "../../../protocol/validate.js";
import type { RequestContext, ServiceDefinition } from "../../../server/service.js";
import { randomUUID } from "node:crypto";

export async function invoke<O = Record<string, unknown>>(
  service: ServiceDefinition,
  operation: string,
  input: Record<string, unknown>,
  ctx: RequestContext,
): Promise<O> {
  const handler = service.handlers[operation];
  if (!handler) throw new AwsError(service.errors.unsupported, `berth does not support ${operation} yet.`);
  const valid = validateInput(service.model, { code: service.errors.validation }, operation, input);
  return (await handler(valid, { ...ctx, requestId: randomUUID(), now: new Date() })) as O;
}
