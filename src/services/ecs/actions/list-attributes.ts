import type { RequestContext } from "../../../server/service.js";
import { invalidParameter } from "../errors.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { planPage, type PageRequest } from "../pagination.js";
import { instanceDoc } from "../container-instances/view.js";
import type { Attribute } from "../types.js";

export interface ListAttributesRequest extends PageRequest {
  cluster?: string;
  targetType: "container-instance";
  attributeName?: string;
  attributeValue?: string;
}

export interface ListAttributesResponse {
  attributes: Attribute[];
  nextToken?: string;
}

const REGISTERED = ["ACTIVE", "DRAINING"] as const;

/**
 * The attributes of a cluster's registered instances (`{name, value, targetId}`, targetId the
 * instance's ARN), ordered by instance id then attribute name; `attributeName` keeps one name and
 * `attributeValue` (which needs `attributeName`, as in ECS) one value. 100 a page by default.
 */
export async function listAttributes(input: ListAttributesRequest, ctx: RequestContext): Promise<ListAttributesResponse> {
  if (input.attributeValue !== undefined && input.attributeName === undefined) {
    throw invalidParameter("attributeValue can only be used together with attributeName.");
  }
  const scope = ["ListAttributes", ctx.region, input.cluster ?? "default", input.attributeName ?? null, input.attributeValue ?? null];
  const page = planPage<[string, string]>(ctx, scope, input, 100);
  return ctx.store.read(async (tx) => {
    const cluster = await requireActiveCluster(tx, ctx, input.cluster);
    const found: { id: string; attribute: Attribute }[] = [];
    const afterId = page.after?.[0];
    // Read instances in id order (skipping those before the page's instance) until enough attributes are found.
    let cursor: string | undefined;
    for (;;) {
      const rows = await tx.containerInstances.list(ctx.region, cluster.name, { statuses: REGISTERED }, { after: cursor, limit: 100 });
      for (const r of rows) {
        if (afterId !== undefined && r.id < afterId) continue;
        const attrs = [...instanceDoc(r).attributes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const a of attrs) {
          if (input.attributeName !== undefined && a.name !== input.attributeName) continue;
          if (input.attributeValue !== undefined && a.value !== input.attributeValue) continue;
          if (page.after && r.id === page.after[0] && a.name <= page.after[1]) continue;
          found.push({ id: r.id, attribute: { name: a.name, ...(a.value !== undefined && { value: a.value }), targetId: r.arn } });
        }
      }
      if (rows.length < 100 || found.length >= page.fetch) break;
      cursor = rows[rows.length - 1]!.id;
    }
    const { items, nextToken } = page.finish(found.slice(0, page.fetch), (f) => [f.id, f.attribute.name] as [string, string]);
    return { attributes: items.map((f) => f.attribute), ...(nextToken && { nextToken }) };
  });
}
