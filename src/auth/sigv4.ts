/**
 * Server-side AWS Signature Version 4 verification, for both the `Authorization` header form and
 * the presigned query-string form.
 *
 * The checks run in the order real AWS runs them (recorded in mhart/dynalite `index.js` and
 * dacut/scratchstack-aws-signature), so a client sees the same first error it would see at AWS:
 *
 *   1. no Authorization header / `X-Amz-Algorithm` query            → missing
 *   2. Credential / SignedHeaders / Signature / date absent          → incomplete
 *   3. date not ISO-8601 basic format                                → incomplete
 *   4. date outside the skew window (presigned: past X-Amz-Expires)  → expired
 *   5. `host` not among the signed headers                           → signature
 *   6. algorithm other than AWS4-HMAC-SHA256                         → incomplete
 *   7. credential not five `/`-separated parts                       → incomplete
 *   8. bad scope (region, service, terminator, date)                 → signature
 *   9. unknown access key id                                         → unknown-key
 *  10. x-amz-content-sha256 differs from the body's hash              → signature
 *  11. recomputed signature differs (constant-time compare)          → signature
 *
 * The canonicalisation (header value trimming, query encoding and sorting, path escaping, the
 * canonical-request layout and the credential scope) comes from `@smithy/signature-v4`, the
 * signer the AWS SDK for JavaScript uses, except for the common `POST /` request, whose canonical
 * request is written out directly (canonical-request.ts; tested against smithy's). Its hashing entry points (`sign`, `presign`,
 * `getSigningKey`, `createStringToSign`) are all Promise-based, and this verifier is synchronous
 * and on every request's path, so SHA-256 and HMAC are computed with `node:crypto` (native; the
 * pure-JS `@aws-crypto/sha256-js` takes ~50 µs to hash a 2 KB body, node:crypto ~4 µs). The
 * signing-key derivation is the four-step HMAC chain from the SigV4 spec, cached per
 * (secret, date, region, service) with its padded HMAC keys (hmac-sha256.ts), so the signature
 * of each request costs two one-shot SHA-256 hashes. The tests check every result against
 * signatures made by `SignatureV4#sign`/`presign` and by botocore.
 *
 * Not done here: `X-Amz-Security-Token` validation (AWS step 8; no temporary credentials yet),
 * and checking that the scope's region/service are the ones the endpoint serves (the caller knows
 * the target service; it can compare `VerifiedIdentity.service`).
 */
import { createHmac, hash } from "node:crypto";
import { createScope } from "@smithy/signature-v4";
import { commonCasePrefix, referenceCanonicalRequest, type CanonicalInput, type QueryBag } from "./canonical-request.js";
import { HmacSha256 } from "./hmac-sha256.js";
import { AuthFailure, type SignedRequest, type VerifiedIdentity, type VerifyOptions } from "./auth-failure.js";

const ALGORITHM = "AWS4-HMAC-SHA256";
const TERMINATOR = "aws4_request";
const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
const DEFAULT_SKEW_MS = 5 * 60 * 1000;
/** AWS refuses presigned URLs valid for longer than a week. */
const MAX_EXPIRES_SECONDS = 7 * 24 * 60 * 60;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

const MSG_MISSING = "Request is missing Authentication Token";
const MSG_MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
const MSG_UNKNOWN_KEY = "The security token included in the request is invalid.";
const MSG_HOST_NOT_SIGNED = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
const MSG_PAYLOAD_HASH = "The provided 'x-amz-content-sha256' header does not match what was computed.";
const MSG_PRESIGN_EXPIRED = "Request has expired";


/** What the Authorization header or the presigned query said, before any of it is checked. */
interface AuthParts {
  presigned: boolean;
  algorithm: string;
  credential: string;
  signedHeaders: string[];
  signature: string;
  /** The raw date string (X-Amz-Date, or the Date header) and where it came from. */
  date: string;
  dateIsAmz: boolean;
  /** Presigned only: X-Amz-Expires as sent, if sent. */
  expires?: string;
}

