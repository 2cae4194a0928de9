/**
 * What a change set shows: each resource's change (Add, Modify with its Replacement flag,
 * Remove) computed from the new template against the stack's resources, before anything is
 * done. A value that depends on a resource being added or replaced is not known yet: the
 * comparison sees a placeholder, and a replacement caused only by such a value is
 * "Conditional", as CloudFormation reports it. A function that needs the value itself (Fn::Cidr
 * of a new VPC's CidrBlock, Fn::Select or Fn::Split of an unknown list) is unknown too.
 */
import { isDeepStrictEqual } from "node:util";
import { providers } from "../providers/index.js";
import { resolveValue, type Env } from "../template/intrinsics.js";
import { topoOrder } from "../template/graph.js";
import type { ExportEntry, Prepared } from "../template/prepare.js";
import { isObject, type Json, type JsonObject } from "../template/types.js";
import type { ResourceDoc } from "./types.js";

const UNKNOWN = "{{berth:known-after-apply}}";
const hasUnknown = (v: unknown) => JSON.stringify(v ?? null).includes(UNKNOWN);

export interface ResourceChange {
  Action: "Add" | "Modify" | "Remove";
  LogicalResourceId: string;
  PhysicalResourceId?: string;
  ResourceType: string;
  Replacement?: "True" | "False" | "Conditional";
  Scope: string[];
  Details: JsonObject[];
}

const ACTIVE = (r: ResourceDoc | undefined) => r !== undefined && r.physicalId !== undefined && !["DELETE_COMPLETE", "CREATE_FAILED", "DELETE_SKIPPED"].includes(r.status);

export function diffResources(prepared: Prepared, current: ReadonlyMap<string, ResourceDoc>, exports: ReadonlyMap<string, ExportEntry>): ResourceChange[] {
  const unknown = new Set<string>();
  let sawUnknown = false;
  const seen = <T>(v: T): T => {
    if (v === UNKNOWN) sawUnknown = true;
    return v;
  };
  const env: Env = {
    params: prepared.values,
    conditions: prepared.conditions,
    mappings: prepared.template.Mappings,
    resources: new Set(prepared.graph.keys()),
    ref: (id) => seen(unknown.has(id) ? UNKNOWN : current.get(id)?.physicalId ?? UNKNOWN),
    getAtt: (id, attr) => seen(unknown.has(id) ? UNKNOWN : (current.get(id)?.attributes?.[attr] ?? UNKNOWN)),
    importValue: (name) => seen(exports.get(name)?.value ?? UNKNOWN),
  };
  /** A property's value; unknown when evaluating it failed on a value not known yet. */
  const resolveProperty = (value: Json): Json | undefined => {
    sawUnknown = false;
    try {
      return resolveValue(value, env);
    } catch (err) {
      if (sawUnknown) return UNKNOWN;
      throw err;
    }
  };
  const changes: ResourceChange[] = [];
  for (const id of topoOrder(prepared.graph)) {
    const decl = prepared.template.Resources[id]!;
    const existing = current.get(id);
    if (!ACTIVE(existing)) {
      unknown.add(id);
      changes.push({ Action: "Add", LogicalResourceId: id, ResourceType: decl.Type, Scope: [], Details: [] });
      continue;
    }
    const props: JsonObject = {};
    for (const [k, value] of Object.entries(isObject(decl.Properties) ? decl.Properties : {})) {
      const r = resolveProperty(value as Json);
      if (r !== undefined) props[k] = r;
    }
    const before = existing!.properties ?? {};
    const sameType = existing!.Type === decl.Type;
    if (sameType && isDeepStrictEqual(before, props)) continue;
    const provider = providers.get(decl.Type)!;
    const replaces = (b: JsonObject, a: JsonObject) => !sameType || !provider.update || (provider.requiresReplacement?.(b, a) ?? true);
    const names = [...new Set([...Object.keys(before), ...Object.keys(props)])].filter((k) => !isDeepStrictEqual(before[k], props[k]));
    const details = names.map((name) => {
      const recreation = replaces(before, { ...before, [name]: props[name] as Json }) ? (hasUnknown(props[name]) ? "Conditionally" : "Always") : "Never";
      return {
        Target: { Attribute: "Properties", Name: name, RequiresRecreation: recreation },
        Evaluation: hasUnknown(props[name]) ? "Dynamic" : "Static",
        ChangeSource: hasUnknown(props[name]) ? "ResourceReference" : "DirectModification",
      };
    });
    const replacement = !replaces(before, props) ? "False" : details.some((d) => d.Target.RequiresRecreation === "Always") || !sameType ? "True" : "Conditional";
    if (replacement !== "False") unknown.add(id);
    changes.push({ Action: "Modify", LogicalResourceId: id, PhysicalResourceId: existing!.physicalId, ResourceType: decl.Type, Replacement: replacement, Scope: ["Properties"], Details: details });
  }
  for (const [id, r] of current) {
    if (!prepared.graph.has(id) && ACTIVE(r)) {
      changes.push({ Action: "Remove", LogicalResourceId: id, PhysicalResourceId: r.physicalId, ResourceType: r.Type, Scope: [], Details: [] });
    }
  }
  return changes;
}
