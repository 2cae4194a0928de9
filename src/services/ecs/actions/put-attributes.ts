import type { RequestContext } from "../../../server/service.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { checkCustomLimit, mergeAttributes, refuseBuiltIn, validateAttribute } from "../container-instances/attributes.js";
import { checkAttributeTargets, groupByTarget } from "../container-instances/attribute-targets.js";
import { instanceDoc } from "../container-instances/view.js";
import type { Attribute } from "../types.js";

export interface PutAttributesRequest {
  cluster?: string;
  attributes: Attribute[];
}

export interface PutAttributesResponse {
  attributes: Attribute[];
}

/**
 * Adds or overwrites custom attributes on container instances; all of them or none. An instance
 * would go over 10 custom attributes: AttributeLimitExceededException.
 */
export async function putAttributes(input: PutAttributesRequest, ctx: RequestContext): Promise<PutAttributesResponse> {
  checkAttributeTargets(input.attributes);
  for (const a of input.attributes) {
    validateAttribute(a);
    refuseBuiltIn(a.name);
  }
  return ctx.store.write(async (tx) => {
    const cluster = await requireActiveCluster(tx, ctx, input.cluster);
    for (const { record, attributes } of (await groupByTarget(tx, ctx, cluster, input.attributes)).values()) {
      const doc = instanceDoc(record);
      const merged = mergeAttributes(doc.attributes, attributes.map((a) => (a.value === undefined ? { name: a.name } : { name: a.name, value: a.value })));
      checkCustomLimit(merged);
      await tx.containerInstances.put({ ...record, doc: { ...record.doc, attributes: merged, version: doc.version + 1 } });
    }
    return { attributes: input.attributes };
  });
}
