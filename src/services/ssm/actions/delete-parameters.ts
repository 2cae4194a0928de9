import type { RequestContext } from "../../../server/service.js";

export async function deleteParameters(input: { Names: string[] }, ctx: RequestContext) {
  const DeletedParameters: string[] = [];
  const InvalidParameters: string[] = [];
  await ctx.store.write(async (tx) => {
    for (const name of input.Names) ((await tx.ssmParameters.delete(ctx.region, name)) ? DeletedParameters : InvalidParameters).push(name);
  });
  return { DeletedParameters, InvalidParameters };
}