/**
 * Verifies a SigV4-signed request and returns who signed it and for which scope; throws
 * `AuthFailure` with AWS's message text otherwise.
 */
export function verifySigV4(req: SignedRequest, opts: VerifyOptions): VerifiedIdentity {
  const { path, rawQuery } = splitUrl(req.url);
  const query = parseQuery(rawQuery);
  const parts = readAuthParts(req, query);

  // Date format, then the time window.
  const signedAt = parseDate(parts);
  const longDate = parts.dateIsAmz ? parts.date : isoBasic(signedAt);
  checkTime(parts, signedAt, longDate, opts.now.getTime(), opts.skewMs ?? DEFAULT_SKEW_MS);

  if (!parts.signedHeaders.includes("host") && !parts.signedHeaders.includes(":authority")) {
    throw new AuthFailure("signature", MSG_HOST_NOT_SIGNED);
  }
  if (parts.algorithm !== ALGORITHM) {
    throw new AuthFailure(
      "incomplete",
      `Unsupported AWS 'algorithm': '${parts.algorithm}' (only ${ALGORITHM} for now). `,
    );
  }

  const scope = credentialParts(parts.credential);
  if (scope.length !== 5) {
    throw new AuthFailure(
      "incomplete",
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${parts.credential}'`,
    );
  }
  const [accessKeyId, shortDate, region, service, terminator] = scope as [string, string, string, string, string];
  checkScopeOnce(parts.credential, shortDate, region, service, terminator, longDate);

  const secret = opts.secretFor(accessKeyId);
  if (secret === undefined) throw new AuthFailure("unknown-key", MSG_UNKNOWN_KEY);

  const bodyHash = sha256Hex(req.body);
  const claimedHash = req.headers["x-amz-content-sha256"];
  if (claimedHash !== undefined && claimedHash !== bodyHash && !(parts.presigned && claimedHash === UNSIGNED_PAYLOAD)) {
    throw new AuthFailure("signature", MSG_PAYLOAD_HASH);
  }

  const input: CanonicalInput = { method: req.method, path, rawQuery, query, headers: req.headers, signedHeaders: parts.signedHeaders };
  const prefix = commonCasePrefix(input);
  const canonicalRequest = prefix === undefined ? referenceCanonicalRequest(input) : undefined;
  const signer = signingKey(secret, shortDate, region, service);
  const matches = (payloadHash: string): boolean => {
    const canonical = canonicalRequest === undefined ? prefix + payloadHash : canonicalRequest(payloadHash);
    const stringToSign = `${ALGORITHM}\n${longDate}\n${signer.scope}\n${sha256Hex(canonical)}`;
    return sameText(signer.hmac.hex(stringToSign), parts.signature);
  };

  // Header form: the payload hash is the body's. Presigned: botocore and smithy's generic presign
  // hash the (usually empty) body, S3-style signers use UNSIGNED-PAYLOAD; both are accepted.
  const ok = parts.presigned
    ? claimedHash !== undefined
      ? matches(claimedHash)
      : matches(bodyHash) || matches(UNSIGNED_PAYLOAD)
    : matches(bodyHash);
  if (!ok) throw new AuthFailure("signature", MSG_MISMATCH);
  return { accessKeyId, region, service };
}

// ---------------------------------------------------------------------------------------------
// Reading the request

function splitUrl(url: string): { path: string; rawQuery: string } {
  let target = url;
  // Absolute-form request targets (through a proxy): keep only path and query.
  if (target.charCodeAt(0) !== 47 /* "/" */ && /^https?:\/\//i.test(target)) {
    const slash = target.indexOf("/", target.indexOf("//") + 2);
    target = slash < 0 ? "/" : target.slice(slash);
  }
  const hash = target.indexOf("#");
  if (hash >= 0) target = target.slice(0, hash);
  const q = target.indexOf("?");
  const path = q < 0 ? target : target.slice(0, q);
  return { path: path === "" ? "/" : path, rawQuery: q < 0 ? "" : target.slice(q + 1) };
}

