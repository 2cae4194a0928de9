/** The awslogs options of a container definition, resolved for one container of one task. Pure. */
import type { ContainerDefinition } from "../../services/ecs/task-definitions/types.js";
import { datetimeFormatPattern } from "./datetime-format.js";
import { bufferMode, type BufferMode } from "./buffer-mode.js";

export interface AwslogsTarget {
  region?: string;
  group: string;
  /** undefined until the Docker container id is known (no awslogs-stream-prefix). */
  stream?: string;
  createGroup: boolean;
  /** Lines matching it start a new event; other lines join the current one. */
  multiline?: RegExp;
  /** `mode`/`max-buffer-size`: non-blocking drops lines when its buffer is full; blocking never drops. */
  buffer?: BufferMode;
}

export type AwslogsOptions = { kind: "none" } | { kind: "awslogs"; target: AwslogsTarget } | { kind: "invalid"; reason: string };

const invalid = (why: string): AwslogsOptions => ({
  kind: "invalid",
  reason: `ResourceInitializationError: failed to validate logger args: ${why}`,
});

export function awslogsOptions(def: ContainerDefinition, taskArn: string): AwslogsOptions {
  const lc = def.logConfiguration;
  if (lc === undefined || lc.logDriver !== "awslogs") return { kind: "none" };
  const o = lc.options ?? {};
  const group = o["awslogs-group"];
  if (group === undefined || group === "") return invalid("must specify a value for log opt 'awslogs-group'");
  if (o["awslogs-datetime-format"] !== undefined && o["awslogs-multiline-pattern"] !== undefined) {
    return invalid("you cannot configure log opt 'awslogs-datetime-format' and 'awslogs-multiline-pattern' at the same time");
  }
  let multiline: RegExp | undefined;
  try {
    if (o["awslogs-datetime-format"] !== undefined) multiline = datetimeFormatPattern(o["awslogs-datetime-format"]);
    else if (o["awslogs-multiline-pattern"] !== undefined) multiline = new RegExp(o["awslogs-multiline-pattern"]);
  } catch (e) {
    return invalid(`awslogs could not parse multiline pattern key: ${e instanceof Error ? e.message : String(e)}`);
  }
  const createGroup = (o["awslogs-create-group"] ?? "false").toLowerCase();
  if (createGroup !== "true" && createGroup !== "false") return invalid(`invalid value for awslogs-create-group: ${o["awslogs-create-group"]}`);
  const buffer = bufferMode(o);
  if ("error" in buffer) return invalid(buffer.error);
  const prefix = o["awslogs-stream-prefix"];
  const taskId = taskArn.slice(taskArn.lastIndexOf("/") + 1);
  const stream = o["awslogs-stream"] ?? (prefix ? `${prefix}/${def.name}/${taskId}` : undefined);
  return {
    kind: "awslogs",
    target: { region: o["awslogs-region"], group, stream, createGroup: createGroup === "true", multiline, ...(buffer.nonBlocking && { buffer }) },
  };
}
