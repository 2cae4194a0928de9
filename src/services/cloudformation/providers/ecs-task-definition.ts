/**
 * AWS::ECS::TaskDefinition: Ref is the task definition ARN (family:revision); GetAtt
 * TaskDefinitionArn. Every property change registers a new revision (CloudFormation replaces
 * task definitions) and the old revision is deregistered.
 */
import { ecsService } from "../../ecs/service.js";
import { camelize, coerceBooleans, coerceNumbers, coerceStrings, ecsTags } from "./camel.js";
import { invoke } from "./invoke.js";
import type { ResourceProvider } from "./types.js";
import type { Json } from "../template/types.js";

const BOOLEANS = new Set(["essential", "readonlyRootFilesystem", "privileged", "disableNetworking", "interactive", "pseudoTerminal", "initProcessEnabled", "readOnly", "autoprovision", "enableFaultInjection"]);
const NUMBERS = new Set(["containerPort", "hostPort", "cpu", "memory", "memoryReservation", "softLimit", "hardLimit", "startTimeout", "stopTimeout", "interval", "timeout", "retries", "startPeriod", "sizeInGiB", "sharedMemorySize", "maxSwap", "swappiness", "weight", "base", "transitEncryptionPort"]);

export const ecsTaskDefinitionProvider: ResourceProvider = {
  type: "AWS::ECS::TaskDefinition",
  async create(p, ctx) {
    const { Tags, Family, Cpu, Memory, ContainerDefinitions, ...rest } = p;
    const containers = coerceBooleans(coerceNumbers(camelize((ContainerDefinitions ?? []) as Json), NUMBERS), BOOLEANS);
    const input: Record<string, unknown> = {
      ...(coerceBooleans(camelize(rest), BOOLEANS) as Record<string, unknown>),
      family: typeof Family === "string" ? Family : ctx.generateName(255),
      containerDefinitions: containers,
      ...(Cpu !== undefined && { cpu: String(Cpu) }),
      ...(Memory !== undefined && { memory: String(Memory) }),
      ...(ecsTags(Tags)?.length && { tags: ecsTags(Tags) }),
    };
    const fixed = coerceStrings(input as Json, new Set(["value"])) as Record<string, unknown>;
    const out = await invoke<{ taskDefinition: { taskDefinitionArn: string } }>(ecsService, "RegisterTaskDefinition", fixed, ctx.request);
    const arn = out.taskDefinition.taskDefinitionArn;
    return { physicalId: arn, attributes: { TaskDefinitionArn: arn } };
  },
  requiresReplacement: (before, after) => {
    const strip = (o: Record<string, unknown>) => JSON.stringify({ ...o, Tags: undefined });
    return strip(before) !== strip(after);
  },
  async update(current) {
    // Only Tags changed: berth keeps the revision (tags of task definitions are not re-applied).
    return current;
  },
  async delete(current, _p, ctx) {
    try {
      await invoke(ecsService, "DeregisterTaskDefinition", { taskDefinition: current.physicalId }, ctx.request);
    } catch (err) {
      if ((err as Error).name !== "ClientException") throw err;
    }
  },
};
