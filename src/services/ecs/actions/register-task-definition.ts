import type { RequestContext } from "../../../server/service.js";
import type { TaskDefinitionRecord } from "../../../store/store.js";
import { taskDefinitionArn } from "../arns.js";
import { checkTagLimit, normalizeTags, validateTags } from "../tags.js";
import { computeCompatibilities } from "../task-definitions/compatibilities.js";
import { computeRequiresAttributes } from "../task-definitions/requires-attributes.js";
import { toWire } from "../task-definitions/to-wire.js";
import type { RegisterTaskDefinitionRequest } from "../task-definitions/types.js";
import { validateRegistration } from "../task-definitions/validate.js";
import type { Tag, TaskDefinition } from "../types.js";

export type { RegisterTaskDefinitionRequest };

export interface RegisterTaskDefinitionResponse {
  taskDefinition: TaskDefinition;
  tags: Tag[];
}

/**
 * Registers the family's next revision (numbers are never reused, even after deletion), after
 * ECS's checks; the stored definition is the input verbatim plus the defaults and computed
 * members real ECS adds. Bad input changes nothing, not even the revision counter.
 */
export async function registerTaskDefinition(input: RegisterTaskDefinitionRequest, ctx: RequestContext): Promise<RegisterTaskDefinitionResponse> {
  const definition = validateRegistration(input);
  const tags = normalizeTags(input.tags);
  validateTags(tags);
  checkTagLimit([], tags);
  const computed = {
    compatibilities: computeCompatibilities(definition),
    requiresAttributes: computeRequiresAttributes(definition),
  };

  return ctx.store.write(async (tx) => {
    const revision = await tx.taskDefinitions.nextRevision(ctx.region, input.family);
    const arn = taskDefinitionArn(ctx, input.family, revision);
    const record: TaskDefinitionRecord = {
      region: ctx.region,
      family: input.family,
      revision,
      arn,
      status: "ACTIVE",
      doc: {
        taskDefinitionArn: arn,
        ...definition,
        revision,
        status: "ACTIVE",
        ...computed,
        registeredAt: ctx.now.getTime(),
        registeredBy: `arn:aws:iam::${ctx.accountId}:root`,
      },
    };
    await tx.taskDefinitions.put(record);
    if (tags.length > 0) await tx.tags.put(arn, tags);
    return { taskDefinition: toWire(record), tags };
  });
}
