import type { RequestContext } from "../../../server/service.js";
import { AwsError } from "../../../errors.js";
import { taskDefinitionArn } from "../arns.js";
import { invalidParameter } from "../errors.js";
import { findTaskDefinition, parseReference, type TaskDefinitionReference } from "../task-definitions/resolve.js";
import { toWire } from "../task-definitions/to-wire.js";
import type { Failure, TaskDefinition } from "../types.js";

export interface DeleteTaskDefinitionsRequest {
  /** Up to 10 `family:revision`s or ARNs, each already deregistered (INACTIVE). */
  taskDefinitions: string[];
}

export interface DeleteTaskDefinitionsResponse {
  taskDefinitions: TaskDefinition[];
  failures: Failure[];
}

export const MAX_DELETE = 10;

// Failure reasons as ECS words them.
const REASON_INVALID = "The specified task definition identifier is invalid. Specify a valid name or ARN and try again.";
const REASON_MISSING = "The specified task definition does not exist. Specify a valid account, family, revision and try again.";
const REASON_ACTIVE = "The specified task definition is still in ACTIVE status. Please deregister the target and try again.";

/**
 * INACTIVE → DELETE_IN_PROGRESS with `deleteRequestedAt` (it stays there until nothing uses it).
 * Each problem is a `failures` entry, not an error: unparseable or bare-family identifiers, missing
 * revisions, and revisions still ACTIVE. Deleting a DELETE_IN_PROGRESS revision again returns it.
 */
export async function deleteTaskDefinitions(input: DeleteTaskDefinitionsRequest, ctx: RequestContext): Promise<DeleteTaskDefinitionsResponse> {
  const ids = input.taskDefinitions;
  if (ids.length === 0 || ids.length > MAX_DELETE) {
    throw invalidParameter(`taskDefinitions must contain between 1 and ${MAX_DELETE} task definitions.`);
  }
  return ctx.store.write(async (tx) => {
    const out: DeleteTaskDefinitionsResponse = { taskDefinitions: [], failures: [] };
    const done = new Set<string>();
    for (const id of ids) {
      let ref: TaskDefinitionReference;
      try {
        ref = parseReference(ctx, id);
      } catch (e) {
        if (!(e instanceof AwsError)) throw e;
        out.failures.push({ arn: id, reason: REASON_INVALID });
        continue;
      }
      if (ref.kind !== "revision") {
        out.failures.push({ arn: id, reason: ref.kind === "family" ? REASON_INVALID : REASON_MISSING });
        continue;
      }
      const arn = taskDefinitionArn(ctx, ref.family, ref.revision);
      const record = await findTaskDefinition(tx, ctx, ref);
      if (!record) {
        out.failures.push({ arn, reason: REASON_MISSING });
        continue;
      }
      if (record.status === "ACTIVE") {
        out.failures.push({ arn, reason: REASON_ACTIVE });
        continue;
      }
      if (done.has(arn)) continue;
      done.add(arn);
      if (record.status === "DELETE_IN_PROGRESS") {
        out.taskDefinitions.push(toWire(record));
        continue;
      }
      const updated = {
        ...record,
        status: "DELETE_IN_PROGRESS" as const,
        doc: { ...record.doc, status: "DELETE_IN_PROGRESS", deleteRequestedAt: ctx.now.getTime() },
      };
      await tx.taskDefinitions.put(updated);
      out.taskDefinitions.push(toWire(updated));
    }
    return out;
  });
}
