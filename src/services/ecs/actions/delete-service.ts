import type { RequestContext } from "../../../server/service.js";
import { invalidParameter } from "../errors.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { requireService, serviceNotFound } from "../services/lookup.js";
import { serviceView } from "../services/view.js";
import { serviceDoc, type ServiceDoc } from "../services/types.js";

export interface DeleteServiceRequest {
  service: string;
  cluster?: string;
  force?: boolean;
}

export interface DeleteServiceResponse {
  service: Record<string, unknown>;
}

/**
 * Deletes a service: it goes DRAINING with desiredCount 0, the scheduler stops its tasks, and it
 * becomes INACTIVE once they are all stopping or stopped (then its name can be used again). A
 * REPLICA service still scaled above 0 is refused unless `force` (observed message). Deleting a
 * DRAINING service returns it; an INACTIVE one is ServiceNotFoundException.
 */
export async function deleteService(input: DeleteServiceRequest, ctx: RequestContext): Promise<DeleteServiceResponse> {
  return ctx.store.write(async (tx) => {
    const cluster = await requireActiveCluster(tx, ctx, input.cluster);
    const record = await requireService(tx, ctx, cluster, input.service);
    if (record.status === "INACTIVE") throw serviceNotFound();
    const doc = serviceDoc(record);
    if (record.status === "DRAINING") return { service: await serviceView(tx, record) };
    if (doc.schedulingStrategy === "REPLICA" && doc.desiredCount > 0 && input.force !== true) {
      throw invalidParameter("The service cannot be stopped while it is scaled above 0.");
    }
    const next: ServiceDoc = { ...doc, desiredCount: 0 };
    const updated = { ...record, status: "DRAINING" as const, version: record.version + 1, doc: next as unknown as Record<string, unknown> };
    await tx.services.put(updated);
    return { service: await serviceView(tx, updated) };
  });
}
