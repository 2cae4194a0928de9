/**
 * What the dispatcher needs to know about one AWS service berth serves, and the context a
 * handler runs with.
 */
import type { ServiceModel } from "../protocol/model.js";
import type { Store } from "../store/store.js";
import type { PageTokens } from "./page-tokens.js";

export interface ServerSettings {
  accountId: string;
}

/** Everything a handler may touch: the store, settings, the clock, ids, page tokens. */
export interface RequestContext {
  readonly requestId: string;
  readonly region: string;
  readonly accountId: string;
  readonly accessKeyId: string;
  readonly now: Date;
  readonly store: Store;
  readonly tokens: PageTokens;
}

/** A handler sees its already-validated input. The registry erases the input type. */
export type Handler<I = never, O = unknown> = (input: I, ctx: RequestContext) => Promise<O>;
export type AnyHandler = (input: Record<string, unknown>, ctx: RequestContext) => Promise<unknown>;

export interface ServiceDefinition {
  /** Short id used in logs: `ecs`, `sts`. */
  id: string;
  protocol: "json" | "query";
  model: ServiceModel;
  /** The service's own codes for framework-level failures. */
  errors: {
    /** Missing member, wrong type, bad enum (ECS: InvalidParameterException). */
    validation: string;
    /** An operation in the model that berth does not carry out yet. */
    unsupported: string;
    /** berth itself is broken (ECS: ServerException). */
    server: string;
  };
  /** Operation name → handler. Operations in the model but not here answer as not implemented. */
  handlers: Record<string, AnyHandler>;
}

/** Erase a typed handler into the registry's form; the model validator guarantees the shape. */
export const action = <I, O>(fn: Handler<I, O>): AnyHandler => fn as unknown as AnyHandler;
