import { AwsError } from "../../../errors.js";
import type { RequestContext } from "../../../server/service.js";
import { page, parameterView } from "../parameters.js";

export async function getParametersByPath(
  input: { Path: string; Recursive?: boolean; WithDecryption?: boolean; MaxResults?: number; NextToken?: string },
  ctx: RequestContext,
) {
  if (!input.Path.startsWith("/")) throw new AwsError("ValidationException", "The parameter doesn't meet the parameter name requirements. The parameter name must begin with a forward slash \"/\".");
  const prefix = input.Path.endsWith("/") ? input.Path : `${input.Path}/`;
  const all = await ctx.store.read((tx) => tx.ssmParameters.list(ctx.region));
  const under = all.filter((p) => p.name.startsWith(prefix) && (input.Recursive || !p.name.slice(prefix.length).includes("/")));
  const { items, next } = page(ctx, `ssm-path:${prefix}:${input.Recursive ?? false}`, under, (p) => p.name, input.MaxResults ?? 10, input.NextToken);
  return { Parameters: items.map((p) => parameterView(ctx, p, input.WithDecryption ?? false)), ...(next && { NextToken: next }) };
}
