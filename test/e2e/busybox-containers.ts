/**
 * The task-definition pieces the service e2e files run on the busybox test image: a long-running
 * `sleeper` (`sleep 3600` by default) with a container health check that passes at once and is
 * checked often, an `httpd` container serving /www after a shell step writes its pages, and the
 * fields of a Fargate task definition. `registerTaskDefinition` registers one and gives its ARN.
 */
import { RegisterTaskDefinitionCommand, type ContainerDefinition, type ECSClient, type RegisterTaskDefinitionCommandInput } from "@aws-sdk/client-ecs";

/** A health check that passes at once, checked every 5 s: a task is HEALTHY soon after it runs. */
export const QUICK_HEALTH_CHECK = { command: ["CMD-SHELL", "exit 0"], interval: 5, retries: 1, timeout: 2 };

/** What a Fargate task definition adds: awsvpc, FARGATE, and task-level cpu and memory. */
export const FARGATE_TASK: Pick<RegisterTaskDefinitionCommandInput, "networkMode" | "requiresCompatibilities" | "cpu" | "memory"> = {
  networkMode: "awsvpc",
  requiresCompatibilities: ["FARGATE"],
  cpu: "256",
  memory: "512",
};

/** Container "main": `command` (default `sleep 3600`), stopTimeout 1, QUICK_HEALTH_CHECK; `extra` overrides any field (healthCheck: undefined for none). */
export function sleeper(image: string, options: { command?: string[]; memory?: number; extra?: Partial<ContainerDefinition> } = {}): ContainerDefinition {
  const { command = ["sleep", "3600"], memory, extra } = options;
  return { name: "main", image, ...(memory === undefined ? {} : { memory }), command, stopTimeout: 1, healthCheck: QUICK_HEALTH_CHECK, ...extra };
}

/**
 * Container "web": busybox httpd in the foreground on `port`, serving /www once `page` (a shell step,
 * e.g. `echo ok > /www/index.html`) has run; stopTimeout 1; memory 16 unless given (undefined for
 * none, as Fargate's task-level memory allows).
 */
export function httpd(image: string, page: string, options: { port?: number; memory?: number | undefined; extra?: Partial<ContainerDefinition> } = {}): ContainerDefinition {
  const { port = 80, extra } = options;
  const memory = "memory" in options ? options.memory : 16;
  return {
    name: "web",
    image,
    ...(memory === undefined ? {} : { memory }),
    stopTimeout: 1,
    command: ["sh", "-c", `mkdir -p /www && ${page} && exec httpd -f -p ${port} -h /www`],
    ...extra,
  };
}

export async function registerTaskDefinition(ecs: ECSClient, input: RegisterTaskDefinitionCommandInput): Promise<string> {
  return (await ecs.send(new RegisterTaskDefinitionCommand(input))).taskDefinition!.taskDefinitionArn!;
}
