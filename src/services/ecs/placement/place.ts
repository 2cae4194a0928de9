/**
 * RunTask placement on EC2 as a pure function: instances, needs, constraints, strategies and a random
 * source in; one decision per task out. Nothing is read or written here.
 *
 * Tasks are placed one after another and each sees the instances as the earlier ones left them
 * (resources subtracted, ports reserved, task counted for spread and distinctInstance).
 * Example: 1 instance with 1024 CPU left, task needs 512, count 3 → placed, placed, then
 * unplaced with [{ arn, reason: "RESOURCE:CPU" }].
 *
 * `ranking.ts` keeps the instances ranked between tasks; what it must decide is the plain rule in
 * `strategies.ts`, and place-reference.test.ts checks the two agree on random requests.
 */
import { isCandidate } from "./fit.js";
import { Ranking } from "./ranking.js";
import type { CandidateInstance, PlacementDecision, PlacementFailure, PlacementRequest, TaskPlacement } from "./types.js";

export function placeTasks(request: PlacementRequest): PlacementDecision {
  // In ARN order: ties are broken by a random draw over that order, whatever order the store listed them in.
  const instances: CandidateInstance[] = request.instances.filter(isCandidate).sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
  if (instances.length === 0) {
    return { kind: "no-container-instances", message: "No Container Instances were found in your cluster." };
  }
  const tasks: TaskPlacement[] = [];
  const failures: PlacementFailure[] = [];
  const seen = new Set<string>();
  const ranking = new Ranking(instances, request);
  for (let n = 0; n < request.count; n++) {
    const chosen = ranking.pick(request.random);
    if (chosen < 0) {
      const rejected: PlacementFailure[] = instances.map((instance, i) => ({ arn: instance.arn, reason: ranking.reasons[i]! }));
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
    ranking.place(chosen);
    tasks.push({ kind: "placed", instanceArn: instances[chosen]!.arn });
  }
  return { kind: "decided", tasks, failures };
}
