/**
 * Cloud Map's asynchronous operations. berth carries out every change at once, inside the request's
 * transaction, so an operation is written as SUCCESS with CreateDate = UpdateDate.
 */
import type { RequestContext } from "../../server/service.js";
import type { CloudMapOperationRecord, StoreTx } from "../../store/store.js";
import { newOperationId } from "./ids.js";

export type OperationType = "CREATE_NAMESPACE" | "DELETE_NAMESPACE" | "UPDATE_NAMESPACE" | "UPDATE_SERVICE" | "REGISTER_INSTANCE" | "DEREGISTER_INSTANCE";

export async function recordOperation(
  tx: StoreTx,
  ctx: Pick<RequestContext, "region" | "now">,
  type: OperationType,
  targets: Record<string, string>,
  creatorRequestId?: string,
): Promise<string> {
  const at = ctx.now.getTime();
  const op: CloudMapOperationRecord = {
    region: ctx.region,
    id: newOperationId(),
    type,
    status: "SUCCESS",
    targets,
    ...(creatorRequestId !== undefined && { creatorRequestId }),
    createdAt: at,
    updatedAt: at,
  };
  await tx.cloudMap.putOperation(op);
  return op.id;
}

/** The Operation shape. */
export function operationView(op: CloudMapOperationRecord) {
  return {
    Id: op.id,
    Type: op.type,
    Status: op.status,
    CreateDate: new Date(op.createdAt),
    UpdateDate: new Date(op.updatedAt),
    Targets: op.targets,
  };
}
