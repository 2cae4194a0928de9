import type { RequestContext } from "../../../server/service.js";
import { requireActiveCluster } from "../clusters/lookup.js";
import { refuseBuiltIn, removeAttributes } from "../container-instances/attributes.js";
import { checkAttributeTargets, groupByTarget } from "../container-instances/attribute-targets.js";
import { instanceDoc } from "../container-instances/view.js";
import type { Attribute } from "../types.js";

export interface DeleteAttributesRequest {
  cluster?: string;
  attributes: Attribute[];
}

export interface DeleteAttributesResponse {
  attributes: Attribute[];
}

/** Removes custom attributes (by name; a value given is ignored) from container instances. Names the instance lacks are ignored. */
export async function deleteAttributes(input: DeleteAttributesRequest, ctx: RequestContext): Promise<DeleteAttributesResponse> {
  checkAttributeTargets(input.attributes);
  for (const a of input.attributes) refuseBuiltIn(a.name);
  return ctx.store.write(async (tx) => {
    const cluster = await requireActiveCluster(tx, ctx, input.cluster);
    for (const { record, attributes } of (await groupByTarget(tx, ctx, cluster, input.attributes)).values()) {
      const doc = instanceDoc(record);
      const left = removeAttributes(doc.attributes, attributes.map((a) => a.name));
      if (left.length !== doc.attributes.length) {
        await tx.containerInstances.put({ ...record, doc: { ...record.doc, attributes: left, version: doc.version + 1 } });
      }
    }
    return { attributes: input.attributes };
  });
}
