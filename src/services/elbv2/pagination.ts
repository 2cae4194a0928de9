/** ELBv2's Marker/PageSize pages over an in-memory list (berth's ELB lists are small). */
import type { RequestContext } from "../../server/service.js";
import { validation } from "./errors.js";

export function page<T>(ctx: RequestContext, scope: string, items: T[], marker: string | undefined, pageSize: number | undefined): { items: T[]; NextMarker?: string } {
  let start = 0;
  if (marker !== undefined) {
    const pos = ctx.tokens.decode(scope, marker);
    if (typeof pos !== "number") throw validation("Invalid value for marker");
    start = pos;
  }
  const size = pageSize ?? 400;
  const end = start + size;
  return { items: items.slice(start, end), NextMarker: end < items.length ? ctx.tokens.encode(scope, end) : undefined };
}
