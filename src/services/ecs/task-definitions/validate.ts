/**
 * RegisterTaskDefinition's checks, in the order ECS makes them, ending in the normalised
 * definition (defaults filled, task cpu/memory as unit strings). Pure: throws the first problem
 * as ECS's error (ClientException for almost everything, as ECS does) and otherwise returns.
 *
 * Order: family → request size → container list → container names/images → task cpu/memory
 * formats → Fargate requirements (when FARGATE is required) → per-container memory, ports and
 * health checks → task totals → an essential container → dependsOn/links → other launch types.
 */
import { NAME_PATTERN } from "../arns.js";
import { clientException } from "../errors.js";
import { checkContainerMemory, checkContainerNames, checkTaskTotals, normalizeContainer } from "./containers.js";
import { checkDependencies } from "./dependencies.js";
import { computeCompatibilities, fargateIssues } from "./compatibilities.js";
import { parseTaskCpu, parseTaskMemory } from "./fargate.js";
import type { NormalizedTaskDefinition, RegisterTaskDefinitionRequest } from "./types.js";

export const MAX_CONTAINERS = 10;
/** The task definition size limit (Service Quotas: 64 KiB). */
export const MAX_DEFINITION_BYTES = 65536;

export function checkFamily(family: string): void {
  if (family.trim() === "") throw clientException("Family can not be blank."); // observed
  if (!NAME_PATTERN.test(family)) {
    throw clientException(family.length > 255 ? "Family must be at most 255 characters long." : "Family contains invalid characters."); // second observed
  }
}

/** The size ECS measures: the definition as JSON, in UTF-8 bytes (tags are not part of it). */
export function definitionSize(input: RegisterTaskDefinitionRequest): number {
  const { tags: _tags, ...definition } = input;
  return Buffer.byteLength(JSON.stringify(definition), "utf8");
}

export function validateRegistration(input: RegisterTaskDefinitionRequest): NormalizedTaskDefinition {
  checkFamily(input.family);
  const size = definitionSize(input);
  if (size > MAX_DEFINITION_BYTES) throw clientException(`Actual length: '${size}'. Max allowed length is '${MAX_DEFINITION_BYTES}' bytes.`); // observed
  const containers = input.containerDefinitions;
  if (containers.length === 0) throw clientException("Container list cannot be empty."); // observed
  if (containers.length > MAX_CONTAINERS) throw clientException("Too many containers."); // observed
  checkContainerNames(containers);

  // Task size: "1 vCPU" → "1024", "2GB" → "2048". Observed: "Invalid 'cpu' setting for task."
  const cpu = input.cpu === undefined ? undefined : parseTaskCpu(input.cpu);
  if (input.cpu !== undefined && cpu === undefined) throw clientException("Invalid 'cpu' setting for task.");
  const memory = input.memory === undefined ? undefined : parseTaskMemory(input.memory);
  if (input.memory !== undefined && memory === undefined) throw clientException("Invalid 'memory' setting for task.");

  const { tags: _tags, ...rest } = input;
  const draft: NormalizedTaskDefinition = { ...rest };
  if (cpu !== undefined) draft.cpu = String(cpu);
  if (memory !== undefined) draft.memory = String(memory);

  const required = new Set(input.requiresCompatibilities ?? []);
  if (required.has("FARGATE")) {
    const [issue] = fargateIssues(draft);
    if (issue) throw clientException(issue);
  }

  const mode = input.networkMode ?? "bridge";
  for (const c of containers) checkContainerMemory(c, memory);
  const normalized = containers.map((c) => normalizeContainer(c, mode));
  checkTaskTotals(normalized, cpu, memory);
  if (!normalized.some((c) => c.essential)) throw clientException("Task definition doesn't have any essential container."); // observed
  checkDependencies(normalized);
  // A mount point must name one of the task's volumes (ECS: "Unknown volume 'x'.", as reported by users).
  const volumeNames = new Set((input.volumes ?? []).map((v) => v.name));
  for (const c of normalized) {
    for (const mp of c.mountPoints ?? []) {
      if (!volumeNames.has(mp.sourceVolume as string)) throw clientException(`Unknown volume '${String(mp.sourceVolume ?? null)}'.`);
    }
  }

  if (input.ephemeralStorage && (input.ephemeralStorage.sizeInGiB < 21 || input.ephemeralStorage.sizeInGiB > 200)) {
    throw clientException("Invalid 'ephemeralStorage' setting for task. 'sizeInGiB' must be between 21 and 200.");
  }

  const definition: NormalizedTaskDefinition = {
    ...draft,
    containerDefinitions: normalized,
    volumes: input.volumes ?? [],
    placementConstraints: input.placementConstraints ?? [],
  };
  const compatible = new Set(computeCompatibilities(definition));
  for (const launchType of required) {
    // Borrowed from RunTask's wording for an incompatible launch type.
    if (!compatible.has(launchType)) throw clientException(`Task definition does not support launch_type ${launchType}.`);
  }
  return definition;
}
