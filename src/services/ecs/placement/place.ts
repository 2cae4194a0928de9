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
import { choose } from "./strategies.js";
import type { CandidateInstance, PlacementDecision, PlacementFailure, PlacementRequest, TaskPlacement } from "./types.js";

export function placeTasks(request: PlacementRequest): PlacementDecision {
  let instances: CandidateInstance[] = request.instances.filter(isCandidate);
  if (instances.length === 0) {
    return { kind: "no-container-instances", message: "No Container Instances were found in your cluster." };
  }
  const tasks: TaskPlacement[] = [];
  const failures: PlacementFailure[] = [];
  const seen = new Set<string>();
  for (let n = 0; n < request.count; n++) {
    const fitting: CandidateInstance[] = [];
    const rejected: PlacementFailure[] = [];
    for (const instance of instances) {
      const reason = rejectReason(instance, request);
      if (reason === undefined) fitting.push(instance);
      else rejected.push({ arn: instance.arn, reason });
    }
    if (fitting.length === 0) {
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
    const chosen = choose(fitting, instances, request.strategies, request.group, request.random);
    const after = consume(chosen, request.needs, request);
    instances = instances.map((i) => (i.arn === chosen.arn ? after : i));
    tasks.push({ kind: "placed", instanceArn: chosen.arn });
  }
  return { kind: "decided", tasks, failures };
}