/** Decoded query parameters, repeated keys as arrays, in the shape smithy's canonicaliser takes. */
/** The parameters of a request without a query string (the usual case): shared, never modified. */
const NO_QUERY: QueryBag = Object.freeze(Object.create(null) as QueryBag);

function parseQuery(raw: string): QueryBag {
  if (raw === "") return NO_QUERY;
  const out: QueryBag = Object.create(null) as QueryBag;
  for (const pair of raw.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? "" : decode(pair.slice(eq + 1));
    const prev = out[key];
    if (prev === undefined) out[key] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else out[key] = [prev, value];
  }
  return out;
}

function decode(s: string): string {
  // `+` stays a plus: SigV4 clients encode spaces as %20, and a literal `+` re-encodes as %2B.
  if (!s.includes("%")) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function first(query: QueryBag, name: string): string | undefined {
  const v = query[name];
  return Array.isArray(v) ? v[0] : v;
}

function readAuthParts(req: SignedRequest, query: QueryBag): AuthParts {
  const auth = req.headers.authorization;
  const queryAlgorithm = first(query, "X-Amz-Algorithm");
  if (auth !== undefined && auth.trim() !== "") {
    // Both forms at once is ambiguous; AWS refuses it as a signature mismatch.
    if (queryAlgorithm !== undefined) throw new AuthFailure("signature", MSG_MISMATCH);
    return readAuthorizationHeaderOnce(auth, req.headers);
  }
  if (queryAlgorithm !== undefined) return readPresignedQuery(queryAlgorithm, query);
  throw new AuthFailure("missing", MSG_MISSING);
}

/**
 * The last header form read, by its inputs (the Authorization, X-Amz-Date and Date values): a
 * client's requests within one second carry the same three, and reading is a pure function of
 * them. Only well-formed results are kept; the parts are never modified by the caller.
 */
let lastHeaderRead: { auth: string; amzDate: string | undefined; date: string | undefined; parts: AuthParts } | undefined;

function readAuthorizationHeaderOnce(auth: string, headers: SignedRequest["headers"]): AuthParts {
  const amzDate = headers["x-amz-date"];
  const date = headers.date;
  const last = lastHeaderRead;
  if (last !== undefined && last.auth === auth && last.amzDate === amzDate && last.date === date) return last.parts;
  const parts = readAuthorizationHeader(auth, headers);
  lastHeaderRead = { auth, amzDate, date, parts };
  return parts;
}

function readAuthorizationHeader(auth: string, headers: SignedRequest["headers"]): AuthParts {
  const trimmed = auth.trim();
  // A header that is not SigV4 at all (SigV2 `AWS key:sig`, Basic, ...) counts as no token.
  if (!trimmed.startsWith("AWS4-")) throw new AuthFailure("missing", MSG_MISSING);
  const space = trimmed.search(/\s/);
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space);
  const params = new Map<string, string>();
  // AWS accepts commas, spaces or both between the parameters.
  for (const item of space < 0 ? [] : trimmed.slice(space + 1).split(/[\s,]+/)) {
    if (item === "") continue;
    const eq = item.indexOf("=");
    if (eq < 0) {
      throw new AuthFailure(
        "incomplete",
        `'${item}' not a valid key=value pair (missing equal-sign) in Authorization header: '${auth}'.`,
      );
    }
    params.set(item.slice(0, eq), item.slice(eq + 1));
  }
  const credential = params.get("Credential");
  const signature = params.get("Signature");
  const signedHeaders = params.get("SignedHeaders");
  const amzDate = headers["x-amz-date"];
  const date = amzDate ?? headers.date;
  let problems = "";
  if (credential === undefined) problems += "Authorization header requires 'Credential' parameter. ";
  if (signature === undefined) problems += "Authorization header requires 'Signature' parameter. ";
  if (signedHeaders === undefined) problems += "Authorization header requires 'SignedHeaders' parameter. ";
  if (date === undefined) problems += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  if (credential === undefined || signature === undefined || signedHeaders === undefined || date === undefined) {
    throw new AuthFailure("incomplete", `${problems}Authorization=${auth}`);
  }
  return {
    presigned: false,
    algorithm,
    credential,
    signature,
    signedHeaders: splitSignedHeaders(signedHeaders),
    date,
    dateIsAmz: amzDate !== undefined,
  };
}

