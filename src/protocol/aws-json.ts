/**
 * AWS JSON 1.1: `POST /`, `X-Amz-Target: <prefix>.<Operation>`, JSON bodies; errors as
 * `{"__type": code, "message": text}`. Timestamps leave as epoch seconds (Date → number).
 */
import { AwsError } from "../errors.js";
import type { AuthFailureKind } from "../auth/auth-failure.js";
import type { HttpResponse } from "../server/http-types.js";
import { JsonText } from "./json-text.js";
import { EVENT_STREAM_CONTENT_TYPE, EventStreamOutput, eventStreamEncoder } from "./event-stream.js";

export const JSON_CONTENT_TYPE = "application/x-amz-json-1.1";

/** Parse a request body; an empty body is `{}`. Anything but a JSON object is a SerializationException. */
export function parseJsonBody(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString("utf8"));
  } catch {
    throw new AwsError("SerializationException", "Start of structure or map found where not expected, or the request body is not valid JSON.");
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new AwsError("SerializationException", "The request body must be a JSON object.");
  }
  return parsed as Record<string, unknown>;
}

/**
 * A copy of `value` with every Date replaced by its epoch seconds; parts without a Date are
 * shared, not copied. (Cheaper than a JSON.stringify replacer, which takes V8 off its fast path.)
 */
function withEpochSeconds(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const v = withEpochSeconds(value[i]);
      if (v !== value[i]) (out ??= value.slice())[i] = v;
    }
    return out ?? value;
  }
  let out: Record<string, unknown> | undefined;
  for (const key in value) {
    const original = (value as Record<string, unknown>)[key];
    const v = withEpochSeconds(original);
    if (v !== original) (out ??= { ...(value as Record<string, unknown>) })[key] = v;
  }
  return out ?? value;
}

/** Serialize output: Dates become epoch seconds with millisecond precision. */
export function serializeJson(output: unknown): string {
  return JSON.stringify(withEpochSeconds(output ?? {}));
}

export function jsonSuccess(requestId: string, output: unknown): HttpResponse {
  if (output instanceof EventStreamOutput) {
    return {
      status: 200,
      headers: { "content-type": EVENT_STREAM_CONTENT_TYPE, "x-amzn-requestid": requestId },
      body: "",
      async stream(write, signal) {
        const encode = await eventStreamEncoder();
        for await (const e of output.events(signal)) {
          if (signal.aborted) break;
          write(encode(e));
        }
      },
    };
  }
  return {
    status: 200,
    headers: { "content-type": JSON_CONTENT_TYPE, "x-amzn-requestid": requestId },
    body: output instanceof JsonText ? output.text : serializeJson(output),
  };
}

export function jsonError(requestId: string, err: AwsError): HttpResponse {
  return {
    status: err.status,
    headers: { "content-type": JSON_CONTENT_TYPE, "x-amzn-requestid": requestId, "x-amzn-errortype": err.code },
    body: JSON.stringify({ __type: err.code, message: err.message, ...err.extra }),
  };
}

/** JSON 1.1 names and statuses for signature failures. */
export const jsonAuthError: Record<AuthFailureKind, { code: string; status: number }> = {
  missing: { code: "MissingAuthenticationTokenException", status: 403 },
  incomplete: { code: "IncompleteSignatureException", status: 400 },
  "unknown-key": { code: "UnrecognizedClientException", status: 403 },
  signature: { code: "InvalidSignatureException", status: 403 },
  expired: { code: "InvalidSignatureException", status: 403 },
};
