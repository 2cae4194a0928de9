/**
 * Parameter Store records and their wire views. A SecureString's value is stored as given and
 * shown only WithDecryption; without it the value is an opaque ciphertext-like string.
 */
import { AwsError } from "../../errors.js";
import type { RequestContext } from "../../server/service.js";
import type { SsmParameterRecord } from "../../store/store.js";

export interface ParameterDoc {
  Name: string;
  Type: "String" | "StringList" | "SecureString";
  Value: string;
  Version: number;
  /** Epoch ms. */
  LastModifiedDate: number;
  DataType: string;
  Description?: string;
  AllowedPattern?: string;
  KeyId?: string;
  Tier: string;
}

export const parameterNotFound = (name?: string) => new AwsError("ParameterNotFound", name ? `Parameter ${name} not found.` : "");

export const parameterArn = (ctx: Pick<RequestContext, "region" | "accountId">, name: string) =>
  `arn:aws:ssm:${ctx.region}:${ctx.accountId}:parameter${name.startsWith("/") ? "" : "/"}${name}`;

/** `name` or `name:version` → the parameter's name and the version asked for. */
export function parseSelector(ref: string): { name: string; version?: number } {
  const m = /^(.*):(\d+)$/.exec(ref);
  return m ? { name: m[1]!, version: Number(m[2]) } : { name: ref };
}

const opaque = (value: string) => `AQICAH${Buffer.from(value).toString("base64").split("").reverse().join("")}`;

export function parameterView(ctx: RequestContext, rec: SsmParameterRecord, withDecryption: boolean) {
  const d = rec.doc as unknown as ParameterDoc;
  return {
    Name: d.Name,
    Type: d.Type,
    Value: d.Type === "SecureString" && !withDecryption ? opaque(d.Value) : d.Value,
    Version: d.Version,
    LastModifiedDate: new Date(d.LastModifiedDate),
    ARN: parameterArn(ctx, d.Name),
    DataType: d.DataType,
  };
}

export function metadataView(ctx: RequestContext, rec: SsmParameterRecord) {
  const d = rec.doc as unknown as ParameterDoc;
  return {
    Name: d.Name,
    ARN: parameterArn(ctx, d.Name),
    Type: d.Type,
    ...(d.KeyId && { KeyId: d.KeyId }),
    LastModifiedDate: new Date(d.LastModifiedDate),
    LastModifiedUser: `arn:aws:iam::${ctx.accountId}:root`,
    ...(d.Description && { Description: d.Description }),
    ...(d.AllowedPattern && { AllowedPattern: d.AllowedPattern }),
    Version: d.Version,
    Tier: d.Tier,
    Policies: [],
    DataType: d.DataType,
  };
}

/** Pagination over a sorted list of names by opaque token. */
export function page<T>(ctx: RequestContext, scope: string, items: T[], key: (t: T) => string, max: number, token?: string): { items: T[]; next?: string } {
  let after = "";
  if (token) {
    const pos = ctx.tokens.decode(scope, token);
    if (typeof pos !== "string") throw new AwsError("InvalidNextToken", "The specified token isn't valid.");
    after = pos;
  }
  const rest = items.filter((i) => key(i) > after);
  const chosen = rest.slice(0, max);
  return { items: chosen, ...(rest.length > max && { next: ctx.tokens.encode(scope, key(chosen[chosen.length - 1]!)) }) };
}
