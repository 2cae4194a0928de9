/**
 * Outputs and exports at the end of a create or update: each output resolved against the
 * resources' states, export names checked against other stacks' exports and imports.
 */
import { validationError } from "../errors.js";
import { resolveValue, type Env } from "../template/intrinsics.js";
import type { Prepared } from "../template/prepare.js";
import type { StoredOutput } from "../stacks/types.js";
import type { ExportEntry } from "../template/prepare.js";
import type { Json } from "../template/types.js";

const asText = (v: Json | undefined): string => (Array.isArray(v) ? v.join(",") : v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

export function resolveOutputs(prepared: Prepared, env: Env): StoredOutput[] {
  const out: StoredOutput[] = [];
  for (const [key, o] of Object.entries(prepared.template.Outputs)) {
    if (o.Condition !== undefined && !prepared.conditions.get(o.Condition)) continue;
    const value = asText(resolveValue(o.Value, env));
    const exportName = o.Export ? asText(resolveValue(o.Export.Name, env)) : undefined;
    out.push({
      OutputKey: key,
      OutputValue: value,
      ...(typeof o.Description === "string" && { Description: o.Description }),
      ...(exportName !== undefined && { ExportName: exportName }),
    });
  }
  return out;
}

/**
 * The error for an export change that breaks another stack, or for an export name another
 * stack owns; undefined when the new outputs are acceptable.
 */
export function exportConflict(
  stackId: string,
  before: readonly StoredOutput[],
  after: readonly StoredOutput[],
  exports: ReadonlyMap<string, ExportEntry>,
  imports: ReadonlyMap<string, { stackId: string; stackName: string }[]>,
): Error | undefined {
  for (const o of after) {
    if (!o.ExportName) continue;
    const owner = exports.get(o.ExportName);
    if (owner && owner.stackId !== stackId) return validationError(`Export with name ${o.ExportName} is already exported by stack ${owner.stackName}`);
  }
  for (const o of before) {
    if (!o.ExportName) continue;
    const users = (imports.get(o.ExportName) ?? []).filter((u) => u.stackId !== stackId);
    if (!users.length) continue;
    const now = after.find((a) => a.ExportName === o.ExportName);
    if (!now) return validationError(`Export ${o.ExportName} cannot be deleted as it is in use by ${users.map((u) => u.stackName).join(", ")}`);
    if (now.OutputValue !== o.OutputValue) return validationError(`Cannot update export ${o.ExportName} as it is in use by ${users.map((u) => u.stackName).join(", ")}`);
  }
  return undefined;
}
