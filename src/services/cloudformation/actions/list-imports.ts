import type { RequestContext } from "../../../server/service.js";
import { validationError } from "../errors.js";
import { regionImports } from "../engine/environment.js";

export async function listImports(input: { ExportName: string; NextToken?: string }, ctx: RequestContext) {
  const users = (await regionImports(ctx.store, ctx.region)).get(input.ExportName) ?? [];
  if (!users.length) throw validationError(`Export '${input.ExportName}' is not imported by any stack.`);
  return { Imports: users.map((u) => u.stackName) };
}
