/**
 * Placement strategies as ECS applies them: each strategy keeps only its best instances among those
 * that fit, and the next strategy breaks the remaining ties. Whatever ties are left after the last one
 * are settled by the injected `random` (which is also what an empty strategy list amounts to).
 * `ranking.ts` carries this out incrementally; the rule itself is:
 *
 * - binpack CPU / MEMORY: keep the instances with the least of it left.
 *   3 instances with 1024/2048/512 CPU left, task needs 256 → the 512 one.
 * - spread `field`: keep the instances whose bucket (see `spreadKey`) holds the fewest tasks of the
 *   group, counting every ACTIVE instance of the bucket and the tasks placed earlier in the call.
 *   a has 2 tasks of the group, b has 0 → an instance in b.
 * - random: one draw picks among the ties in ARN order; strategies after it never matter.
 *   random() = 0.6 over [i1, i2, i3] → floor(0.6 × 3) = 1 → i2.
 * - spread instanceId then binpack MEMORY: i1 (1 task, 100 MiB left), i2 (0 tasks, 900), i3 (0, 300)
 *   → spread keeps i2, i3; binpack picks i3.
 * A draw is made only when more than one instance is left to choose from.
 */
import type { CandidateInstance } from "./types.js";

/** `instanceId` / `host` → one bucket per instance; `attribute:x` → the attribute's value. */
export function spreadKey(field: string): (instance: CandidateInstance) => string | undefined {
  const lower = field.toLowerCase();
  if (lower === "instanceid" || lower === "host") return (i) => i.arn;
  const name = lower.startsWith("attribute:") ? field.slice("attribute:".length) : field;
  return (i) => i.attributes[name];
}
