/**
 * Why a request's signature was refused. The verifier says what went wrong; each protocol turns
 * the kind into its own error code (JSON: MissingAuthenticationTokenException, ...; Query:
 * MissingAuthenticationToken, ...), see `protocol/*`.
 */
export type AuthFailureKind =
  | "missing" // no Authorization header / presigned query
  | "incomplete" // Authorization present but malformed or missing parts / date
  | "unknown-key" // access key id not configured
  | "signature" // signature mismatch, bad scope, host not signed, payload hash mismatch
  | "expired"; // date outside the allowed window

export class AuthFailure extends Error {
  constructor(
    readonly kind: AuthFailureKind,
    message: string,
  ) {
    super(message);
    this.name = "AuthFailure";
  }
}

/** The request as the verifier sees it. Header names are lower-case. */
export interface SignedRequest {
  method: string;
  /** Path and query exactly as received, e.g. `/?Action=X&X-Amz-Signature=...`. */
  url: string;
  headers: Record<string, string | undefined>;
  body: Buffer;
}

export interface VerifiedIdentity {
  accessKeyId: string;
  region: string;
  /** The signing name in the credential scope (`ecs`, `logs`, `sts`, ...). */
  service: string;
}

export interface VerifyOptions {
  /** Secret for an access key id, or undefined when the key is unknown. */
  secretFor(accessKeyId: string): string | undefined;
  now: Date;
  /** Allowed clock skew in milliseconds (AWS: 5 minutes). */
  skewMs?: number;
}
