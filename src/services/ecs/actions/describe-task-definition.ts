import type { RequestContext } from "../../../server/service.js";
import { requireTaskDefinition } from "../task-definitions/resolve.js";
import { toWire } from "../task-definitions/to-wire.js";
import type { Tag, TaskDefinition } from "../types.js";

export interface DescribeTaskDefinitionRequest {
  /** `family` (latest ACTIVE revision), `family:revision`, or the ARN. */
  taskDefinition: string;
  include?: "TAGS"[];
}

export interface DescribeTaskDefinitionResponse {
  taskDefinition: TaskDefinition;
  /** Only with `include: ["TAGS"]`. */
  tags?: Tag[];
}

/** Any revision by `family:rev` or ARN (INACTIVE and DELETE_IN_PROGRESS ones too); a bare family means its latest ACTIVE one. */
export async function describeTaskDefinition(input: DescribeTaskDefinitionRequest, ctx: RequestContext): Promise<DescribeTaskDefinitionResponse> {
  return ctx.store.read(async (tx) => {
    const record = await requireTaskDefinition(tx, ctx, input.taskDefinition);
    const out: DescribeTaskDefinitionResponse = { taskDefinition: toWire(record) };
    if (input.include?.includes("TAGS")) out.tags = await tx.tags.get(record.arn);
    return out;
  });
}
