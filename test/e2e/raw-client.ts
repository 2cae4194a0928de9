/**
 * A raw HTTP client for protocol tests: builds AWS JSON 1.1 and AWS Query requests, signs them
 * with SigV4 (the AWS SDK's signer) unless told not to, and returns status, headers and body.
 */
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "@aws-crypto/sha256-js";

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json(): Record<string, unknown>;
}

export interface RawRequest {
  headers?: Record<string, string>;
  body?: string;
  method?: string;
  path?: string;
  /** Sign with these (defaults test/test, us-east-1); `false` sends unsigned. */
  sign?: false | { accessKeyId?: string; secretAccessKey?: string; region?: string; service?: string; date?: Date };
}

export async function rawRequest(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(req.path ?? "/", baseUrl);
  const headers: Record<string, string> = { host: url.host, ...(req.headers ?? {}) };
  const method = req.method ?? "POST";
  if (req.sign !== false) {
    const s = req.sign ?? {};
    const signer = new SignatureV4({
      credentials: { accessKeyId: s.accessKeyId ?? "test", secretAccessKey: s.secretAccessKey ?? "test" },
      region: s.region ?? "us-east-1",
      service: s.service ?? "ecs",
      sha256: Sha256,
    });
    const query: Record<string, string> = {};
    url.searchParams.forEach((v, k) => (query[k] = v));
    const signed = await signer.sign(
      { method, protocol: "http:", hostname: url.hostname, port: Number(url.port), path: url.pathname, query, headers, body: req.body },
      { signingDate: s.date },
    );
    Object.assign(headers, signed.headers);
  }
  delete headers.host;
  const res = await fetch(url, { method, headers, body: method === "GET" ? undefined : (req.body ?? "") });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) };
}

/** An ECS (AWS JSON 1.1) call. */
export const ecsCall = (baseUrl: string, action: string, body: unknown, extra: Partial<RawRequest> = {}) =>
  rawRequest(baseUrl, {
    ...extra,
    headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `AmazonEC2ContainerServiceV20141113.${action}`, ...extra.headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
