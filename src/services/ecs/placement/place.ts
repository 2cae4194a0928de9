/**
 * RunTask placement on EC2 as a pure function: instances, needs, constraints, strategies and a random
 * source in; one decision per task out. Nothing is read or written here.
 *
 * Tasks are placed one after another and each sees the instances as the earlier ones left them
 * (resources subtracted, ports reserved, task counted for spread and distinctInstance).
 * Example: 1 instance with 1024 CPU left, task needs 512, count 3 → placed, placed, then
 * unplaced with [{ arn, reason: "RESOURCE:CPU" }].
 */
import { consume, isCandidate, rejectReason } from "./fit.js";
import { choose, spreadKey, tallySpread, type SpreadTallies } from "./strategies.js";
import type { CandidateInstance, PlacementDecision, PlacementFailure, PlacementRequest, TaskPlacement } from "./types.js";

export function placeTasks(request: PlacementRequest): PlacementDecision {
  // Sorted once by ARN: `choose` wants that order and keeps it without sorting again.
  const instances: CandidateInstance[] = request.instances.filter(isCandidate).sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  if (instances.length === 0) {
    return { kind: "no-container-instances", message: "No Container Instances were found in your cluster." };
  }
  const tasks: TaskPlacement[] = [];
  const failures: PlacementFailure[] = [];
  const seen = new Set<string>();
  // Each instance's verdict for this request, kept beside it: only the instance that takes a task
  // changes, so only its verdict is worked out again.
  const reasons = instances.map((i) => rejectReason(i, request));
  // Spread counts, built once and bumped for each task placed.
  const tallies: SpreadTallies = new Map();
  for (const s of request.strategies) if (s.kind === "spread" && !tallies.has(s.field)) tallies.set(s.field, tallySpread(instances, s.field, request.group));
  for (let n = 0; n < request.count; n++) {
    const fitting: CandidateInstance[] = [];
    for (let i = 0; i < instances.length; i++) if (reasons[i] === undefined) fitting.push(instances[i]!);
    if (fitting.length === 0) {
      const rejected: PlacementFailure[] = instances.map((instance, i) => ({ arn: instance.arn, reason: reasons[i]! }));
      tasks.push({ kind: "unplaced", failures: rejected });
      // The wire carries one failure per instance for the whole call, not one per unplaced task.
      for (const f of rejected) {
        const key = `${f.arn}\u0000${f.reason}`;
        if (!seen.has(key)) {
          seen.add(key);
          failures.push(f);
        }
      }
      continue;
    }
    const chosen = choose(fitting, instances, request.strategies, request.group, request.random, tallies, true);
    const after = consume(chosen, request.needs, request);
    const at = instances.indexOf(chosen);
    instances[at] = after;
    reasons[at] = rejectReason(after, request);
    for (const [field, perValue] of tallies) {
      const k = spreadKey(field)(chosen);
      perValue.set(k, (perValue.get(k) ?? 0) + 1);
    }
    tasks.push({ kind: "placed", instanceArn: chosen.arn });
  }
  return { kind: "decided", tasks, failures };
}
