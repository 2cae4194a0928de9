import type { RequestContext } from "../../../server/service.js";
import type { ContainerInstanceRecord, ContainerInstanceStatus } from "../../../store/store.js";
import { invalidParameter } from "../errors.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { planPage, type PageRequest } from "../pagination.js";
import { evaluate, parseQuery, QuerySyntaxError, type QueryExpr } from "../placement/query-language.js";
import { querySubject } from "../container-instances/view.js";

export interface ListContainerInstancesRequest extends PageRequest {
  cluster?: string;
  filter?: string;
  status?: ContainerInstanceStatus;
}

export interface ListContainerInstancesResponse {
  containerInstanceArns: string[];
  nextToken?: string;
}

/** Every status but INACTIVE: what ECS lists when no `status` is given (the model's status enum has no INACTIVE, so deregistered instances are never listed). */
const DEFAULT_STATUSES: ContainerInstanceStatus[] = ["ACTIVE", "DRAINING", "REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED"];

export function parseFilter(filter: string | undefined): QueryExpr | undefined {
  if (filter === undefined || filter.trim() === "") return undefined;
  try {
    return parseQuery(filter);
  } catch (err) {
    if (err instanceof QuerySyntaxError) throw invalidParameter(`Invalid filter expression: ${err.message}.`);
    throw err;
  }
}

/**
 * ARNs of a cluster's instances, ordered by id, 100 a page unless maxResults says otherwise;
 * `status` picks one status (default: all but INACTIVE); `filter` is a cluster query language
 * expression evaluated against each instance at `ctx.now`.
 */
export async function listContainerInstances(input: ListContainerInstancesRequest, ctx: RequestContext): Promise<ListContainerInstancesResponse> {
  const expr = parseFilter(input.filter);
  const statuses = input.status ? [input.status] : DEFAULT_STATUSES;
  const page = planPage<string>(ctx, ["ListContainerInstances", ctx.region, input.cluster ?? "default", input.filter ?? "", input.status ?? ""], input, 100);
  return ctx.store.read(async (tx) => {
    const cluster = await requireActiveCluster(tx, ctx, input.cluster);
    const matching: ContainerInstanceRecord[] = [];
    let after = page.after;
    for (;;) {
      const rows = await tx.containerInstances.list(ctx.region, cluster.name, { statuses }, { after, limit: page.fetch });
      matching.push(...(expr ? rows.filter((r) => evaluate(expr, querySubject(r, ctx.now))) : rows));
      if (rows.length < page.fetch || matching.length >= page.fetch) break;
      after = rows[rows.length - 1]!.id;
    }
    const { items, nextToken } = page.finish(matching.slice(0, page.fetch), (r) => r.id);
    return { containerInstanceArns: items.map((r) => r.arn), ...(nextToken && { nextToken }) };
  });
}
