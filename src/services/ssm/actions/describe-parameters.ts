import { AwsError } from "../../../errors.js";
import type { RequestContext } from "../../../server/service.js";
import type { SsmParameterRecord } from "../../../store/store.js";
import { metadataView, page } from "../parameters.js";

interface Filter {
  Key: string;
  Option?: string;
  Values?: string[];
}

function matches(p: SsmParameterRecord, f: Filter): boolean {
  const values = f.Values ?? [];
  const option = f.Option ?? "Equals";
  const field = f.Key === "Name" ? p.name : f.Key === "Type" ? String(p.doc.Type) : f.Key === "Tier" ? String(p.doc.Tier) : f.Key === "DataType" ? String(p.doc.DataType) : f.Key === "Path" ? p.name : undefined;
  if (field === undefined) throw new AwsError("InvalidFilterKey", `The following filter key is not valid: ${f.Key}`);
  if (f.Key === "Path") {
    return values.some((v) => {
      const prefix = v.endsWith("/") ? v : `${v}/`;
      return field.startsWith(prefix) && (option === "Recursive" || !field.slice(prefix.length).includes("/"));
    });
  }
  if (option === "BeginsWith") return values.some((v) => field.startsWith(v));
  if (option === "Contains") return values.some((v) => field.includes(v));
  return values.includes(field);
}

export async function describeParameters(
  input: { Filters?: { Key: string; Values: string[] }[]; ParameterFilters?: Filter[]; MaxResults?: number; NextToken?: string },
  ctx: RequestContext,
) {
  const filters: Filter[] = [...(input.ParameterFilters ?? []), ...(input.Filters ?? []).map((f) => ({ Key: f.Key, Values: f.Values }))];
  const all = await ctx.store.read((tx) => tx.ssmParameters.list(ctx.region));
  const chosen = all.filter((p) => filters.every((f) => matches(p, f)));
  const { items, next } = page(ctx, `ssm-describe:${JSON.stringify(filters)}`, chosen, (p) => p.name, input.MaxResults ?? 50, input.NextToken);
  return { Parameters: items.map((p) => metadataView(ctx, p)), ...(next && { NextToken: next }) };
}
