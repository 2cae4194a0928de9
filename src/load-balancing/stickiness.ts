/**
 * Sticky sessions, pure. `lb_cookie` (ALB): the AWSALB cookie names the target that served the
 * client; while that target may still take requests it gets the next one, else round robin picks
 * anew and the cookie is renewed. `source_ip` (NLB): the client address picks among the eligible
 * targets by hash. The cookie is berth's own opaque value (ALB's is encrypted; clients must not
 * read either).
 */
import { createHash } from "node:crypto";
import type { TargetView } from "./view.js";

export const STICKY_COOKIE = "AWSALB";

export const cookieValue = (groupArn: string, t: TargetView) => Buffer.from(`${groupArn.slice(-16)}|${t.id}|${t.port}`).toString("base64url");

/** The AWSALB value from a Cookie header, if any. */
export function stickyCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === STICKY_COOKIE) return part.slice(i + 1).trim();
  }
  return undefined;
}

/** The eligible target the cookie names, if it still is one. */
export function stuckTarget(groupArn: string, eligible: readonly TargetView[], value: string | undefined): TargetView | undefined {
  if (!value) return undefined;
  return eligible.find((t) => cookieValue(groupArn, t) === value);
}

export function bySourceIp(eligible: readonly TargetView[], sourceIp: string): TargetView | undefined {
  if (eligible.length === 0) return undefined;
  const h = createHash("sha1").update(sourceIp).digest().readUInt32BE(0);
  return eligible[h % eligible.length];
}

export function setCookieHeader(value: string, durationSeconds: number, now: number): string {
  return `${STICKY_COOKIE}=${value}; Expires=${new Date(now + durationSeconds * 1000).toUTCString()}; Path=/`;
}
