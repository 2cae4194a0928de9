import type { RequestContext } from "../../../server/service.js";
import { parameterView, parseSelector } from "../parameters.js";

export async function getParameters(input: { Names: string[]; WithDecryption?: boolean }, ctx: RequestContext) {
  const Parameters = [];
  const InvalidParameters: string[] = [];
  for (const ref of new Set(input.Names)) {
    const { name, version } = parseSelector(ref);
    const rec = await ctx.store.read((tx) => tx.ssmParameters.get(ctx.region, name));
    if (!rec || (version !== undefined && version !== (rec.doc.Version as number))) InvalidParameters.push(ref);
    else Parameters.push(parameterView(ctx, rec, input.WithDecryption ?? false));
  }
  return { Parameters, InvalidParameters };
}
