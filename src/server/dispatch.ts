/**
 * The dispatcher: one function from an HTTP request to an HTTP response, for every service
 * berth serves. It routes by protocol (X-Amz-Target for AWS JSON 1.1; form `Action`/`Version`
 * for AWS Query), checks the signature, validates the input against the model, runs the
 * handler, and renders any thrown value in the protocol's error shape. It needs no socket.
 *
 * Its core (`createDispatch`) answers through a callback: everything up to the handler (routing,
 * SigV4, parsing, validation) runs synchronously, and an answer that needs no handler (any
 * refusal) is given at once; a handler's promise is awaited by one `then`, with no further
 * promise layers per request. `createDispatcher` wraps it as `request → Promise<response>`.
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

/** Takes the answer to a request (called exactly once; must not throw). */
export type Respond = (res: HttpResponse) => void;

/** A dispatcher that answers through `respond`, synchronously when no handler had to run. */
export type Dispatch = (req: HttpRequest, respond: Respond) => void;

const signingName = (s: ServiceDefinition) => s.model.metadata.signingName ?? s.model.metadata.endpointPrefix;

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  return promised(createDispatch(deps));
}

/** The callback form as `request → Promise<response>`. */
export function promised(dispatch: Dispatch): Dispatcher {
  return (req) => new Promise<HttpResponse>((resolve) => dispatch(req, resolve));
}

export function createDispatch(deps: DispatcherDeps): Dispatch {
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

  /** Validates and starts the handler; what it throws before its promise is thrown here. */
  function run(service: ServiceDefinition, operation: string, rawInput: Record<string, unknown>, identity: VerifiedIdentity, requestId: string, now: Date): Promise<unknown> {
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

  /** An error answer, or a 500 if rendering it failed (a bug): the client always gets an answer. */
  function rendered(requestId: string, render: () => HttpResponse): HttpResponse {
    try {
      return render();
    } catch (err) {
      log("[berth] could not render an error:", err);
      return jsonError(requestId, new AwsError("InternalFailure", "An internal error occurred in berth; see its log.", 500));
    }
  }

  function handleJson(req: HttpRequest, target: string, requestId: string, respond: Respond): void {
    const dot = target.lastIndexOf(".");
    const service = byTarget.get(target.slice(0, Math.max(dot, 0)));
    const operation = target.slice(dot + 1);
    const fail = (err: unknown) => respond(rendered(requestId, () => jsonError(requestId, toAwsError(service, err, jsonAuthError))));
    let pending: Promise<unknown>;
    try {
      if (req.method !== "POST") throw new AwsError("UnknownOperationException", "AWS JSON requests must use POST.");
      if (!service || !service.model.operations[operation]) {
        throw new AwsError("UnknownOperationException", `Operation ${target} is not known.`);
      }
      const now = clock();
      const identity = authenticate(req, service, now);
      pending = run(service, operation, parseJsonBody(req.body), identity, requestId, now);
    } catch (err) {
      return fail(err);
    }
    pending.then((output) => {
      let res: HttpResponse;
      try {
        res = jsonSuccess(requestId, output);
      } catch (err) {
        return fail(err);
      }
      respond(res);
    }, fail);
  }

  function handleQuery(req: HttpRequest, params: Map<string, string>, requestId: string, respond: Respond): void {
    const operation = params.get("Action") ?? "";
    const service = byVersion.get(params.get("Version") ?? "");
    const ns = service?.model.metadata.xmlNamespace ?? "";
    const fail = (err: unknown) => respond(rendered(requestId, () => queryError(ns, requestId, toAwsError(service, err, queryAuthError))));
    let pending: Promise<unknown>;
    try {
      if (!service) throw new AwsError("InvalidAction", `Could not find an AWS Query service for Version ${params.get("Version") ?? "(none)"}.`);
      if (!service.model.operations[operation]) throw new AwsError("InvalidAction", `Could not find operation ${operation} for version ${service.model.metadata.apiVersion}`);
      const now = clock();
      const identity = authenticate(req, service, now);
      pending = run(service, operation, decodeQueryInput(service.model, operation, params), identity, requestId, now);
    } catch (err) {
      return fail(err);
    }
    pending.then((output) => {
      let res: HttpResponse;
      try {
        res = querySuccess(service!.model, operation, requestId, output);
      } catch (err) {
        return fail(err);
      }
      respond(res);
    }, fail);
  }

  return function dispatch(req: HttpRequest, respond: Respond): void {
    const requestId = randomUUID();
    try {
      const target = req.headers["x-amz-target"];
      if (target) return handleJson(req, target, requestId, respond);
      const q = req.url.indexOf("?");
      const params = parseForm(q >= 0 ? req.url.slice(q + 1) : "");
      const type = req.headers["content-type"] ?? "";
      if (req.method === "POST" && type.startsWith("application/x-www-form-urlencoded")) {
        for (const [k, v] of parseForm(req.body.toString("utf8"))) params.set(k, v);
      }
      if (params.has("Action")) return handleQuery(req, params, requestId, respond);
      respond(jsonError(requestId, new AwsError("UnknownOperationException", "The request names no operation: send X-Amz-Target (AWS JSON) or Action and Version (AWS Query).")));
    } catch (err) {
      // Only a bug in the protocol layer itself gets here.
      log("[berth] dispatcher failure:", err);
      respond(jsonError(requestId, new AwsError("InternalFailure", "An internal error occurred in berth; see its log.", 500)));
    }
  };
}
