import type { RequestContext } from "../../../server/service.js";
import { parameterNotFound } from "../parameters.js";

export async function deleteParameter(input: { Name: string }, ctx: RequestContext) {
  const deleted = await ctx.store.write((tx) => tx.ssmParameters.delete(ctx.region, input.Name));
  if (!deleted) throw parameterNotFound();
  return {};
}
