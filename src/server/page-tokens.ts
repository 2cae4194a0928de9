/**
 * Opaque, tamper-evident pagination tokens: base64url(JSON position) + "." + HMAC. The secret
 * lives in the store, so tokens stay valid across restarts. A token is bound to its scope (the
 * operation and its filters), so one list's token can't be replayed against another.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export class PageTokens {
  constructor(private readonly secret: Buffer) {}

  private mac(scope: string, payload: string): string {
    return createHmac("sha256", this.secret).update(scope).update("\0").update(payload).digest("base64url").slice(0, 22);
  }

  encode(scope: string, position: unknown): string {
    const payload = Buffer.from(JSON.stringify(position)).toString("base64url");
    return `${payload}.${this.mac(scope, payload)}`;
  }

  /** The position, or undefined when the token is malformed, tampered with, or from another scope. */
  decode(scope: string, token: string): unknown {
    const dot = token.indexOf(".");
    if (dot <= 0) return undefined;
    const payload = token.slice(0, dot);
    const given = Buffer.from(token.slice(dot + 1));
    const want = Buffer.from(this.mac(scope, payload));
    if (given.length !== want.length || !timingSafeEqual(given, want)) return undefined;
    try {
      return JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch {
      return undefined;
    }
  }
}
