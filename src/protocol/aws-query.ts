/**
 * AWS Query: form-encoded `Action=<Op>&Version=<v>&...` in (POST body or GET query), XML out.
 * Decoding and encoding follow the service model: lists are `Name.member.N` (or `Name.N` when
 * flattened), maps `Name.entry.N.key|value`, structures `Name.Member`; responses are
 * `<OpResponse><OpResult>…</OpResult><ResponseMetadata/></OpResponse>` with ISO-8601 times.
 */
import { XMLBuilder } from "fast-xml-parser";
import { AwsError } from "../errors.js";
import type { AuthFailureKind } from "../auth/auth-failure.js";
import type { HttpResponse } from "../server/http-types.js";
import type { ServiceModel, ShapeRef } from "./model.js";
import { JsonText } from "./json-text.js";

export const XML_CONTENT_TYPE = "text/xml";

/** Flat form parameters from a urlencoded string. */
export function parseForm(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of new URLSearchParams(text)) out.set(k, v);
  return out;
}

type Value = string | number | boolean | Value[] | { [k: string]: Value };

function hasPrefix(params: Map<string, string>, prefix: string): boolean {
  for (const k of params.keys()) if (k === prefix || k.startsWith(`${prefix}.`)) return true;
  return false;
}

function decodeValue(model: ServiceModel, ref: ShapeRef, params: Map<string, string>, prefix: string): Value | undefined {
  const shape = model.shapes[ref.shape]!;
  switch (shape.type) {
    case "structure": {
      const out: Record<string, Value> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const v = decodeValue(model, member, params, `${prefix}${prefix ? "." : ""}${member.locationName ?? name}`);
        if (v !== undefined) out[name] = v;
      }
      return prefix && Object.keys(out).length === 0 && !hasPrefix(params, prefix) ? undefined : out;
    }
    case "list": {
      const base = shape.member!.locationName ? prefix : ref.flattened ? prefix : `${prefix}.member`;
      const items: Value[] = [];
      for (let i = 1; hasPrefix(params, `${base}.${i}`); i++) {
        const v = decodeValue(model, shape.member!, params, `${base}.${i}`);
        items.push(v ?? "");
      }
      // `Name=` with an empty value is how Query sends an empty list.
      if (items.length === 0) return params.has(prefix) ? [] : undefined;
      return items;
    }
    case "map": {
      const out: Record<string, Value> = {};
      for (let i = 1; hasPrefix(params, `${prefix}.entry.${i}`); i++) {
        const k = params.get(`${prefix}.entry.${i}.key`);
        const v = decodeValue(model, shape.value!, params, `${prefix}.entry.${i}.value`);
        if (k !== undefined && v !== undefined) out[k] = v;
      }
      return Object.keys(out).length ? out : undefined;
    }
    default: {
      const raw = params.get(prefix);
      if (raw === undefined) return undefined;
      switch (shape.type) {
        case "integer":
        case "long":
        case "double":
        case "float":
          // Left as a string when it is not a number, so the validator names the field.
          return raw.trim() !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
        case "boolean":
          return raw === "true" ? true : raw === "false" ? false : raw;
        default:
          return raw;
      }
    }
  }
}

/** Decode the form parameters of one operation into its input structure (unvalidated). */
export function decodeQueryInput(model: ServiceModel, operation: string, params: Map<string, string>): Record<string, unknown> {
  const ref = model.operations[operation]?.input;
  if (!ref) return {};
  return (decodeValue(model, ref, params, "") as Record<string, unknown>) ?? {};
}

type XmlNode = string | XmlNode[] | { [k: string]: XmlNode };

function encodeValue(model: ServiceModel, ref: ShapeRef, value: unknown): XmlNode | undefined {
  if (value === undefined || value === null) return undefined;
  const shape = model.shapes[ref.shape]!;
  switch (shape.type) {
    case "structure": {
      const out: Record<string, XmlNode> = {};
      for (const [name, member] of Object.entries(shape.members ?? {})) {
        const v = encodeValue(model, member, (value as Record<string, unknown>)[name]);
        if (v !== undefined) out[member.locationName ?? name] = v;
      }
      return out;
    }
    case "list": {
      const items = (value as unknown[]).map((v) => encodeValue(model, shape.member!, v) ?? "");
      return { [shape.member!.locationName ?? "member"]: items };
    }
    case "map":
      return {
        entry: Object.entries(value as Record<string, unknown>).map(([k, v]) => ({ key: k, value: encodeValue(model, shape.value!, v) ?? "" })),
      };
    case "timestamp":
      return (value instanceof Date ? value : new Date(value as string | number)).toISOString();
    default:
      return String(value);
  }
}

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@", suppressEmptyNode: false });

export function querySuccess(model: ServiceModel, operation: string, requestId: string, output: unknown): HttpResponse {
  if (output instanceof JsonText) throw new Error(`${operation}: a pre-serialized JSON body cannot be sent over AWS Query`);
  const op = model.operations[operation]!;
  const result = op.output ? encodeValue(model, op.output, output ?? {}) : undefined;
  const body: Record<string, XmlNode> = {};
  if (result !== undefined && op.output?.resultWrapper) body[op.output.resultWrapper] = result;
  body.ResponseMetadata = { RequestId: requestId };
  const doc = { [`${operation}Response`]: { "@xmlns": model.metadata.xmlNamespace ?? "", ...body } };
  return {
    status: 200,
    headers: { "content-type": XML_CONTENT_TYPE, "x-amzn-requestid": requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(doc)}`,
  };
}

export function queryError(xmlNamespace: string, requestId: string, err: AwsError): HttpResponse {
  const doc = {
    ErrorResponse: {
      "@xmlns": xmlNamespace,
      Error: { Type: err.faultType, Code: err.code, Message: err.message },
      RequestId: requestId,
    },
  };
  return {
    status: err.status,
    headers: { "content-type": XML_CONTENT_TYPE, "x-amzn-requestid": requestId },
    body: `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(doc)}`,
  };
}

/** Query-protocol names and statuses for signature failures. */
export const queryAuthError: Record<AuthFailureKind, { code: string; status: number }> = {
  missing: { code: "MissingAuthenticationToken", status: 403 },
  incomplete: { code: "IncompleteSignature", status: 400 },
  "unknown-key": { code: "InvalidClientTokenId", status: 403 },
  signature: { code: "SignatureDoesNotMatch", status: 403 },
  expired: { code: "SignatureDoesNotMatch", status: 403 },
};
