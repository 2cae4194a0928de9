import type { RequestContext } from "../../../server/service.js";
import { invalidParameter } from "../errors.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { findService, serviceArn } from "../services/lookup.js";
import { serviceView } from "../services/view.js";
import type { Failure } from "../types.js";

export interface DescribeServicesRequest {
  services: string[];
  cluster?: string;
  include?: "TAGS"[];
}

export interface DescribeServicesResponse {
  services: Record<string, unknown>[];
  failures: Failure[];
}

export const MAX_DESCRIBE_SERVICES = 10;

/**
 * Up to 10 services by name or ARN, in any status (DRAINING and INACTIVE ones too); unknown ones
 * are `failures` with reason MISSING and the ARN built from the name. Tags only with include TAGS.
 */
export async function describeServices(input: DescribeServicesRequest, ctx: RequestContext): Promise<DescribeServicesResponse> {
  if (input.services.length === 0) throw invalidParameter("Services cannot be empty.");
  if (input.services.length > MAX_DESCRIBE_SERVICES) throw invalidParameter(`services can have at most ${MAX_DESCRIBE_SERVICES} items.`);
  const withTags = (input.include ?? []).includes("TAGS");
  return ctx.store.read(async (tx) => {
    const cluster = await requireActiveCluster(tx, ctx, input.cluster);
    const services: Record<string, unknown>[] = [];
    const failures: Failure[] = [];
    for (const ref of input.services) {
      const record = await findService(tx, ctx, cluster, ref);
      if (!record) {
        failures.push({ arn: ref.startsWith("arn:") ? ref : serviceArn(ctx, cluster.name, ref), reason: "MISSING" });
        continue;
      }
      services.push(await serviceView(tx, record, withTags ? { tags: await tx.tags.get(record.arn) } : {}));
    }
    return { services, failures };
  });
}
