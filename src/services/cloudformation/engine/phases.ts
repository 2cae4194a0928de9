/**
 * The stack's state machine. Each phase reads the stack and its resources from the store,
 * acts, and ends by writing the next status, so that any phase can be resumed from the store
 * alone (after a restart):
 *
 *   CREATE_IN_PROGRESS → CREATE_COMPLETE | ROLLBACK_IN_PROGRESS → ROLLBACK_COMPLETE | ROLLBACK_FAILED
 *                      | CREATE_FAILED (rollback disabled)
 *   UPDATE_IN_PROGRESS → UPDATE_COMPLETE_CLEANUP_IN_PROGRESS → UPDATE_COMPLETE
 *                      | UPDATE_ROLLBACK_IN_PROGRESS → UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS
 *                        → UPDATE_ROLLBACK_COMPLETE | UPDATE_ROLLBACK_FAILED
 *                      | UPDATE_FAILED (rollback disabled)
 *   DELETE_IN_PROGRESS → DELETE_COMPLETE | DELETE_FAILED
 */
import { providers } from "../providers/index.js";
import type { ResourceDoc } from "../stacks/types.js";
import { checkAbort, loadResources, providerContext, putResource, reasonOf, setStackStatus, stackDoc, type Operation } from "./context.js";
import { deletePhysical, deleteReplaced, deleteResources, recordedGraph } from "./delete-resources.js";
import { applyTemplate } from "./apply.js";
import { environment, regionExports, regionImports } from "./environment.js";
import { exportConflict, resolveOutputs } from "./outputs.js";
import { givenFromRaw, prepareForStack } from "./prepare-stack.js";
import { schedule } from "./schedule.js";
import { clearCancel, isCancelled } from "./cancel.js";
import type { Prepared } from "../template/prepare.js";

const listIds = (ids: string[]) => `[${ids.join(", ")}]`;

async function prepareCurrent(op: Operation): Promise<Prepared> {
  const doc = stackDoc(op);
  return prepareForStack({
    store: op.base.store,
    region: op.stack.region,
    accountId: op.base.accountId,
    stackName: op.stack.name,
    stackId: op.stack.stackId,
    templateBody: doc.templateBody,
    parameters: givenFromRaw(doc.rawParameters),
  });
}

/** CREATE_IN_PROGRESS and UPDATE_IN_PROGRESS: apply the template, then outputs and exports. */
async function forward(op: Operation, kind: "CREATE" | "UPDATE"): Promise<void> {
  const doc = stackDoc(op);
  const failTo = (reason: string) =>
    kind === "CREATE"
      ? setStackStatus(op, doc.disableRollback ? "CREATE_FAILED" : "ROLLBACK_IN_PROGRESS", reason + (doc.disableRollback ? "" : " Rollback requested by user."))
      : setStackStatus(op, doc.disableRollback ? "UPDATE_FAILED" : "UPDATE_ROLLBACK_IN_PROGRESS", reason);
  let prepared: Prepared;
  try {
    prepared = await prepareCurrent(op);
  } catch (err) {
    return failTo((err as Error).message);
  }
  const resources = await loadResources(op);
  const exports = await regionExports(op.base.store, op.stack.region);
  const deadline = kind === "CREATE" && doc.timeoutInMinutes !== undefined ? op.stack.createdAt + doc.timeoutInMinutes * 60_000 : undefined;
  const result = await applyTemplate(op, prepared, resources, exports, deadline);
  checkAbort(op);
  if (isCancelled(op.stack.stackId)) {
    clearCancel(op.stack.stackId);
    return failTo("Stack update cancelled");
  }
  if (result.failed.length) {
    const byVerb = (verb: string) => result.failed.filter((f) => f.verb === verb).map((f) => f.id);
    const parts = ["create", "update"].filter((v) => byVerb(v).length).map((v) => `The following resource(s) failed to ${v}: ${listIds(byVerb(v))}.`);
    return failTo(parts.join(" "));
  }
  let outputs;
  try {
    outputs = resolveOutputs(prepared, environment(prepared, resources, exports, result.imports));
  } catch (err) {
    return failTo((err as Error).message);
  }
  const conflict = exportConflict(op.stack.stackId, doc.outputs, outputs, exports, await regionImports(op.base.store, op.stack.region));
  if (conflict) return failTo(conflict.message);
  const imports = [...result.imports];
  if (kind === "CREATE") return setStackStatus(op, "CREATE_COMPLETE", undefined, { outputs, imports });
  return setStackStatus(op, "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", undefined, { outputs, imports });
}

