import { test } from "node:test";
import assert from "node:assert/strict";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import { AuthFailure, type AuthFailureKind, type SignedRequest, type VerifyOptions } from "./auth-failure.js";
import { verifySigV4 } from "./sigv4.js";

const AKID = "AKIDEXAMPLE";
const SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const SIGNED_AT = new Date("2024-01-01T00:00:00Z");
const HOST = "127.0.0.1:4566";
const secrets: Record<string, string> = { [AKID]: SECRET, AKIDBOTOCORETEST: "botocore/secret+KEY/example" };

function opts(now: Date = SIGNED_AT, skewMs?: number): VerifyOptions {
  return { secretFor: (id) => secrets[id], now, ...(skewMs === undefined ? {} : { skewMs }) };
}

interface Unsigned {
  method?: string;
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}

function smithyRequest(u: Unsigned) {
  return {
    method: u.method ?? "POST",
    protocol: "http:",
    hostname: "127.0.0.1",
    port: 4566,
    path: u.path ?? "/",
    query: u.query ?? {},
    headers: { host: HOST, ...u.headers },
    ...(u.body === undefined ? {} : { body: u.body }),
  };
}

function signer(service = "ecs", region = "us-east-1", secret = SECRET, applyChecksum = false): SignatureV4 {
  return new SignatureV4({ service, region, credentials: { accessKeyId: AKID, secretAccessKey: secret }, sha256: Sha256, applyChecksum });
}

/** Query string the way an SDK puts it on the wire (RFC 3986, %20 for spaces). */
function wireQuery(query: Record<string, string | string[] | null>): string {
  const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return Object.entries(query)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v ?? ""]).map((x) => `${enc(k)}=${enc(x)}`))
    .join("&");
}

function toSigned(
  r: { method: string; path: string; query?: Record<string, string | string[] | null>; headers: Record<string, string> },
  body: string,
): SignedRequest {
  const qs = r.query ? wireQuery(r.query) : "";
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers)) headers[k.toLowerCase()] = v;
  return { method: r.method, url: qs ? `${r.path}?${qs}` : r.path, headers, body: Buffer.from(body) };
}

async function signed(u: Unsigned = {}, s = signer(), extra: Parameters<SignatureV4["sign"]>[1] = {}): Promise<SignedRequest> {
  const out = await s.sign(smithyRequest(u), { signingDate: SIGNED_AT, ...extra });
  return toSigned(out, u.body ?? "");
}

async function presigned(u: Unsigned = {}, expiresIn = 900, s = signer("sts")): Promise<SignedRequest> {
  const out = await s.presign(smithyRequest({ method: "GET", ...u }), { signingDate: SIGNED_AT, expiresIn });
  return toSigned(out, u.body ?? "");
}

const ecsPost: Unsigned = {
  headers: {
    "content-type": "application/x-amz-json-1.1",
    "x-amz-target": "AmazonEC2ContainerServiceV20141113.ListClusters",
    "user-agent": "aws-sdk-js/3.0",
  },
  body: JSON.stringify({ maxResults: 10 }),
};

function rejects(req: SignedRequest, o: VerifyOptions, kind: AuthFailureKind, message?: string | RegExp): void {
  assert.throws(
    () => verifySigV4(req, o),
    (e: unknown) => {
      assert.ok(e instanceof AuthFailure, `expected AuthFailure, got ${String(e)}`);
      assert.equal(e.kind, kind, e.message);
      if (typeof message === "string") assert.equal(e.message, message);
      else if (message) assert.match(e.message, message);
      return true;
    },
  );
}

const MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

// --- accepted requests -------------------------------------------------------------------------

test("accepts a header-signed JSON POST and returns the credential scope", async () => {
  const req = await signed(ecsPost);
  assert.deepEqual(verifySigV4(req, opts()), { accessKeyId: AKID, region: "us-east-1", service: "ecs" });
});

test("accepts a POST that signed x-amz-content-sha256 (applyChecksum)", async () => {
  const req = await signed(ecsPost, signer("ecs", "us-east-1", SECRET, true));
  assert.match(req.headers.authorization ?? "", /x-amz-content-sha256/);
  assert.equal(verifySigV4(req, opts()).service, "ecs");
});

test("accepts a header-signed GET with a query string, encoded path and repeated keys", async () => {
  const req = await signed({
    method: "GET",
    path: "/tags/arn%3Aaws%3Aecs%3Aus-east-1%3A1%3Acluster%2Fa%20b",
    query: { Action: "DescribeLoadBalancers", "Names.member.1": "my lb/ü*", Marker: "a+b~c", Empty: "" },
  });
  assert.deepEqual(verifySigV4(req, opts()), { accessKeyId: AKID, region: "us-east-1", service: "ecs" });
});

