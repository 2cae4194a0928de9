import type { RequestContext } from "../../../server/service.js";
import { JsonText } from "../../../protocol/json-text.js";
import { serializeJson } from "../../../protocol/aws-json.js";
import { requireTaskDefinition } from "../task-definitions/resolve.js";
import { wireJson } from "../task-definitions/wire-cache.js";
import type { Tag, TaskDefinition } from "../types.js";

export interface DescribeTaskDefinitionRequest {
  /** `family` (latest ACTIVE revision), `family:revision`, or the ARN. */
  taskDefinition: string;
  include?: "TAGS"[];
}

/** The response's shape; it is sent pre-serialized (see task-definitions/wire-cache.ts). */
export interface DescribeTaskDefinitionResponse {
  taskDefinition: TaskDefinition;
  /** Only with `include: ["TAGS"]`. */
  tags?: Tag[];
}

/** Any revision by `family:rev` or ARN (INACTIVE and DELETE_IN_PROGRESS ones too); a bare family means its latest ACTIVE one. */
export async function describeTaskDefinition(input: DescribeTaskDefinitionRequest, ctx: RequestContext): Promise<JsonText> {
  return ctx.store.read(async (tx) => {
    const record = await requireTaskDefinition(tx, ctx, input.taskDefinition);
    const tags = input.include?.includes("TAGS") ? `,"tags":${serializeJson(await tx.tags.get(record.arn))}` : "";
    return new JsonText(`{"taskDefinition":${wireJson(record)}${tags}}`);
  });
}
