/**
 * Deleting resources (stack deletion, create rollback, update cleanup): in reverse dependency
 * order, independent ones concurrently, honouring DeletionPolicy Retain.
 */
import { providers } from "../providers/index.js";
import type { PhysicalState, ResourceDoc } from "../stacks/types.js";
import { reverse } from "../template/graph.js";
import { checkAbort, providerContext, putResource, reasonOf, resourceEvent, type Operation } from "./context.js";
import { schedule } from "./schedule.js";

/** The graph among `ids` from the dependencies recorded on each resource. */
export function recordedGraph(resources: ReadonlyMap<string, ResourceDoc>, ids: Iterable<string>): Map<string, Set<string>> {
  const set = new Set(ids);
  return new Map([...set].map((id) => [id, new Set((resources.get(id)?.dependsOn ?? []).filter((d) => set.has(d)))]));
}

/** Delete one physical resource; a Retain policy skips it. Throws the provider's error. */
export async function deletePhysical(op: Operation, logicalId: string, state: PhysicalState): Promise<void> {
  checkAbort(op);
  const provider = providers.get(state.Type);
  if (!provider || state.physicalId === undefined) return;
  await provider.delete({ physicalId: state.physicalId, attributes: state.attributes ?? {} }, state.properties ?? {}, providerContext(op, logicalId));
}

/**
 * Delete the stack resources `ids` (records kept, DELETE_COMPLETE or DELETE_SKIPPED). Returns
 * the logical ids that failed.
 */
export async function deleteResources(op: Operation, resources: Map<string, ResourceDoc>, ids: Iterable<string>, retain: ReadonlySet<string> = new Set()): Promise<string[]> {
  const graph = reverse(recordedGraph(resources, ids));
  const { failed } = await schedule(graph, async (id) => {
    const r = resources.get(id)!;
    if (r.status === "DELETE_COMPLETE" || r.status === "DELETE_SKIPPED") return;
    if (r.physicalId === undefined) {
      const next = { ...r, status: "DELETE_COMPLETE", statusReason: undefined };
      await putResource(op, id, next);
      resources.set(id, next);
      return;
    }
    if (r.deletionPolicy === "Retain" || retain.has(id) || (r.deletionPolicy === "RetainExceptOnCreate" && !op.stack.status.startsWith("ROLLBACK"))) {
      const next = { ...r, status: "DELETE_SKIPPED", statusReason: undefined };
      await putResource(op, id, next);
      resources.set(id, next);
      return;
    }
    await putResource(op, id, { ...r, status: "DELETE_IN_PROGRESS", statusReason: undefined });
    try {
      await deletePhysical(op, id, r);
    } catch (err) {
      if (op.signal.aborted) throw err;
      const next = { ...r, status: "DELETE_FAILED", statusReason: reasonOf(err) };
      await putResource(op, id, next);
      resources.set(id, next);
      throw err;
    }
    const next = { ...r, status: "DELETE_COMPLETE", statusReason: undefined };
    await putResource(op, id, next);
    resources.set(id, next);
  });
  // A failure stops the schedule; resources not reached stay as they are (and are reported).
  return [...failed.keys()];
}

/** The old physical resource of a replacement: deleted unless UpdateReplacePolicy Retain. */
export async function deleteReplaced(op: Operation, logicalId: string, r: ResourceDoc, old: PhysicalState): Promise<void> {
  if (old.physicalId === undefined) return;
  if (r.updateReplacePolicy === "Retain") {
    await resourceEvent(op, logicalId, old.Type, old.physicalId, "DELETE_SKIPPED");
    return;
  }
  await resourceEvent(op, logicalId, old.Type, old.physicalId, "DELETE_IN_PROGRESS");
  try {
    await deletePhysical(op, logicalId, old);
  } catch (err) {
    if (op.signal.aborted) throw err;
    await resourceEvent(op, logicalId, old.Type, old.physicalId, "DELETE_FAILED", reasonOf(err));
    return; // CloudFormation finishes the cleanup anyway and leaves the old resource behind.
  }
  await resourceEvent(op, logicalId, old.Type, old.physicalId, "DELETE_COMPLETE");
}
