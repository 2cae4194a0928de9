import type { RequestContext } from "../../../server/service.js";
import { invalidParameter } from "../errors.js";
import { deploymentView, parseServiceDeploymentArn } from "../services/service-deployments.js";
import { serviceDoc } from "../services/types.js";
import { taskCounts } from "../services/view.js";
import type { Failure } from "../types.js";

export interface DescribeServiceDeploymentsRequest {
  serviceDeploymentArns: string[];
}

export interface DescribeServiceDeploymentsResponse {
  serviceDeployments: Record<string, unknown>[];
  failures: Failure[];
}

export const MAX_DESCRIBE_SERVICE_DEPLOYMENTS = 20;

/** Up to 20 service deployments by ARN; unknown ones are MISSING failures. */
export async function describeServiceDeployments(input: DescribeServiceDeploymentsRequest, ctx: RequestContext): Promise<DescribeServiceDeploymentsResponse> {
  if (input.serviceDeploymentArns.length === 0) throw invalidParameter("serviceDeploymentArns cannot be empty.");
  if (input.serviceDeploymentArns.length > MAX_DESCRIBE_SERVICE_DEPLOYMENTS) {
    throw invalidParameter(`serviceDeploymentArns can have at most ${MAX_DESCRIBE_SERVICE_DEPLOYMENTS} items.`);
  }
  return ctx.store.read(async (tx) => {
    const serviceDeployments: Record<string, unknown>[] = [];
    const failures: Failure[] = [];
    for (const arn of input.serviceDeploymentArns) {
      const ref = parseServiceDeploymentArn(ctx, arn);
      const record = ref && (await tx.services.get(ctx.region, ref.cluster, ref.service));
      const entry = record && ref ? serviceDoc(record).scheduler.history.find((h) => h.id === ref.id) : undefined;
      if (!record || !entry) {
        failures.push({ arn, reason: "MISSING" });
        continue;
      }
      serviceDeployments.push(deploymentView(ctx, record, entry, await taskCounts(tx, record)));
    }
    return { serviceDeployments, failures };
  });
}
