import type { RequestContext } from "../../../server/service.js";
import { clientException } from "../errors.js";
import { findTaskDefinition, parseReference, taskDefinitionNotFound } from "../task-definitions/resolve.js";
import { toWire } from "../task-definitions/to-wire.js";
import type { TaskDefinition } from "../types.js";

export interface DeregisterTaskDefinitionRequest {
  /** `family:revision` or the ARN; a revision is required. */
  taskDefinition: string;
}

export interface DeregisterTaskDefinitionResponse {
  taskDefinition: TaskDefinition;
}

/**
 * ACTIVE → INACTIVE with `deregisteredAt`; the revision stays describable by `family:rev`.
 * Deregistering an INACTIVE (or DELETE_IN_PROGRESS) revision again returns it unchanged.
 */
export async function deregisterTaskDefinition(input: DeregisterTaskDefinitionRequest, ctx: RequestContext): Promise<DeregisterTaskDefinitionResponse> {
  const ref = parseReference(ctx, input.taskDefinition);
  // As ECS (and moto, which checks against it) answers a bare family.
  if (ref.kind === "family") throw clientException("Revision is missing.");
  return ctx.store.write(async (tx) => {
    const record = await findTaskDefinition(tx, ctx, ref);
    if (!record) throw taskDefinitionNotFound();
    if (record.status !== "ACTIVE") return { taskDefinition: toWire(record) };
    const updated = { ...record, status: "INACTIVE" as const, doc: { ...record.doc, status: "INACTIVE", deregisteredAt: ctx.now.getTime() } };
    await tx.taskDefinitions.put(updated);
    return { taskDefinition: toWire(updated) };
  });
}
