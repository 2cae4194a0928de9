/** CloudFormation's NextToken paging over an already ordered list (position = index). */
import type { RequestContext } from "../../../server/service.js";
import { validationError } from "../errors.js";

export function paginate<T>(ctx: RequestContext, scope: string, all: T[], size: number, token: string | undefined): { items: T[]; NextToken?: string } {
  let start = 0;
  if (token) {
    const pos = ctx.tokens.decode(scope, token);
    if (typeof pos !== "number") throw validationError("Invalid NextToken");
    start = pos;
  }
  const items = all.slice(start, start + size);
  return { items, ...(start + size < all.length && { NextToken: ctx.tokens.encode(scope, start + size) }) };
}