function readPresignedQuery(algorithm: string, query: QueryBag): AuthParts {
  if (algorithm !== ALGORITHM) throw new AuthFailure("missing", MSG_MISSING);
  const credential = first(query, "X-Amz-Credential");
  const signature = first(query, "X-Amz-Signature");
  const signedHeaders = first(query, "X-Amz-SignedHeaders");
  const date = first(query, "X-Amz-Date");
  let problems = "";
  if (credential === undefined) problems += "AWS query-string parameters must include 'X-Amz-Credential'. ";
  if (signature === undefined) problems += "AWS query-string parameters must include 'X-Amz-Signature'. ";
  if (signedHeaders === undefined) problems += "AWS query-string parameters must include 'X-Amz-SignedHeaders'. ";
  if (date === undefined) problems += "AWS query-string parameters must include 'X-Amz-Date'. ";
  if (credential === undefined || signature === undefined || signedHeaders === undefined || date === undefined) {
    throw new AuthFailure("incomplete", `${problems}Re-examine the query-string parameters.`);
  }
  return {
    presigned: true,
    algorithm,
    credential,
    signature,
    signedHeaders: splitSignedHeaders(signedHeaders),
    date,
    dateIsAmz: true,
    expires: first(query, "X-Amz-Expires"),
  };
}

