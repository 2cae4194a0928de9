/**
 * The intrinsic-function environment of a running operation: parameters and conditions from
 * the prepared template, Ref and GetAtt from the resources' current states, Fn::ImportValue
 * from the region's exports (recording which ones the stack imports).
 */
import { templateError, validationError } from "../errors.js";
import type { Env } from "../template/intrinsics.js";
import type { ExportEntry, Prepared } from "../template/prepare.js";
import type { Json } from "../template/types.js";
import type { PhysicalState } from "../stacks/types.js";
import type { Store } from "../../../store/store.js";
import type { StackDoc } from "../stacks/types.js";

export function environment(prepared: Prepared, states: ReadonlyMap<string, PhysicalState>, exports: ReadonlyMap<string, ExportEntry>, imports: Set<string>): Env {
  return {
    params: prepared.values,
    conditions: prepared.conditions,
    mappings: prepared.template.Mappings,
    resources: new Set(prepared.graph.keys()),
    ref(id) {
      const s = states.get(id);
      if (s?.physicalId === undefined) throw templateError(`resource ${id} has no physical id yet`);
      return s.physicalId;
    },
    getAtt(id, attribute): Json {
      const s = states.get(id);
      const v = s?.attributes?.[attribute];
      if (v === undefined) throw templateError(`resource ${id} does not support attribute type ${attribute} in Fn::GetAtt`);
      return v;
    },
    importValue(name) {
      const e = exports.get(name);
      if (!e) throw validationError(`No export named ${name} found`);
      imports.add(name);
      return e.value;
    },
  };
}

/** Every export of the region: name → value and exporting stack. */
export async function regionExports(store: Store, region: string): Promise<Map<string, ExportEntry>> {
  const stacks = await store.read((tx) => tx.cloudformation.listStacks(region));
  const out = new Map<string, ExportEntry>();
  for (const s of stacks) {
    if (s.status === "DELETE_COMPLETE" || s.status === "REVIEW_IN_PROGRESS") continue;
    for (const o of (s.doc as unknown as StackDoc).outputs ?? []) {
      if (o.ExportName) out.set(o.ExportName, { value: o.OutputValue, stackId: s.stackId, stackName: s.name });
    }
  }
  return out;
}

/** Stacks (not deleted) importing each export name. */
export async function regionImports(store: Store, region: string): Promise<Map<string, { stackId: string; stackName: string }[]>> {
  const stacks = await store.read((tx) => tx.cloudformation.listStacks(region));
  const out = new Map<string, { stackId: string; stackName: string }[]>();
  for (const s of stacks) {
    if (s.status === "DELETE_COMPLETE") continue;
    for (const name of (s.doc as unknown as StackDoc).imports ?? []) {
      out.set(name, [...(out.get(name) ?? []), { stackId: s.stackId, stackName: s.name }]);
    }
  }
  return out;
}
