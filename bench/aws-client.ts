/**
 * A minimal signed AWS JSON 1.1 client for the bench's setup calls (registering task
 * definitions, capturing response bodies, readiness polls), signed with @smithy/signature-v4,
 * the signer the AWS SDK for JavaScript uses.
 */
import http from "node:http";
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";

export const ECS_TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113";
export const CONTENT_TYPE = "application/x-amz-json-1.1";
export const CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" } as const;
export const REGION = "us-east-1";
export const SERVICE = "ecs";

const signer = new SignatureV4({
  service: SERVICE,
  region: REGION,
  credentials: CREDENTIALS,
  sha256: Sha256,
  // ECS clients do not send x-amz-content-sha256; only S3-style signers do.
  applyChecksum: false,
});

export interface Endpoint {
  host: string;
  port: number;
}

export const hostHeader = (e: Endpoint): string => `${e.host}:${e.port}`;

/** The complete header set of a signed ECS request (Authorization, X-Amz-Date, X-Amz-Target, Content-Type, Host). */
export async function signedHeaders(e: Endpoint, operation: string, body: string, signingDate = new Date()): Promise<Record<string, string>> {
  const signed = await signer.sign(
    {
      method: "POST",
      protocol: "http:",
      hostname: e.host,
      port: e.port,
      path: "/",
      query: {},
      headers: {
        host: hostHeader(e),
        "content-type": CONTENT_TYPE,
        "x-amz-target": `${ECS_TARGET_PREFIX}.${operation}`,
      },
      body,
    },
    { signingDate },
  );
  return signed.headers as Record<string, string>;
}

export interface Reply {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });

export function post(e: Endpoint, headers: Record<string, string>, body: string, timeoutMs = 10_000): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: e.host, port: e.port, path: "/", method: "POST", headers: { ...headers, "content-length": Buffer.byteLength(body) }, agent, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), headers: res.headers }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`request to ${hostHeader(e)} timed out`)));
    req.on("error", reject);
    req.end(body);
  });
}

/** Calls an ECS operation with a fresh signature; returns the raw reply (any status). */
export async function callEcs(e: Endpoint, operation: string, input: unknown): Promise<Reply> {
  const body = JSON.stringify(input);
  return post(e, await signedHeaders(e, operation, body), body);
}

/** Like callEcs, but throws unless the answer is 200. */
export async function callEcsOk(e: Endpoint, operation: string, input: unknown, who: string): Promise<Reply> {
  const r = await callEcs(e, operation, input);
  if (r.status !== 200) throw new Error(`${who}: ${operation} answered ${r.status}: ${r.body.slice(0, 500)}`);
  return r;
}

export function closeClient(): void {
  agent.destroy();
}