/** Resources of the stack that the current template no longer has, and old physical resources of replacements. */
async function cleanupUpdate(op: Operation): Promise<void> {
  const prepared = await prepareCurrent(op).catch(() => undefined);
  const resources = await loadResources(op);
  const keep = new Set(prepared ? prepared.graph.keys() : [...resources.keys()]);
  for (const [id, r] of resources) {
    if (r.replaced && r.previous && r.previous.physicalId !== r.physicalId) await deleteReplaced(op, id, r, r.previous);
  }
  const removed = [...resources.keys()].filter((id) => !keep.has(id));
  await deleteResources(op, resources, removed);
  await op.base.store.write(async (tx) => {
    for (const [id, r] of resources) {
      if (!keep.has(id) && (r.status === "DELETE_COMPLETE" || r.status === "DELETE_SKIPPED")) await tx.cloudformation.deleteResource(op.stack.stackId, id);
      else if (r.previous || r.added || r.replaced) {
        const { previous: _p, added: _a, replaced: _r, ...rest } = r;
        await tx.cloudformation.putResource({ stackId: op.stack.stackId, logicalId: id, doc: rest as unknown as Record<string, unknown> });
      }
    }
  });
  await setStackStatus(op, "UPDATE_COMPLETE", undefined, { previous: undefined });
}

