/**
 * RunTask `overrides`: checked against the task definition, applied to its container
 * definitions (what the agent runs), and echoed on the Task as ECS does (every container listed
 * by name, with what was overridden).
 * Example: containers [web, log], override {name: web, command: ["sh"]} → web runs ["sh"];
 * the task shows containerOverrides [{name: web, command: ["sh"]}, {name: log}].
 */
import type { KeyValuePair } from "../types.js";
import { invalidParameter } from "../errors.js";

export interface ContainerOverride {
  name?: string;
  command?: string[];
  environment?: KeyValuePair[];
  environmentFiles?: { value: string; type: string }[];
  cpu?: number;
  memory?: number;
  memoryReservation?: number;
  resourceRequirements?: { value: string; type: string }[];
}

export interface TaskOverride {
  containerOverrides?: ContainerOverride[];
  cpu?: string;
  memory?: string;
  taskRoleArn?: string;
  executionRoleArn?: string;
  ephemeralStorage?: { sizeInGiB: number };
  inferenceAcceleratorOverrides?: Record<string, unknown>[];
}

/**
 * The model's limit on `overrides`: 8192 characters of JSON (ecs-api.md §2.3). Messages as
 * observed: "Container Overrides length must be at most 8192" (Netflix/metaflow#1482), "Override
 * for container named django is not a container in the TaskDefinition." (azavea/django-ecsmanage#21).
 */
export const MAX_OVERRIDES_LENGTH = 8192;

type Definition = Record<string, unknown> & { name?: string };

export function checkOverrides(overrides: TaskOverride | undefined, containers: readonly Definition[]): void {
  if (!overrides) return;
  if (JSON.stringify(overrides).length > MAX_OVERRIDES_LENGTH) {
    throw invalidParameter(`Container Overrides length must be at most ${MAX_OVERRIDES_LENGTH}`);
  }
  const names = new Set(containers.map((c) => c.name));
  const seen = new Set<string>();
  for (const o of overrides.containerOverrides ?? []) {
    if (o.name === undefined || o.name === "") throw invalidParameter("Container override must name a container.");
    if (!names.has(o.name)) throw invalidParameter(`Override for container named ${o.name} is not a container in the TaskDefinition.`);
    if (seen.has(o.name)) throw invalidParameter(`Duplicate override for container named ${o.name}.`);
    seen.add(o.name);
    for (const k of ["cpu", "memory", "memoryReservation"] as const) {
      const v = o[k];
      if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw invalidParameter(`Container override ${k} must be a non-negative integer.`);
    }
  }
}

/** The container definitions with the overrides applied: command, cpu, memory, reservation replace; environment merges by name. */
export function applyOverrides(containers: readonly Definition[], overrides: TaskOverride | undefined): Record<string, unknown>[] {
  return containers.map((c) => {
    const o = overrides?.containerOverrides?.find((x) => x.name === c.name);
    if (!o) return { ...c };
    const out: Record<string, unknown> = { ...c };
    if (o.command !== undefined) out.command = o.command;
    if (o.cpu !== undefined) out.cpu = o.cpu;
    if (o.memory !== undefined) out.memory = o.memory;
    if (o.memoryReservation !== undefined) out.memoryReservation = o.memoryReservation;
    if (o.environment !== undefined) {
      const env = new Map<string, string>();
      for (const e of (c.environment as KeyValuePair[] | undefined) ?? []) env.set(e.name, e.value);
      for (const e of o.environment) env.set(e.name, e.value);
      out.environment = [...env].map(([name, value]) => ({ name, value }));
    }
    if (o.environmentFiles !== undefined) out.environmentFiles = o.environmentFiles;
    if (o.resourceRequirements !== undefined) out.resourceRequirements = o.resourceRequirements;
    return out;
  });
}

/** What the Task's `overrides` shows. */
export function echoOverrides(containers: readonly Definition[], overrides: TaskOverride | undefined): Record<string, unknown> {
  const { containerOverrides, inferenceAcceleratorOverrides, ...taskLevel } = overrides ?? {};
  return {
    containerOverrides: containers.map((c) => containerOverrides?.find((o) => o.name === c.name) ?? { name: c.name }),
    inferenceAcceleratorOverrides: inferenceAcceleratorOverrides ?? [],
    ...taskLevel,
  };
}