function splitSignedHeaders(list: string): string[] {
  return list.split(";").map((h) => h.trim().toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Date, time window and scope

/** The last date parsed (a pure function of the text and its header), since requests repeat it. */
let lastDate: { text: string; isAmz: boolean; ms: number } | undefined;

function parseDate(parts: AuthParts): number {
  const last = lastDate;
  if (last !== undefined && last.text === parts.date && last.isAmz === parts.dateIsAmz) return last.ms;
  const ms = parseDateText(parts);
  lastDate = { text: parts.date, isAmz: parts.dateIsAmz, ms };
  return ms;
}

function parseDateText(parts: AuthParts): number {
  let ms = Number.NaN;
  if (parts.dateIsAmz) {
    const m = AMZ_DATE.exec(parts.date);
    if (m) {
      const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
      const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
      // Reject fields that Date.UTC would silently roll over (20240231T..., T246000Z).
      const exact = t.getUTCDate() === d && t.getUTCMonth() === mo - 1 && t.getUTCHours() === h && t.getUTCMinutes() === mi;
      ms = exact && s < 60 ? t.getTime() : Number.NaN;
    }
  } else {
    ms = Date.parse(parts.date); // RFC 1123 `Date` header
  }
  if (Number.isNaN(ms)) {
    throw new AuthFailure(
      "incomplete",
      `Date must be in ISO-8601 'basic format'. Got '${parts.date}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    );
  }
  return ms;
}

function checkTime(parts: AuthParts, signedAt: number, longDate: string, now: number, skewMs: number): void {
  const skew = durationText(skewMs);
  if (signedAt > now + skewMs) {
    throw new AuthFailure(
      "expired",
      `Signature not yet current: ${longDate} is still later than ${isoBasic(now + skewMs)} (${isoBasic(now)} + ${skew}.)`,
    );
  }
  if (parts.presigned && parts.expires !== undefined) {
    if (!/^\d+$/.test(parts.expires)) throw new AuthFailure("incomplete", "X-Amz-Expires should be a number");
    const expires = Number(parts.expires);
    if (expires > MAX_EXPIRES_SECONDS) {
      throw new AuthFailure(
        "incomplete",
        `X-Amz-Expires must be less than a week (in seconds) that is ${MAX_EXPIRES_SECONDS}`,
      );
    }
    if (now > signedAt + expires * 1000) throw new AuthFailure("expired", MSG_PRESIGN_EXPIRED);
    return;
  }
  if (signedAt < now - skewMs) {
    throw new AuthFailure(
      "expired",
      `Signature expired: ${longDate} is now earlier than ${isoBasic(now - skewMs)} (${isoBasic(now)} - ${skew}.)`,
    );
  }
}

/** The last Credential split at its slashes (a client repeats it on every request); never modified. */
let lastCredential: { text: string; parts: readonly string[] } | undefined;

function credentialParts(credential: string): readonly string[] {
  const last = lastCredential;
  if (last !== undefined && last.text === credential) return last.parts;
  const parts = credential.split("/");
  lastCredential = { text: credential, parts };
  return parts;
}

/** The last credential and date whose scope passed (a pure check; a client repeats both). */
let lastGoodScope: { credential: string; longDate: string } | undefined;

function checkScopeOnce(credential: string, shortDate: string, region: string, service: string, terminator: string, longDate: string): void {
  const last = lastGoodScope;
  if (last !== undefined && last.credential === credential && last.longDate === longDate) return;
  checkScope(shortDate, region, service, terminator, longDate);
  lastGoodScope = { credential, longDate };
}

function checkScope(shortDate: string, region: string, service: string, terminator: string, longDate: string): void {
  // AWS reports every scope problem at once, each sentence followed by a space.
  let problems = "";
  if (!/^[a-z0-9-]+$/.test(region)) problems += "Credential should be scoped to a valid region. ";
  if (!/^[a-z0-9-]+$/.test(service)) problems += "Credential should be scoped to correct service. ";
  if (terminator !== TERMINATOR) {
    problems += `Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${terminator}'. `;
  }
  const expectedDate = longDate.slice(0, 8);
  if (shortDate !== expectedDate) {
    problems += `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${shortDate}' != '${expectedDate}', from '${longDate}'.`;
  }
  if (problems !== "") throw new AuthFailure("signature", problems);
}

/** `20240101T000000Z` (seconds precision, like X-Amz-Date). */
function isoBasic(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}

function durationText(ms: number): string {
  const secs = Math.round(ms / 1000);
  return secs % 60 === 0 ? `${secs / 60} min` : `${secs} sec`;
}

// ---------------------------------------------------------------------------------------------
// Signature maths

function sha256Hex(data: string | Buffer): string {
  return hash("sha256", data, "hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/** kSigning, ready to sign with, and the credential scope it belongs to. */
interface Signer {
  hmac: HmacSha256;
  /** `date/region/service/aws4_request`. */
  scope: string;
}

/** The signer per (secret, date, region, service); bounded by clearing when full. */
const signers = new Map<string, Signer>();
const MAX_SIGNING_KEYS = 1024;

/** The last signer handed out (clients keep one key, date, region and service for many requests). */
let lastSigner: { secret: string; shortDate: string; region: string; service: string; signer: Signer } | undefined;

function signingKey(secret: string, shortDate: string, region: string, service: string): Signer {
  const last = lastSigner;
  if (last !== undefined && last.secret === secret && last.shortDate === shortDate && last.region === region && last.service === service) return last.signer;
  const signer = derivedSigner(secret, shortDate, region, service);
  lastSigner = { secret, shortDate, region, service, signer };
  return signer;
}

function derivedSigner(secret: string, shortDate: string, region: string, service: string): Signer {
  const cacheKey = `${shortDate}\n${region}\n${service}\n${secret}`;
  let signer = signers.get(cacheKey);
  if (signer === undefined) {
    const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, shortDate), region), service), TERMINATOR);
    signer = { hmac: new HmacSha256(key), scope: createScope(shortDate, region, service) };
    if (signers.size >= MAX_SIGNING_KEYS) signers.clear();
    signers.set(cacheKey, signer);
  }
  return signer;
}

/**
 * Compares the expected hex signature with the one sent, in time that depends only on their
 * lengths (no early exit at the first differing character), without copying either.
 */
export function sameText(expected: string, provided: string): boolean {
  if (expected.length !== provided.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ provided.charCodeAt(i);
  return diff === 0;
}
