/**
 * What an agent tells the control plane about its host: resources (CPU at 1024 units per core,
 * memory in MiB, the ports ECS reserves) and the attributes ECS gives a container instance.
 * Pure: computed from the engine's info and the agent's options.
 */
import type { EngineInfo } from "./runtime/runtime.js";
import type { AgentResources } from "../agent-protocol/messages.js";

/** Ports the ECS agent reserves on every instance (SSH, Docker, the agent's own). */
export const ECS_RESERVED_PORTS = [22, 2375, 2376, 51678, 51679];

/** The agent version berth reports (ECS agents report e.g. 1.88.0). */
export const BERTH_AGENT_VERSION = "1.0.0";

/** Capabilities berth's agent has, as ECS names them (task definitions' requiresAttributes match these). */
export const CAPABILITIES = [
  "com.amazonaws.ecs.capability.docker-remote-api.1.17",
  "com.amazonaws.ecs.capability.docker-remote-api.1.18",
  "com.amazonaws.ecs.capability.docker-remote-api.1.19",
  "com.amazonaws.ecs.capability.docker-remote-api.1.20",
  "com.amazonaws.ecs.capability.docker-remote-api.1.21",
  "com.amazonaws.ecs.capability.docker-remote-api.1.22",
  "com.amazonaws.ecs.capability.docker-remote-api.1.23",
  "com.amazonaws.ecs.capability.docker-remote-api.1.24",
  "com.amazonaws.ecs.capability.docker-remote-api.1.25",
  "com.amazonaws.ecs.capability.docker-remote-api.1.26",
  "com.amazonaws.ecs.capability.docker-remote-api.1.27",
  "com.amazonaws.ecs.capability.docker-remote-api.1.28",
  "com.amazonaws.ecs.capability.docker-remote-api.1.29",
  "com.amazonaws.ecs.capability.docker-remote-api.1.30",
  "com.amazonaws.ecs.capability.docker-remote-api.1.31",
  "com.amazonaws.ecs.capability.docker-remote-api.1.32",
  "com.amazonaws.ecs.capability.logging-driver.json-file",
  "com.amazonaws.ecs.capability.logging-driver.awslogs",
  "com.amazonaws.ecs.capability.logging-driver.none",
  "com.amazonaws.ecs.capability.logging-driver.syslog",
  "com.amazonaws.ecs.capability.privileged-container",
  "com.amazonaws.ecs.capability.task-iam-role",
  "com.amazonaws.ecs.capability.task-iam-role-network-host",
  "ecs.capability.execution-role-awslogs",
  "ecs.capability.task-eni",
  "ecs.capability.container-health-check",
  "ecs.capability.container-ordering",
  "ecs.capability.full-sync",
  "ecs.capability.env-files.s3",
  "ecs.capability.secrets.ssm.environment-variables",
  "ecs.capability.secrets.asm.environment-variables",
  "ecs.capability.pid-ipc-namespace-sharing",
  "ecs.capability.docker-plugin.local",
  "ecs.capability.increased-task-cpu-limit",
  "ecs.capability.task-cpu-mem-limit",
];

export const PRIVILEGED_CAPABILITY = "com.amazonaws.ecs.capability.privileged-container";

export interface AgentOptions {
  region: string;
  /** Override of the CPU units to offer (default: 1024 per core). */
  cpu?: number;
  /** Override of the MiB to offer (default: all the engine reports). */
  memory?: number;
  /** Custom attributes (`--attribute k=v`). */
  attributes: { name: string; value?: string }[];
  /** Run containers with privileged: true (`--allow-privileged`). Without it the instance lacks the
   * privileged-container capability, so placement passes it over, as ECS does with ECS_DISABLE_PRIVILEGED. */
  allowPrivileged?: boolean;
}

export function instanceResources(info: EngineInfo, opts: AgentOptions): AgentResources {
  return {
    cpu: opts.cpu ?? info.cpus * 1024,
    memory: opts.memory ?? Math.floor(info.memoryBytes / (1024 * 1024)),
    reservedPorts: [...ECS_RESERVED_PORTS],
    reservedPortsUdp: [],
  };
}

/** ECS's name for the CPU architecture Docker reports. */
export function ecsArchitecture(dockerArch: string): string {
  return dockerArch === "aarch64" || dockerArch === "arm64" ? "arm64" : dockerArch === "amd64" ? "x86_64" : dockerArch;
}

export function instanceAttributes(info: EngineInfo, opts: AgentOptions): { name: string; value?: string }[] {
  const builtIn: { name: string; value?: string }[] = [
    { name: "ecs.availability-zone", value: `${opts.region}a` },
    { name: "ecs.os-type", value: info.os === "windows" ? "windows" : "linux" },
    { name: "ecs.os-family", value: info.os === "windows" ? "WINDOWS_SERVER" : "LINUX" },
    { name: "ecs.cpu-architecture", value: ecsArchitecture(info.architecture) },
    { name: "ecs.instance-type", value: "berth.host" },
    { name: "ecs.ami-id", value: "ami-berth" },
    ...CAPABILITIES.filter((name) => opts.allowPrivileged === true || name !== PRIVILEGED_CAPABILITY).map((name) => ({ name })),
  ];
  const custom = new Map(opts.attributes.map((a) => [a.name, a]));
  return [...builtIn.filter((a) => !custom.has(a.name)), ...custom.values()];
}
