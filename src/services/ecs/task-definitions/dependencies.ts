/**
 * Startup ordering between containers: `dependsOn` (and the legacy `links`). Every target must be a
 * container of the task; a SUCCESS or COMPLETE dependency can't target an essential container (it
 * would stop the task when it exits); the graph must have no cycle.
 *
 *   app → envoy (HEALTHY), envoy → init (SUCCESS, init essential: false)   fine
 *   app → db (START), db → app (START)                                      cycle: app -> db -> app
 */
import { clientException } from "../errors.js";
import type { ContainerDefinition } from "./types.js";

/** Containers must already have `essential` filled in (normalizeContainer). */
export function checkDependencies(containers: readonly ContainerDefinition[]): void {
  const byName = new Map(containers.map((c) => [c.name!, c]));
  for (const c of containers) {
    for (const d of c.dependsOn ?? []) {
      const target = byName.get(d.containerName);
      // Observed verbatim, stray "+" included.
      if (!target) throw clientException(`Cannot depend on container + '${d.containerName}' because it does not exist`);
      if ((d.condition === "SUCCESS" || d.condition === "COMPLETE") && target.essential !== false) {
        // Observed.
        throw clientException("A dependency container with SUCCESS or COMPLETE condition cannot be an essential container");
      }
    }
  }
  const order = containers.map((c) => c.name!);
  const cycle = findCycle(order, (n) => (byName.get(n)?.dependsOn ?? []).map((d) => d.containerName));
  // Unverified wording.
  if (cycle) throw clientException(`Container dependencies must not form a cycle: ${cycle.join(" -> ")}.`);
  const linkCycle = findCycle(order, (n) => (byName.get(n)?.links ?? []).map((l) => l.split(":")[0]!).filter((t) => byName.has(t)));
  // Observed (2018).
  if (linkCycle) throw clientException("Container links should not have a cycle");
}

/** A cycle in the directed graph as a closed path (`a, b, a`), or undefined. Depth-first, in the given order. */
export function findCycle(nodes: readonly string[], edges: (node: string) => readonly string[]): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (n: string): string[] | undefined => {
    const s = state.get(n);
    if (s === "done") return undefined;
    if (s === "open") return [...path.slice(path.indexOf(n)), n];
    state.set(n, "open");
    path.push(n);
    for (const next of edges(n)) {
      const found = visit(next);
      if (found) return found;
    }
    path.pop();
    state.set(n, "done");
    return undefined;
  };
  for (const n of nodes) {
    const found = visit(n);
    if (found) return found;
  }
  return undefined;
}