/** Put every resource this update touched back as it was; new ones are deleted at cleanup. */
async function rollbackUpdate(op: Operation): Promise<void> {
  const resources = await loadResources(op);
  const touched = [...resources.entries()].filter(([, r]) => r.previous && !r.added).map(([id]) => id);
  const { failed } = await schedule(recordedGraph(resources, touched), async (id) => {
    checkAbort(op);
    const r = resources.get(id)!;
    const prev = r.previous!;
    const provider = providers.get(prev.Type);
    const restored: ResourceDoc = { ...r, Type: prev.Type, physicalId: prev.physicalId, properties: prev.properties, attributes: prev.attributes, previous: undefined, replaced: undefined };
    if (r.replaced) {
      if (r.physicalId !== prev.physicalId) restored.discard = { Type: r.Type, physicalId: r.physicalId, properties: r.properties, attributes: r.attributes };
      await putResource(op, id, { ...restored, status: "UPDATE_COMPLETE" });
      resources.set(id, { ...restored, status: "UPDATE_COMPLETE" });
      return;
    }
    await putResource(op, id, { ...r, status: "UPDATE_IN_PROGRESS", statusReason: undefined });
    try {
      if (provider?.update) await provider.update({ physicalId: r.physicalId!, attributes: r.attributes ?? {} }, r.properties ?? {}, prev.properties ?? {}, providerContext(op, id));
    } catch (err) {
      if (op.signal.aborted) throw err;
      await putResource(op, id, { ...r, status: "UPDATE_FAILED", statusReason: reasonOf(err) });
      throw err;
    }
    await putResource(op, id, { ...restored, status: "UPDATE_COMPLETE" });
    resources.set(id, { ...restored, status: "UPDATE_COMPLETE" });
  });
  checkAbort(op);
  const prev = stackDoc(op).previous;
  if (failed.size) return setStackStatus(op, "UPDATE_ROLLBACK_FAILED", `The following resource(s) failed to update: ${listIds([...failed.keys()])}.`);
  await setStackStatus(op, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS", undefined, prev ? { ...prev } : {}, { keepReason: true });
}

/** Delete what the rolled-back update created. */
async function cleanupRollback(op: Operation): Promise<void> {
  const resources = await loadResources(op);
  for (const [id, r] of resources) {
    if (r.discard) {
      try {
        await deletePhysical(op, id, r.discard);
      } catch (err) {
        if (op.signal.aborted) throw err;
      }
      const { discard: _d, ...rest } = r;
      await putResource(op, id, rest as ResourceDoc, { quiet: true });
      resources.set(id, rest as ResourceDoc);
    }
  }
  const added = [...resources.entries()].filter(([, r]) => r.added).map(([id]) => id);
  await deleteResources(op, resources, added);
  checkAbort(op);
  await op.base.store.write(async (tx) => {
    for (const id of added) await tx.cloudformation.deleteResource(op.stack.stackId, id);
  });
  await setStackStatus(op, "UPDATE_ROLLBACK_COMPLETE", undefined, { previous: undefined }, { keepReason: true });
}

/** ROLLBACK_IN_PROGRESS: delete everything the create made. */
async function rollbackCreate(op: Operation): Promise<void> {
  const resources = await loadResources(op);
  const failed = await deleteResources(op, resources, resources.keys());
  checkAbort(op);
  if (failed.length) return setStackStatus(op, "ROLLBACK_FAILED", `The following resource(s) failed to delete: ${listIds(failed)}.`);
  await setStackStatus(op, "ROLLBACK_COMPLETE", undefined, { outputs: [] }, { keepReason: true });
}

async function deleteStack(op: Operation): Promise<void> {
  const doc = stackDoc(op);
  const imports = await regionImports(op.base.store, op.stack.region);
  for (const o of doc.outputs) {
    const users = (imports.get(o.ExportName ?? "") ?? []).filter((u) => u.stackId !== op.stack.stackId);
    if (o.ExportName && users.length) {
      return setStackStatus(op, "DELETE_FAILED", `Export ${o.ExportName} cannot be deleted as it is in use by ${users.map((u) => u.stackName).join(", ")}`);
    }
  }
  const resources = await loadResources(op);
  const failed = await deleteResources(op, resources, resources.keys(), new Set(doc.retainResources ?? []));
  checkAbort(op);
  if (failed.length) return setStackStatus(op, "DELETE_FAILED", `The following resource(s) failed to delete: ${listIds(failed)}. `);
  await setStackStatus(op, "DELETE_COMPLETE", undefined, { deletionTime: Date.now(), imports: [] });
}

/** Run phases until the stack reaches a status no phase acts on. */
export async function drive(op: Operation): Promise<void> {
  for (;;) {
    checkAbort(op);
    switch (op.stack.status) {
      case "CREATE_IN_PROGRESS":
        await forward(op, "CREATE");
        break;
      case "UPDATE_IN_PROGRESS":
        try {
          await forward(op, "UPDATE");
        } finally {
          // A cancel that came too late to stop anything must not cancel the next update.
          clearCancel(op.stack.stackId);
        }
        break;
      case "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS":
        await cleanupUpdate(op);
        break;
      case "UPDATE_ROLLBACK_IN_PROGRESS":
        await rollbackUpdate(op);
        break;
      case "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS":
        await cleanupRollback(op);
        break;
      case "ROLLBACK_IN_PROGRESS":
        await rollbackCreate(op);
        break;
      case "DELETE_IN_PROGRESS":
        await deleteStack(op);
        break;
      default:
        return;
    }
  }
}

/** After a restart: a forward phase cut short is rolled back; every other phase resumes. */
export const RESUME_AS: Record<string, { status: string; reason: string } | undefined> = {
  CREATE_IN_PROGRESS: { status: "ROLLBACK_IN_PROGRESS", reason: "berth restarted while the stack was being created. Rollback requested by berth." },
  UPDATE_IN_PROGRESS: { status: "UPDATE_ROLLBACK_IN_PROGRESS", reason: "berth restarted while the stack was being updated. Rollback requested by berth." },
};
