/**
 * The forward phase of CreateStack and UpdateStack: every resource of the template in
 * dependency order (independent ones concurrently). A resource that exists is compared with
 * its newly resolved properties: no change, update in place, or replacement (create the new
 * one now; the old one is deleted at cleanup). Each resource keeps what it was (`previous`)
 * until the operation completes, so a rollback, even after a restart, can put it back.
 */
import { isDeepStrictEqual } from "node:util";
import { providers } from "../providers/index.js";
import type { PhysicalState, ResourceDoc } from "../stacks/types.js";
import { resolveValue } from "../template/intrinsics.js";
import type { Prepared } from "../template/prepare.js";
import { isObject, type JsonObject } from "../template/types.js";
import { checkAbort, providerContext, putResource, reasonOf, type Operation } from "./context.js";
import { environment } from "./environment.js";
import type { ExportEntry } from "../template/prepare.js";
import { schedule } from "./schedule.js";
import { isCancelled } from "./cancel.js";

export interface ApplyResult {
  /** Logical ids that failed, with the verb for the stack's reason ("create" / "update"). */
  failed: { id: string; verb: "create" | "update" }[];
  /** Resource states after the phase (every resource of the stack). */
  resources: Map<string, ResourceDoc>;
  imports: Set<string>;
}

const ACTIVE = (r: ResourceDoc | undefined) => r !== undefined && r.physicalId !== undefined && !["DELETE_COMPLETE", "CREATE_FAILED", "DELETE_SKIPPED"].includes(r.status);

/**
 * `deadline` (epoch ms, CreateStack's TimeoutInMinutes): no resource starts after it, and a
 * provider's `stabilize` is aborted at it; either fails the resource ("Resource creation
 * cancelled"), which rolls the stack back.
 */
export async function applyTemplate(op: Operation, prepared: Prepared, resources: Map<string, ResourceDoc>, exports: ReadonlyMap<string, ExportEntry>, deadline?: number): Promise<ApplyResult> {
  const stabilizeSignal = () => (deadline === undefined ? op.signal : AbortSignal.any([op.signal, AbortSignal.timeout(Math.max(deadline - Date.now(), 0))]));
  const checkDeadline = () => {
    if (deadline !== undefined && Date.now() >= deadline) throw new Error("Resource creation cancelled");
  };
  const imports = new Set<string>();
  const failedVerbs = new Map<string, "create" | "update">();
  const env = environment(prepared, resources, exports, imports);
  const { failed } = await schedule(prepared.graph, async (id) => {
    checkAbort(op);
    if (isCancelled(op.stack.stackId)) throw new Error("Resource update cancelled");
    const decl = prepared.template.Resources[id]!;
    const provider = providers.get(decl.Type)!;
    const ctx = providerContext(op, id);
    const existing = resources.get(id);
    const base = {
      Type: decl.Type,
      dependsOn: [...prepared.graph.get(id)!],
      ...(decl.DeletionPolicy && { deletionPolicy: decl.DeletionPolicy }),
      ...(decl.UpdateReplacePolicy && { updateReplacePolicy: decl.UpdateReplacePolicy }),
      ...(decl.Metadata && { metadata: decl.Metadata }),
    };
    const save = async (r: ResourceDoc, opts?: { quiet?: boolean; properties?: JsonObject }) => {
      resources.set(id, r);
      await putResource(op, id, r, opts);
    };
    const isUpdate = ACTIVE(existing) && existing!.status !== "CREATE_IN_PROGRESS";
    failedVerbs.set(id, isUpdate ? "update" : "create");
    let props: JsonObject;
    try {
      const v = resolveValue((decl.Properties ?? {}) as JsonObject, env);
      props = isObject(v) ? v : {};
    } catch (err) {
      await save({ ...(existing ?? {}), ...base, status: isUpdate ? "UPDATE_FAILED" : "CREATE_FAILED", statusReason: (err as Error).message, updatedAt: Date.now() } as ResourceDoc);
      throw err;
    }
    if (!isUpdate) {
      // Events carry no properties: they may hold NoEcho parameter values.
      await save({ ...base, status: "CREATE_IN_PROGRESS", updatedAt: Date.now(), ...(op.stack.status.startsWith("UPDATE") && { added: true }) });
      try {
        checkDeadline();
        const state = await provider.create(props, ctx);
        await save({ ...resources.get(id)!, status: "CREATE_IN_PROGRESS", physicalId: state.physicalId, properties: props, attributes: state.attributes, statusReason: "Resource creation Initiated" });
        if (provider.stabilize) await provider.stabilize(state, props, ctx, stabilizeSignal());
        checkDeadline();
        await save({ ...resources.get(id)!, status: "CREATE_COMPLETE", statusReason: undefined });
      } catch (err) {
        if (op.signal.aborted) throw err;
        await save({ ...resources.get(id)!, status: "CREATE_FAILED", statusReason: reasonOf(err) });
        throw err;
      }
      return;
    }
    const current = existing!;
    const sameType = current.Type === decl.Type;
    if (sameType && isDeepStrictEqual(current.properties ?? {}, props)) {
      // No change to the resource; its recorded dependencies and policies may still change.
      await save({ ...current, ...base }, { quiet: true });
      return;
    }
    const previous: PhysicalState = current.previous ?? { Type: current.Type, physicalId: current.physicalId, properties: current.properties, attributes: current.attributes };
    const replace = !sameType || !provider.update || (provider.requiresReplacement?.(current.properties ?? {}, props) ?? true);
    await save(
      {
        ...current,
        ...base,
        status: "UPDATE_IN_PROGRESS",
        previous,
        replaced: replace,
        statusReason: replace ? "Requested update requires the creation of a new physical resource; hence creating one." : undefined,
      },
    );
    try {
      checkDeadline();
      const state = replace
        ? await provider.create(props, ctx)
        : await provider.update!({ physicalId: current.physicalId!, attributes: current.attributes ?? {} }, current.properties ?? {}, props, ctx);
      await save({ ...resources.get(id)!, physicalId: state.physicalId, properties: props, attributes: state.attributes, statusReason: undefined });
      if (provider.stabilize) await provider.stabilize(state, props, ctx, stabilizeSignal());
      await save({ ...resources.get(id)!, status: "UPDATE_COMPLETE" });
    } catch (err) {
      if (op.signal.aborted) throw err;
      // In place: the attempted properties are kept so that the rollback applies `previous` again.
      const attempted = replace ? {} : { properties: props };
      await save({ ...resources.get(id)!, ...attempted, status: "UPDATE_FAILED", statusReason: reasonOf(err) });
      throw err;
    }
  });
  return { failed: [...failed.keys()].map((id) => ({ id, verb: failedVerbs.get(id) ?? "create" })), resources, imports };
}
