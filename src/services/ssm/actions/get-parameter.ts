import { AwsError } from "../../../errors.js";
import type { RequestContext } from "../../../server/service.js";
import { parameterNotFound, parameterView, parseSelector } from "../parameters.js";

export async function getParameter(input: { Name: string; WithDecryption?: boolean }, ctx: RequestContext) {
  const { name, version } = parseSelector(input.Name);
  const rec = await ctx.store.read((tx) => tx.ssmParameters.get(ctx.region, name));
  if (!rec) throw parameterNotFound();
  // Only the newest version is kept.
  if (version !== undefined && version !== (rec.doc.Version as number)) {
    throw new AwsError("ParameterVersionNotFound", `Systems Manager could not find version ${version} of ${name}. Verify the version and try again.`);
  }
  return { Parameter: parameterView(ctx, rec, input.WithDecryption ?? false) };
}
