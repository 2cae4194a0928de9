/**
 * Cloud Map identifiers: `ns-` and `srv-` followed by 16 lowercase letters and digits; operation ids
 * of 32 + 8 characters (`abcd...-wxyz1234`); ARNs `arn:aws:servicediscovery:<region>:<account>:namespace/<id>`
 * and `.../service/<id>`. Requests may name a namespace or service by id or by ARN.
 */
import { randomInt } from "node:crypto";
import type { RequestContext } from "../../server/service.js";

const CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
const random = (n: number) => Array.from({ length: n }, () => CHARS[randomInt(CHARS.length)]).join("");

export const newNamespaceId = () => `ns-${random(16)}`;
export const newServiceId = () => `srv-${random(16)}`;
export const newOperationId = () => `${random(32)}-${random(8)}`;
/** A Route 53 hosted-zone id, for DNS namespaces' DnsProperties. */
export const newHostedZoneId = () => `Z${random(20).toUpperCase()}`;

export const namespaceArn = (ctx: Pick<RequestContext, "region" | "accountId">, id: string) =>
  `arn:aws:servicediscovery:${ctx.region}:${ctx.accountId}:namespace/${id}`;
export const serviceArn = (ctx: Pick<RequestContext, "region" | "accountId">, id: string) =>
  `arn:aws:servicediscovery:${ctx.region}:${ctx.accountId}:service/${id}`;

/** `ns-...` or its ARN → the id. */
export function idOf(idOrArn: string): string {
  return idOrArn.startsWith("arn:") ? idOrArn.slice(idOrArn.lastIndexOf("/") + 1) : idOrArn;
}
