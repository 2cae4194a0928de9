import type { RequestContext } from "../../../server/service.js";
import { parameterNotFound, parameterView, parseSelector } from "../parameters.js";

export async function getParameter(input: { Name: string; WithDecryption?: boolean }, ctx: RequestContext) {
  const { name, version } = parseSelector(input.Name);
  const rec = await ctx.store.read((tx) => tx.ssmParameters.get(ctx.region, name));
  if (!rec || (version !== undefined && version !== (rec.doc.Version as number))) throw parameterNotFound();
  return { Parameter: parameterView(ctx, rec, input.WithDecryption ?? false) };
}
