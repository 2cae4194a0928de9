/**
 * The SigV4 canonical request a verifier recomputes. `@smithy/signature-v4` (the AWS SDK for
 * JavaScript's signer) is the reference and builds it for every request but the common one;
 * that one, `POST /` with no query string whose signed headers are listed in sorted order and
 * all present (what every AWS SDK and the aws CLI send to a JSON or Query endpoint), is written
 * out directly: same text, without smithy's path normalisation, query encoding, header sorting
 * and per-header regexes. The unit tests check the two agree on generated requests.
 */
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4, getCanonicalHeaders, getCanonicalQuery } from "@smithy/signature-v4";

export type SmithyRequest = Parameters<typeof getCanonicalQuery>[0];
export type QueryBag = Record<string, string | string[]>;
type Headers = Record<string, string | undefined>;

/**
 * Exposes SignatureV4's (protected, synchronous) canonical-request builder. The credentials,
 * region and service given here are never used: only `createCanonicalRequest` is called, which
 * reads nothing but its arguments and the path-escaping flag (true: every service but S3).
 */
class CanonicalRequestBuilder extends SignatureV4 {
  constructor() {
    super({
      service: "unused",
      region: "unused",
      credentials: { accessKeyId: "unused", secretAccessKey: "unused" },
      sha256: Sha256,
      uriEscapePath: true,
    });
  }

  canonicalRequest(request: SmithyRequest, canonicalHeaders: Record<string, string>, payloadHash: string): string {
    return this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
  }
}

const builder = new CanonicalRequestBuilder();

/** What goes into a canonical request, as the verifier read it from the request. */
export interface CanonicalInput {
  method: string;
  /** The path without the query string (never empty). */
  path: string;
  /** The raw query string ("" when none) and its decoded parameters. */
  rawQuery: string;
  query: QueryBag;
  headers: Headers;
  /** SignedHeaders as the client listed them, lowercased and trimmed. */
  signedHeaders: string[];
}

/** A function from payload hash to canonical request, for one request (the hash may be tried twice). */
export type CanonicalRequest = (payloadHash: string) => string;

/** The canonical request builder for this request: the direct one when it applies, else smithy's. */
export function canonicalRequestFor(input: CanonicalInput): CanonicalRequest {
  const prefix = commonCasePrefix(input);
  if (prefix !== undefined) return (payloadHash) => prefix + payloadHash;
  return referenceCanonicalRequest(input);
}

/** smithy's canonical request (the reference): any path, query and header set. */
export function referenceCanonicalRequest(input: CanonicalInput): CanonicalRequest {
  const request: SmithyRequest = { method: input.method, protocol: "http:", hostname: "", path: input.path, query: input.query, headers: {} };
  const canonicalHeaders = pickCanonicalHeaders(input.headers, input.signedHeaders);
  return (payloadHash) => builder.canonicalRequest(request, canonicalHeaders, payloadHash);
}

/** The listed headers only (a client never signs user-agent & co), canonicalised by smithy. */
function pickCanonicalHeaders(headers: Headers, signed: string[]): Record<string, string> {
  const picked: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const name of signed) {
    // Own properties only: a signed `constructor` names no header (and must not reach smithy as a function).
    const value = Object.hasOwn(headers, name) ? headers[name] : name === ":authority" ? headers.host : undefined;
    if (typeof value === "string") picked[name] = value;
  }
  // `signableHeaders` overrides smithy's list of never-signed headers for what the client did sign.
  return getCanonicalHeaders({ method: "", protocol: "http:", hostname: "", path: "/", headers: picked }, undefined, new Set(signed));
}

/** Characters smithy rewrites in a header value: CR/LF/tab, runs of spaces, a leading or trailing space. */
const NEEDS_FOLDING = /[\r\n\t]| {2}|^ | $/;

/**
 * The last common-case prefix built, with what it was built from: a client sends the same method
 * and signed header values for many requests in a row (X-Amz-Date changes once a second), and the
 * prefix is a pure function of them. Never modified once stored.
 */
let lastPrefix: { method: string; names: readonly string[]; values: readonly string[]; prefix: string } | undefined;

/**
 * Everything of the canonical request but the payload hash, for `/` with no query and headers
 * signed in sorted order, each present once; undefined for anything else (smithy builds those).
 */
export function commonCasePrefix(input: CanonicalInput): string | undefined {
  const names = input.signedHeaders;
  if (input.path !== "/" || input.rawQuery !== "" || names.length === 0) return undefined;
  const last = lastPrefix;
  if (last !== undefined && last.method === input.method && sameValues(last, input.headers, names)) return last.prefix;
  let lines = "";
  let previous = "";
  const values: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    // Strictly ascending (no duplicates), as smithy sorts them; no pseudo-headers or odd keys.
    if (!(name > previous) || name === "__proto__" || name.charCodeAt(0) === 58 /* ":" */) return undefined;
    previous = name;
    const value = Object.hasOwn(input.headers, name) ? input.headers[name] : undefined;
    if (typeof value !== "string" || NEEDS_FOLDING.test(value)) return undefined;
    values.push(value);
    lines += `${name}:${value}\n`;
  }
  const prefix = `${input.method}\n/\n\n${lines}\n${names.join(";")}\n`;
  lastPrefix = { method: input.method, names: names.slice(), values, prefix };
  return prefix;
}

/** Same header names, in the same order, each present with the value the last prefix was built from. */
function sameValues(last: { names: readonly string[]; values: readonly string[] }, headers: Headers, names: readonly string[]): boolean {
  if (names.length !== last.names.length) return false;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (name !== last.names[i] || !Object.hasOwn(headers, name) || headers[name] !== last.values[i]) return false;
  }
  return true;
}
