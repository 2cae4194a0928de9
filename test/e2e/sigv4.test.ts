/**
 * Signature Version 4 on the live endpoint: every way a signature can be wrong gets AWS's error
 * in the protocol's shape, and changes nothing.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { useTestServer } from "./harness.js";
import { ecsCall, rawRequest } from "./raw-client.js";

const env = useTestServer();

const create = (name: string, extra: Parameters<typeof ecsCall>[3] = {}) => ecsCall(env.server.url, "CreateCluster", { clusterName: name }, extra);

async function assertNotCreated(name: string) {
  const res = await ecsCall(env.server.url, "DescribeClusters", { clusters: [name] });
  assert.equal((res.json().failures as unknown[]).length, 1, `${name} must not exist`);
}

describe("SigV4 failures (AWS JSON 1.1)", () => {
  test("no signature is MissingAuthenticationTokenException", async () => {
    const res = await create("unsigned", { sign: false });
    assert.equal(res.status, 403);
    assert.equal(res.json().__type, "MissingAuthenticationTokenException");
    assert.equal(res.json().message, "Request is missing Authentication Token");
    await assertNotCreated("unsigned");
  });

  test("a malformed Authorization header is IncompleteSignatureException", async () => {
    const res = await create("malformed", { sign: false, headers: { authorization: "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/ecs/aws4_request", "x-amz-date": "20240101T000000Z" } });
    assert.equal(res.status, 400);
    assert.equal(res.json().__type, "IncompleteSignatureException");
    assert.match(res.json().message as string, /Signature/);
    await assertNotCreated("malformed");
  });

  test("an unknown access key is UnrecognizedClientException", async () => {
    const res = await create("stranger", { sign: { accessKeyId: "AKIASTRANGER", secretAccessKey: "test" } });
    assert.equal(res.status, 403);
    assert.equal(res.json().__type, "UnrecognizedClientException");
    assert.equal(res.json().message, "The security token included in the request is invalid.");
    await assertNotCreated("stranger");
  });

  test("a wrong secret is InvalidSignatureException", async () => {
    const res = await create("wrongsecret", { sign: { secretAccessKey: "not-test" } });
    assert.equal(res.status, 403);
    assert.equal(res.json().__type, "InvalidSignatureException");
    assert.match(res.json().message as string, /The request signature we calculated does not match the signature you provided/);
    await assertNotCreated("wrongsecret");
  });

  test("a stale date is InvalidSignatureException 'Signature expired'", async () => {
    const res = await create("stale", { sign: { date: new Date(Date.now() - 20 * 60_000) } });
    assert.equal(res.status, 403);
    assert.equal(res.json().__type, "InvalidSignatureException");
    assert.match(res.json().message as string, /Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)/);
    await assertNotCreated("stale");
  });

  test("a date in the future is refused too", async () => {
    const res = await create("future", { sign: { date: new Date(Date.now() + 20 * 60_000) } });
    assert.equal(res.json().__type, "InvalidSignatureException");
    await assertNotCreated("future");
  });

  test("a signature scoped to another service is InvalidSignatureException", async () => {
    const res = await create("wrongservice", { sign: { service: "logs" } });
    assert.equal(res.json().__type, "InvalidSignatureException");
    assert.match(res.json().message as string, /Credential should be scoped to correct service: 'ecs'/);
    await assertNotCreated("wrongservice");
  });

  test("a body changed after signing is InvalidSignatureException", async () => {
    // Sign one body, send another: the signed payload hash no longer matches.
    const { SignatureV4 } = await import("@smithy/signature-v4");
    const { Sha256 } = await import("@aws-crypto/sha256-js");
    const url = new URL(env.server.url);
    const headers = { host: url.host, "content-type": "application/x-amz-json-1.1", "x-amz-target": "AmazonEC2ContainerServiceV20141113.CreateCluster" };
    const req = await new SignatureV4({ credentials: { accessKeyId: "test", secretAccessKey: "test" }, region: "us-east-1", service: "ecs", sha256: Sha256 }).sign({
      method: "POST", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: "/", headers, body: JSON.stringify({ clusterName: "innocent" }),
    });
    const sent = { ...req.headers } as Record<string, string>;
    delete sent.host;
    const res = await fetch(env.server.url, { method: "POST", headers: sent, body: JSON.stringify({ clusterName: "tampered" }) });
    assert.equal(res.status, 403);
    assert.equal(((await res.json()) as { __type: string }).__type, "InvalidSignatureException");
    await assertNotCreated("tampered");
    await assertNotCreated("innocent");
  });

  test("the region comes from the credential scope", async () => {
    const res = await create("regional", { sign: { region: "eu-central-1" } });
    assert.equal(res.status, 200);
    assert.equal((res.json().cluster as { clusterArn: string }).clusterArn, "arn:aws:ecs:eu-central-1:000000000000:cluster/regional");
  });
});

describe("SigV4 failures (AWS Query)", () => {
  const sts = (extra: Parameters<typeof rawRequest>[1]) =>
    rawRequest(env.server.url, { headers: { "content-type": "application/x-www-form-urlencoded" }, body: "Action=GetCallerIdentity&Version=2011-06-15", ...extra });

  test("unknown key is InvalidClientTokenId, wrong secret SignatureDoesNotMatch, stale date SignatureDoesNotMatch", async () => {
    const unknown = await sts({ sign: { service: "sts", accessKeyId: "nobody" } });
    assert.equal(unknown.status, 403);
    assert.match(unknown.text, /<Code>InvalidClientTokenId<\/Code>/);
    const wrong = await sts({ sign: { service: "sts", secretAccessKey: "nope" } });
    assert.match(wrong.text, /<Code>SignatureDoesNotMatch<\/Code>/);
    const stale = await sts({ sign: { service: "sts", date: new Date(Date.now() - 3600_000) } });
    assert.match(stale.text, /<Code>SignatureDoesNotMatch<\/Code><Message>Signature expired/);
    const incomplete = await sts({ sign: false, headers: { "content-type": "application/x-www-form-urlencoded", authorization: "AWS4-HMAC-SHA256 Credential=x" } });
    assert.equal(incomplete.status, 400);
    assert.match(incomplete.text, /<Code>IncompleteSignature<\/Code>/);
  });

  test("a presigned URL is accepted", async () => {
    const { SignatureV4 } = await import("@smithy/signature-v4");
    const { Sha256 } = await import("@aws-crypto/sha256-js");
    const url = new URL(env.server.url);
    const presigned = await new SignatureV4({ credentials: { accessKeyId: "test", secretAccessKey: "test" }, region: "us-east-1", service: "sts", sha256: Sha256 }).presign(
      { method: "GET", protocol: "http:", hostname: url.hostname, port: Number(url.port), path: "/", query: { Action: "GetCallerIdentity", Version: "2011-06-15" }, headers: { host: url.host } },
      { expiresIn: 60 },
    );
    const qs = new URLSearchParams(presigned.query as Record<string, string>).toString();
    const res = await fetch(`${env.server.url}/?${qs}`);
    const text = await res.text();
    assert.equal(res.status, 200, text);
    assert.match(text, /<Account>000000000000<\/Account>/);
  });
});
