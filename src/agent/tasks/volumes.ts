/**
 * A task's volumes → engine volumes and mounts. Pure: no Docker. ECS's volume kinds (task
 * definition `volumes`, containers' `mountPoints` and `volumesFrom`):
 *
 * - `host.sourcePath`: a bind mount of that host path.
 * - `dockerVolumeConfiguration` with scope `task` (the default): a Docker volume of this task only,
 *   named `berth-<task id>-<volume>`, labelled with the task, removed with the task's containers.
 * - `dockerVolumeConfiguration` with scope `shared`: the Docker volume named as the ECS volume, kept
 *   after the task; created (with driver, driverOpts and labels) when `autoprovision` is true.
 *   Without autoprovision berth still lets Docker create a missing one (ECS would fail the task).
 * - neither: ECS's Docker-managed scratch volume for the task's lifetime, so a task-scoped volume.
 * - `efsVolumeConfiguration` and FSx have no local meaning: a task-scoped volume stands in.
 *
 * Example: task 7f3a, volume {name: "data"} and mountPoint {sourceVolume: "data", containerPath:
 * "/d"} → volume `berth-7f3a-data` and mount {volume, berth-7f3a-data → /d}.
 */
import type { AssignedTask } from "../../agent-protocol/messages.js";
import type { ContainerDefinition, Volume } from "../../services/ecs/task-definitions/types.js";
import type { Mount, VolumeSpec } from "../runtime/runtime.js";
import { dockerName } from "./labels.js";

type TaskVolumes = Pick<AssignedTask, "taskArn" | "volumes">;

function volumesOf(task: TaskVolumes): Volume[] {
  return (task.volumes ?? []) as Volume[];
}

function isShared(v: Volume): boolean {
  return v.dockerVolumeConfiguration?.scope === "shared";
}

/** The engine name of an ECS volume that is not a host path. */
export function engineVolumeName(task: TaskVolumes, v: Volume): string {
  if (isShared(v)) return String(v.name);
  const taskId = task.taskArn.slice(task.taskArn.lastIndexOf("/") + 1);
  return `berth-${taskId}-${String(v.name)}`.replace(/[^a-zA-Z0-9_.-]/g, "_");
}

function stringMap(v: unknown): Record<string, string> | undefined {
  if (v === null || typeof v !== "object") return undefined;
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]));
}

/** The volumes to create before the task's containers; task-scoped ones carry `taskLabels`. */
export function taskVolumeSpecs(task: TaskVolumes, taskLabels: Record<string, string>): VolumeSpec[] {
  const out: VolumeSpec[] = [];
  for (const v of volumesOf(task)) {
    if (v.host?.sourcePath !== undefined) continue;
    const dvc = v.dockerVolumeConfiguration;
    if (isShared(v) && dvc?.autoprovision !== true) continue;
    out.push({
      name: engineVolumeName(task, v),
      ...(typeof dvc?.driver === "string" && { driver: dvc.driver }),
      ...(stringMap(dvc?.driverOpts) && { driverOpts: stringMap(dvc?.driverOpts) }),
      labels: { ...(stringMap(dvc?.labels) ?? {}), ...(isShared(v) ? {} : taskLabels) },
    });
  }
  return out;
}

/** A container's mountPoints as engine mounts; a mount point naming no task volume is skipped
 * (task definition validation refuses it). */
export function mountsOf(def: ContainerDefinition, task: TaskVolumes): Mount[] {
  const byName = new Map(volumesOf(task).map((v) => [String(v.name), v]));
  const out: Mount[] = [];
  for (const mp of def.mountPoints ?? []) {
    const v = byName.get(String(mp.sourceVolume));
    if (v === undefined || typeof mp.containerPath !== "string") continue;
    const readOnly = mp.readOnly === true;
    const sourcePath = v.host?.sourcePath;
    out.push(
      sourcePath !== undefined
        ? { kind: "bind", source: sourcePath, target: mp.containerPath, readOnly }
        : { kind: "volume", source: engineVolumeName(task, v), target: mp.containerPath, readOnly },
    );
  }
  return out;
}

/** A container's volumesFrom as Docker's `<container>[:ro]`, naming the sibling's engine name. */
export function volumesFromOf(def: ContainerDefinition, task: TaskVolumes): string[] {
  return (def.volumesFrom ?? [])
    .filter((f) => typeof f.sourceContainer === "string")
    .map((f) => `${dockerName(task.taskArn, String(f.sourceContainer))}${f.readOnly === true ? ":ro" : ""}`);
}
