/**
 * Placement strategies as ECS applies them: each strategy keeps only its best instances among those
 * that fit, and the next strategy breaks the remaining ties. Whatever ties are left after the last one
 * are settled by the injected `random` (which is also what an empty strategy list amounts to).
 *
 * Worked examples:
 * - binpack CPU: 3 instances with 1024/2048/512 CPU left, task needs 256 → the 512 one.
 * - spread attribute:ecs.availability-zone: a has 2 tasks of the group, b has 0 → an instance in b.
 * - spread instanceId then binpack MEMORY: i1 (1 task, 100 MiB left), i2 (0 tasks, 900), i3 (0, 300)
 *   → spread keeps i2, i3; binpack picks i3.
 * - random with random() = 0.6 over [i1, i2, i3] (sorted by ARN) → floor(0.6 × 3) = 1 → i2.
 */
import type { CandidateInstance, PlacementStrategy } from "./types.js";

/** Pick the instance for one task among `fitting` (non-empty). `all` holds every instance, for spread counts. */
export function choose(
  fitting: readonly CandidateInstance[],
  all: readonly CandidateInstance[],
  strategies: readonly PlacementStrategy[],
  group: string,
  random: () => number,
  tallies?: SpreadTallies,
  /** The caller passes `fitting` already ordered by ARN (placeTasks does). */
  presorted = false,
): CandidateInstance {
  // A stable order independent of how the store listed them, so the same random draw picks the same one.
  let ties = presorted || sortedByArn(fitting) ? [...fitting] : [...fitting].sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  for (const strategy of strategies) {
    if (ties.length === 1) break;
    ties = narrow(ties, all, strategy, group, random, tallies);
  }
  return ties.length === 1 ? ties[0]! : pickRandom(ties, random);
}

function narrow(
  ties: CandidateInstance[],
  all: readonly CandidateInstance[],
  strategy: PlacementStrategy,
  group: string,
  random: () => number,
  tallies?: SpreadTallies,
): CandidateInstance[] {
  switch (strategy.kind) {
    case "binpack": {
      const left = (i: CandidateInstance) => (strategy.field === "CPU" ? i.remaining.cpu : i.remaining.memory);
      return keepMinimal(ties, left);
    }
    case "spread": {
      const key = spreadKey(strategy.field);
      const perValue = tallies?.get(strategy.field) ?? tallySpread(all, strategy.field, group);
      return keepMinimal(ties, (i) => perValue.get(key(i)) ?? 0);
    }
    case "random":
      return [pickRandom(ties, random)];
  }
}

/** Tasks of the group per spread bucket, per spread field: a caller placing many tasks keeps them up to date. */
export type SpreadTallies = Map<string, Map<string | undefined, number>>;

export function tallySpread(all: readonly CandidateInstance[], field: string, group: string): Map<string | undefined, number> {
  const key = spreadKey(field);
  const perValue = new Map<string | undefined, number>();
  for (const instance of all) perValue.set(key(instance), (perValue.get(key(instance)) ?? 0) + groupCount(instance, group));
  return perValue;
}

function sortedByArn(items: readonly CandidateInstance[]): boolean {
  for (let i = 1; i < items.length; i++) if (items[i - 1]!.arn > items[i]!.arn) return false;
  return true;
}

/** Tasks of `group` on an instance, counted once per (immutable) instance object. */
const groupCounts = new WeakMap<CandidateInstance, Map<string, number>>();
function groupCount(instance: CandidateInstance, group: string): number {
  let counts = groupCounts.get(instance);
  if (!counts) groupCounts.set(instance, (counts = new Map()));
  let n = counts.get(group);
  if (n === undefined) counts.set(group, (n = instance.tasks.filter((t) => t.group === group).length));
  return n;
}

/** `instanceId` / `host` → one bucket per instance; `attribute:x` → the attribute's value. */
export function spreadKey(field: string): (instance: CandidateInstance) => string | undefined {
  const lower = field.toLowerCase();
  if (lower === "instanceid" || lower === "host") return (i) => i.arn;
  const name = lower.startsWith("attribute:") ? field.slice("attribute:".length) : field;
  return (i) => i.attributes[name];
}

function keepMinimal(items: CandidateInstance[], score: (i: CandidateInstance) => number): CandidateInstance[] {
  const best = Math.min(...items.map(score));
  return items.filter((i) => score(i) === best);
}

function pickRandom(items: readonly CandidateInstance[], random: () => number): CandidateInstance {
  const index = Math.min(items.length - 1, Math.max(0, Math.floor(random() * items.length)));
  return items[index]!;
}