test("accepts signed headers that SignatureV4 would never sign itself, with folded whitespace", async () => {
  const req = await signed(
    { ...ecsPost, headers: { ...ecsPost.headers, "x-custom": "  a   b\tc  " } },
    signer(),
    { signableHeaders: new Set(["user-agent"]) },
  );
  assert.match(req.headers.authorization ?? "", /SignedHeaders=[^,]*user-agent/);
  verifySigV4(req, opts());
});

test("ignores unsigned headers a proxy adds or changes", async () => {
  const req = await signed(ecsPost);
  req.headers["user-agent"] = "changed";
  req.headers["x-forwarded-for"] = "10.0.0.1";
  verifySigV4(req, opts());
});

test("accepts a presigned GET (SignatureV4#presign, body hash of the empty body)", async () => {
  const req = await presigned({ query: { Action: "GetCallerIdentity", Version: "2011-06-15" } });
  assert.match(req.url, /X-Amz-Signature=/);
  assert.deepEqual(verifySigV4(req, opts(new Date("2024-01-01T00:14:00Z"))), {
    accessKeyId: AKID,
    region: "us-east-1",
    service: "sts",
  });
});

test("accepts a presigned GET signed over UNSIGNED-PAYLOAD", async () => {
  const req = await presigned({ headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" } });
  verifySigV4(req, opts());
});

test("accepts a request within the skew window and honours a custom skew", async () => {
  const req = await signed(ecsPost);
  verifySigV4(req, opts(new Date("2024-01-01T00:05:00Z")));
  verifySigV4(req, opts(new Date("2023-12-31T23:55:00Z")));
  rejects(req, opts(new Date("2024-01-01T00:01:00Z"), 30_000), "expired", /\(20240101T000100Z - 30 sec\.\)$/);
});

// --- botocore test vectors (generated with botocore 1.43.11, X-Amz-Date fixed) -----------------

const BOTOCORE_NOW = new Date("2024-01-01T12:01:00Z");

test("botocore vector: JSON POST to 127.0.0.1:4566", () => {
  const req: SignedRequest = {
    method: "POST",
    url: "/",
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "AmazonEC2ContainerServiceV20141113.ListClusters",
      "user-agent": "Botocore/1.43.11",
      "x-amz-date": "20240101T120000Z",
      authorization:
        "AWS4-HMAC-SHA256 Credential=AKIDBOTOCORETEST/20240101/us-east-1/ecs/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=0623d2d9413f8062be1aff0b77912e187465ebfbff4b19f367ed98a16e982332",
      "content-length": "18",
      host: "127.0.0.1:4566",
    },
    body: Buffer.from('{"maxResults": 10}'),
  };
  assert.deepEqual(verifySigV4(req, opts(BOTOCORE_NOW)), {
    accessKeyId: "AKIDBOTOCORETEST",
    region: "us-east-1",
    service: "ecs",
  });
  rejects({ ...req, body: Buffer.from('{"maxResults": 11}') }, opts(BOTOCORE_NOW), "signature", MISMATCH);
});

test("botocore vector: GET with an encoded query string", () => {
  const req: SignedRequest = {
    method: "GET",
    url: "/?Version=2015-12-01&Action=DescribeLoadBalancers&Names.member.1=my%20lb&Marker=a%2Fb~c",
    headers: {
      "user-agent": "x",
      "x-amz-date": "20240101T120000Z",
      authorization:
        "AWS4-HMAC-SHA256 Credential=AKIDBOTOCORETEST/20240101/eu-west-1/elasticloadbalancing/aws4_request, SignedHeaders=host;x-amz-date, Signature=f33335b7c4056134812444d6f21a79d6071729a394631f8bb1e7708f2b161dfa",
      host: "127.0.0.1:4566",
    },
    body: Buffer.alloc(0),
  };
  assert.equal(verifySigV4(req, opts(BOTOCORE_NOW)).service, "elasticloadbalancing");
  rejects({ ...req, url: req.url.replace("my%20lb", "my%20lc") }, opts(BOTOCORE_NOW), "signature", MISMATCH);
});

test("botocore vector: presigned GET (SigV4QueryAuth)", () => {
  const req: SignedRequest = {
    method: "GET",
    url: "/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDBOTOCORETEST%2F20240101%2Fus-east-1%2Fsts%2Faws4_request&X-Amz-Date=20240101T120000Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=be60f5ebcfc7410f2d8a451fc2b03b9886757e7aab61febb84e55d8ec1791339",
    headers: { host: "127.0.0.1:4566" },
    body: Buffer.alloc(0),
  };
  assert.equal(verifySigV4(req, opts(BOTOCORE_NOW)).service, "sts");
  rejects({ ...req, headers: { host: "127.0.0.1:4567" } }, opts(BOTOCORE_NOW), "signature", MISMATCH);
});

// --- missing -----------------------------------------------------------------------------------

test("missing: no Authorization header and no presigned query", () => {
  const req: SignedRequest = { method: "POST", url: "/", headers: { host: HOST }, body: Buffer.alloc(0) };
  rejects(req, opts(), "missing", "Request is missing Authentication Token");
});

test("missing: an Authorization header that is not SigV4", () => {
  const req: SignedRequest = { method: "POST", url: "/", headers: { host: HOST, authorization: "AWS AKID:abc=" }, body: Buffer.alloc(0) };
  rejects(req, opts(), "missing", "Request is missing Authentication Token");
});

test("missing: a presigned query with another algorithm", async () => {
  const req = await presigned();
  req.url = req.url.replace("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-HMAC-SHA1");
  rejects(req, opts(), "missing", "Request is missing Authentication Token");
});

// --- incomplete --------------------------------------------------------------------------------

function withAuth(authorization: string, headers: Record<string, string> = { "x-amz-date": "20240101T000000Z" }): SignedRequest {
  return { method: "POST", url: "/", headers: { host: HOST, ...headers, authorization }, body: Buffer.alloc(0) };
}

test("incomplete: lists every missing part and the date, then echoes the header", () => {
  rejects(
    withAuth("AWS4-HMAC-SHA256 Foo=bar", {}),
    opts(),
    "incomplete",
    "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Foo=bar",
  );
});

test("incomplete: only the parts that are missing", () => {
  const auth = `AWS4-HMAC-SHA256 Credential=${AKID}/20240101/us-east-1/ecs/aws4_request`;
  rejects(
    withAuth(auth),
    opts(),
    "incomplete",
    `Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=${auth}`,
  );
});

test("incomplete: no X-Amz-Date or Date header", async () => {
  const req = await signed(ecsPost);
  delete req.headers["x-amz-date"];
  rejects(
    req,
    opts(),
    "incomplete",
    `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${req.headers.authorization}`,
  );
});

test("incomplete: a date that is not ISO-8601 basic format", async () => {
  const req = await signed(ecsPost);
  req.headers["x-amz-date"] = "2024-01-01T00:00:00Z";
  rejects(
    req,
    opts(),
    "incomplete",
    "Date must be in ISO-8601 'basic format'. Got '2024-01-01T00:00:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
  );
  req.headers["x-amz-date"] = "20240231T000000Z";
  rejects(req, opts(), "incomplete", /^Date must be in ISO-8601 'basic format'\. Got '20240231T000000Z'/);
});

test("incomplete: a parameter without an equals sign", () => {
  const auth = "AWS4-HMAC-SHA256 Signature=b,    Credential,    SignedHeaders";
  rejects(
    withAuth(auth),
    opts(),
    "incomplete",
    `'Credential' not a valid key=value pair (missing equal-sign) in Authorization header: '${auth}'.`,
  );
});

test("incomplete: an unsupported algorithm", async () => {
  const req = await signed(ecsPost);
  req.headers.authorization = req.headers.authorization!.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512");
  rejects(req, opts(), "incomplete", "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). ");
});

test("incomplete: a credential without five parts", async () => {
  const req = await signed(ecsPost);
  req.headers.authorization = req.headers.authorization!.replace("/us-east-1/ecs/aws4_request", "/us-east-1/ecs");
  rejects(
    req,
    opts(),
    "incomplete",
    `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${AKID}/20240101/us-east-1/ecs'`,
  );
});

test("incomplete: a presigned query without credential and signature", async () => {
  const req = await presigned();
  req.url = req.url.replace(/&?X-Amz-(Credential|Signature)=[^&]*/g, "");
  rejects(
    req,
    opts(),
    "incomplete",
    "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters.",
  );
});

// --- expired -----------------------------------------------------------------------------------

test("expired: signed more than five minutes ago", async () => {
  const req = await signed(ecsPost);
  rejects(
    req,
    opts(new Date("2024-01-01T00:10:00Z")),
    "expired",
    "Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)",
  );
});

test("expired: signed more than five minutes in the future", async () => {
  const req = await signed(ecsPost);
  rejects(
    req,
    opts(new Date("2023-12-31T23:50:00Z")),
    "expired",
    "Signature not yet current: 20240101T000000Z is still later than 20231231T235500Z (20231231T235000Z + 5 min.)",
  );
});

test("expired: a presigned URL past X-Amz-Expires", async () => {
  const req = await presigned({}, 900);
  verifySigV4(req, opts(new Date("2024-01-01T00:15:00Z")));
  rejects(req, opts(new Date("2024-01-01T00:15:01Z")), "expired", "Request has expired");
});

test("expired: the date is checked before the signature", async () => {
  const req = await signed(ecsPost, signer("ecs", "us-east-1", "wrong secret"));
  rejects(req, opts(new Date("2024-02-01T00:00:00Z")), "expired", /^Signature expired: /);
});

// --- signature: host, scope, mismatch, body ----------------------------------------------------

test("signature: host is not among the signed headers", async () => {
  const req = await signed(ecsPost, signer(), { unsignableHeaders: new Set(["host"]) });
  assert.doesNotMatch(req.headers.authorization ?? "", /host/);
  rejects(req, opts(), "signature", "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
});

test("signature: the credential date differs from X-Amz-Date", async () => {
  const req = await signed(ecsPost);
  req.headers.authorization = req.headers.authorization!.replace("/20240101/", "/20231231/");
  rejects(
    req,
    opts(),
    "signature",
    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20231231' != '20240101', from '20240101T000000Z'.",
  );
});

test("signature: a bad region and terminator are reported together", async () => {
  const req = await signed(ecsPost);
  req.headers.authorization = req.headers.authorization!.replace("/us-east-1/ecs/aws4_request", "//ecs/aws5_request");
  rejects(
    req,
    opts(),
    "signature",
    "Credential should be scoped to a valid region. Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. ",
  );
});

test("unknown-key: the access key id is not configured", async () => {
  const req = await signed(ecsPost);
  req.headers.authorization = req.headers.authorization!.replace(`Credential=${AKID}/`, "Credential=AKIDUNKNOWN/");
  rejects(req, opts(), "unknown-key", "The security token included in the request is invalid.");
});

test("signature: signed with the wrong secret", async () => {
  const req = await signed(ecsPost, signer("ecs", "us-east-1", "not-the-secret"));
  rejects(req, opts(), "signature", MISMATCH);
});

test("signature: a changed signature or one of a different length", async () => {
  const req = await signed(ecsPost);
  const auth = req.headers.authorization!;
  const last = auth.at(-1) === "0" ? "1" : "0";
  rejects({ ...req, headers: { ...req.headers, authorization: auth.slice(0, -1) + last } }, opts(), "signature", MISMATCH);
  rejects({ ...req, headers: { ...req.headers, authorization: auth.slice(0, -2) } }, opts(), "signature", MISMATCH);
});

test("signature: a tampered body", async () => {
  const req = await signed(ecsPost);
  req.body = Buffer.from(JSON.stringify({ maxResults: 100 }));
  rejects(req, opts(), "signature", MISMATCH);
});

test("signature: a tampered body under a signed x-amz-content-sha256", async () => {
  const req = await signed(ecsPost, signer("ecs", "us-east-1", SECRET, true));
  req.body = Buffer.from("{}");
  rejects(req, opts(), "signature", "The provided 'x-amz-content-sha256' header does not match what was computed.");
});

test("signature: a changed signed header or method", async () => {
  const req = await signed(ecsPost);
  rejects({ ...req, headers: { ...req.headers, "x-amz-target": "AmazonEC2ContainerServiceV20141113.DeleteCluster" } }, opts(), "signature", MISMATCH);
  rejects({ ...req, method: "PUT" }, opts(), "signature", MISMATCH);
});

test("signature: a changed presigned query parameter", async () => {
  const req = await presigned({ query: { Action: "GetCallerIdentity" } });
  rejects({ ...req, url: req.url.replace("GetCallerIdentity", "AssumeRole") }, opts(), "signature", MISMATCH);
});

test("signature: both an Authorization header and a presigned query", async () => {
  const req = await presigned();
  req.headers.authorization = `AWS4-HMAC-SHA256 Credential=${AKID}/20240101/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00`;
  rejects(req, opts(), "signature", MISMATCH);
});
