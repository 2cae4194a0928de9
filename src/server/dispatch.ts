/**
 * The dispatcher: one function from an HTTP request to an HTTP response, for every service
 * berth serves. It routes by protocol (X-Amz-Target for AWS JSON 1.1; form `Action`/`Version`
 * for AWS Query), checks the signature, validates the input against the model, runs the
 * handler, and renders any thrown value in the protocol's error shape. It needs no socket.
 */
import { randomUUID } from "node:crypto";
import { AwsError } from "../errors.js";
import { AuthFailure, type VerifiedIdentity } from "../auth/auth-failure.js";
import { verifySigV4 } from "../auth/sigv4.js";
import { jsonAuthError, jsonError, jsonSuccess, parseJsonBody } from "../protocol/aws-json.js";
import { decodeQueryInput, parseForm, queryAuthError, queryError, querySuccess } from "../protocol/aws-query.js";
import { validateInput } from "../protocol/validate.js";
import type { HttpRequest, HttpResponse } from "./http-types.js";
import type { RequestContext, ServerSettings, ServiceDefinition } from "./service.js";
import type { Store } from "../store/store.js";
import type { PageTokens } from "./page-tokens.js";

export interface DispatcherDeps {
  services: ServiceDefinition[];
  settings: ServerSettings;
  store: Store;
  tokens: PageTokens;
  /** Secret for an access key id, or undefined when unknown. */
  secretFor(accessKeyId: string): string | undefined;
  clock?: () => Date;
  log?: (message: string, err?: unknown) => void;
}

export type Dispatcher = (req: HttpRequest) => Promise<HttpResponse>;

const signingName = (s: ServiceDefinition) => s.model.metadata.signingName ?? s.model.metadata.endpointPrefix;

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const clock = deps.clock ?? (() => new Date());
  const log = deps.log ?? ((m: string, e?: unknown) => console.error(m, e ?? ""));
  const byTarget = new Map<string, ServiceDefinition>();
  const byVersion = new Map<string, ServiceDefinition>();
  for (const s of deps.services) {
    if (s.protocol === "json") byTarget.set(s.model.metadata.targetPrefix!, s);
    else byVersion.set(s.model.metadata.apiVersion, s);
  }

  function authenticate(req: HttpRequest, service: ServiceDefinition, now: Date): VerifiedIdentity {
    const identity = verifySigV4(req, { secretFor: deps.secretFor, now });
    if (identity.service !== signingName(service)) {
      throw new AuthFailure("signature", `Credential should be scoped to correct service: '${signingName(service)}'. `);
    }
    return identity;
  }

  async function run(service: ServiceDefinition, operation: string, rawInput: Record<string, unknown>, identity: VerifiedIdentity, requestId: string, now: Date) {
    const input = validateInput(service.model, { code: service.errors.validation }, operation, rawInput);
    const handler = service.handlers[operation];
    if (!handler) throw new AwsError(service.errors.unsupported, `berth does not support ${operation} yet.`);
    const ctx: RequestContext = {
      requestId,
      region: identity.region,
      accountId: deps.settings.accountId,
      accessKeyId: identity.accessKeyId,
      now,
      store: deps.store,
      tokens: deps.tokens,
    };
    return handler(input, ctx);
  }

  function toAwsError(service: ServiceDefinition | undefined, err: unknown, authCodes: typeof jsonAuthError): AwsError {
    if (err instanceof AwsError) return err;
    if (err instanceof AuthFailure) {
      const { code, status } = authCodes[err.kind];
      return new AwsError(code, err.message, status);
    }
    log(`[berth] internal error${service ? ` in ${service.id}` : ""}:`, err);
    return new AwsError(service?.errors.server ?? "InternalFailure", "An internal error occurred in berth; see its log.", 500);
  }

  async function handleJson(req: HttpRequest, target: string, requestId: string): Promise<HttpResponse> {
    const dot = target.lastIndexOf(".");
    const service = byTarget.get(target.slice(0, Math.max(dot, 0)));
    const operation = target.slice(dot + 1);
    try {
      if (req.method !== "POST") throw new AwsError("UnknownOperationException", "AWS JSON requests must use POST.");
      if (!service || !service.model.operations[operation]) {
        throw new AwsError("UnknownOperationException", `Operation ${target} is not known.`);
      }
      const now = clock();
      const identity = authenticate(req, service, now);
      const output = await run(service, operation, parseJsonBody(req.body), identity, requestId, now);
      return jsonSuccess(requestId, output);
    } catch (err) {
      return jsonError(requestId, toAwsError(service, err, jsonAuthError));
    }
  }

  async function handleQuery(req: HttpRequest, params: Map<string, string>, requestId: string): Promise<HttpResponse> {
    const operation = params.get("Action") ?? "";
    const service = byVersion.get(params.get("Version") ?? "");
    const ns = service?.model.metadata.xmlNamespace ?? "";
    try {
      if (!service) throw new AwsError("InvalidAction", `Could not find an AWS Query service for Version ${params.get("Version") ?? "(none)"}.`);
      if (!service.model.operations[operation]) throw new AwsError("InvalidAction", `Could not find operation ${operation} for version ${service.model.metadata.apiVersion}`);
      const now = clock();
      const identity = authenticate(req, service, now);
      const output = await run(service, operation, decodeQueryInput(service.model, operation, params), identity, requestId, now);
      return querySuccess(service.model, operation, requestId, output);
    } catch (err) {
      return queryError(ns, requestId, toAwsError(service, err, queryAuthError));
    }
  }

  return async function dispatch(req: HttpRequest): Promise<HttpResponse> {
    const requestId = randomUUID();
    try {
      const target = req.headers["x-amz-target"];
      if (target) return await handleJson(req, target, requestId);
      const q = req.url.indexOf("?");
      const params = parseForm(q >= 0 ? req.url.slice(q + 1) : "");
      const type = req.headers["content-type"] ?? "";
      if (req.method === "POST" && type.startsWith("application/x-www-form-urlencoded")) {
        for (const [k, v] of parseForm(req.body.toString("utf8"))) params.set(k, v);
      }
      if (params.has("Action")) return await handleQuery(req, params, requestId);
      return jsonError(requestId, new AwsError("UnknownOperationException", "The request names no operation: send X-Amz-Target (AWS JSON) or Action and Version (AWS Query)."));
    } catch (err) {
      // Only a bug in the protocol layer itself gets here.
      log("[berth] dispatcher failure:", err);
      return jsonError(requestId, new AwsError("InternalFailure", "An internal error occurred in berth; see its log.", 500));
    }
  };
}
