/**
 * The resource-provider interface: one object per resource type. The engine calls it with the
 * resource's resolved properties; the provider acts through berth's own API (see invoke.ts) and
 * returns the physical id (what Ref gives) and the attributes Fn::GetAtt may read.
 */
import type { RequestContext } from "../../../server/service.js";
import type { JsonObject, Json } from "../template/types.js";

/** What a provider sees: a request context for berth's actions, and the stack it works for. */
export interface ProviderContext {
  /** A request context as an authenticated caller of the stack's account and region has. */
  readonly request: RequestContext;
  readonly stackName: string;
  readonly stackId: string;
  readonly logicalId: string;
  /** A name CloudFormation would generate: `<stack>-<logicalId>-<RANDOM>`, at most `max` chars. */
  generateName(max?: number): string;
}

/** What a resource is once created or updated. */
export interface ResourceState {
  /** The physical id: the value of Ref. */
  physicalId: string;
  /** Fn::GetAtt attributes by name (lists allowed). */
  attributes: Record<string, Json>;
}

export interface ResourceProvider {
  readonly type: string;
  /** CAPABILITY_IAM (or CAPABILITY_NAMED_IAM when `properties` names the resource) if required. */
  capability?(properties: JsonObject | undefined): "CAPABILITY_IAM" | "CAPABILITY_NAMED_IAM" | undefined;
  /** Create the resource; throw (an AwsError's message becomes the CREATE_FAILED reason). */
  create(properties: JsonObject, ctx: ProviderContext): Promise<ResourceState>;
  /**
   * Whether changing from `before` to `after` needs a new physical resource (CloudFormation's
   * "Replacement: True"). Pure. Absent: any change replaces.
   */
  requiresReplacement?(before: JsonObject, after: JsonObject): boolean;
  /** Update in place (only called when requiresReplacement said false). Absent: every change replaces. */
  update?(current: ResourceState, before: JsonObject, after: JsonObject, ctx: ProviderContext): Promise<ResourceState>;
  /** Delete; a resource that is already gone is success. */
  delete(current: ResourceState, properties: JsonObject, ctx: ProviderContext): Promise<void>;
  /**
   * Optional: wait until the resource is stable (ECS services). Called after create/update;
   * throws to fail the resource. `signal` aborts when berth shuts down.
   */
  stabilize?(state: ResourceState, properties: JsonObject, ctx: ProviderContext, signal: AbortSignal): Promise<void>;
}

/** The property names whose change replaces the resource (the common case, as a helper). */
export function replacesOn(...names: string[]): (before: JsonObject, after: JsonObject) => boolean {
  return (before, after) => names.some((n) => JSON.stringify(before[n]) !== JSON.stringify(after[n]));
}
