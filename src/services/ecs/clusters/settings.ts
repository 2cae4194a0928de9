/** Cluster settings: only `containerInsights`, with the values ECS accepts. */
import { invalidParameter } from "../errors.js";
import type { ClusterSetting } from "../types.js";

const CONTAINER_INSIGHTS_VALUES = ["enhanced", "enabled", "disabled"];

export function validateClusterSettings(settings: ClusterSetting[]): void {
  for (const s of settings) {
    if (!CONTAINER_INSIGHTS_VALUES.includes(s.value)) {
      throw invalidParameter(`Invalid value '${s.value}' for setting ${s.name}. Valid values are: ${CONTAINER_INSIGHTS_VALUES.join(", ")}.`);
    }
  }
}

/** Settings after applying `changes` over `current` (by name). */
export function mergeSettings(current: ClusterSetting[], changes: ClusterSetting[]): ClusterSetting[] {
  const byName = new Map(current.map((s) => [s.name, s.value]));
  for (const s of changes) byName.set(s.name, s.value);
  return [...byName].map(([name, value]) => ({ name, value }));
}
