/**
 * The agent: registers its host as a container instance through the agent protocol, then
 * heartbeats, and runs the tasks the control plane assigns to it (task-sync.ts, tasks/). The
 * server embeds one for its own host; `bin/berth agent` runs the same code as a separate process.
 */
import { AgentClient, AgentProtocolError, type AgentCredentials } from "../agent-protocol/client.js";
import type { RegisterAgentRequest } from "../agent-protocol/messages.js";
import { BERTH_AGENT_VERSION, instanceAttributes, instanceResources, type AgentOptions } from "./instance-facts.js";
import type { ContainerRuntime } from "./runtime/runtime.js";
import { clusterOfInstance, startTaskSync } from "./task-sync.js";
import { startManagedCapacity, type ManagedCapacity } from "./managed-capacity.js";
import { TaskDns } from "./network/task-dns.js";
import type { Upstream } from "../dns/relay.js";

export interface AgentConfig {
  endpoint: string;
  credentials: AgentCredentials;
  /** Cluster name or ARN; none means `default`. */
  cluster?: string;
  /** Unique per host and cluster: re-registering under the same name gets the same instance back. */
  name: string;
  options: AgentOptions;
  /** How long stopped tasks' containers are kept before removal (default one hour). */
  stoppedTaskRetentionMs?: number;
  /** Also offer managed capacity (run FARGATE tasks; see managed-capacity.ts). */
  managedCapacity?: boolean;
  log?: (message: string) => void;
  /** berth's DNS server (host view): task containers resolve Cloud Map names through a relay to it. */
  dnsServer?: Upstream;
}

export interface RunningAgent {
  containerInstanceArn: string;
  /** The managed-capacity seat's ARN, when the agent offers managed capacity. */
  seatArn?: string;
  /** Resolves when the agent stops, with why. */
  stopped: Promise<string>;
  stop(): Promise<void>;
}

export async function startAgent(config: AgentConfig, engine: ContainerRuntime): Promise<RunningAgent> {
  const log = config.log ?? ((m: string) => console.error(m));
  const client = new AgentClient(config.endpoint, config.options.region, config.credentials);
  const info = await engine.info();
  const request: RegisterAgentRequest = {
    ...(config.cluster !== undefined && { cluster: config.cluster }),
    name: config.name,
    resources: instanceResources(info, config.options),
    attributes: instanceAttributes(info, config.options),
    versionInfo: { agentVersion: BERTH_AGENT_VERSION, dockerVersion: `DockerVersion: ${info.version}` },
  };
  let registered = await client.registerAgent(request);
  const dns = config.dnsServer !== undefined ? new TaskDns(config.dnsServer, log) : undefined;
  const tasks = startTaskSync({ client, runtime: engine, containerInstanceArn: registered.containerInstanceArn, agentName: config.name, stoppedTaskRetentionMs: config.stoppedTaskRetentionMs, allowPrivileged: config.options.allowPrivileged === true, log, ...(dns !== undefined && { dns }) });
  const managed: ManagedCapacity | undefined = config.managedCapacity
    ? await startManagedCapacity({
        client,
        runtime: engine,
        // One seat per agent: agents of the same name in two clusters must not share one.
        request: { name: `${config.name}@${clusterOfInstance(registered.containerInstanceArn)}`, resources: request.resources, attributes: request.attributes, versionInfo: request.versionInfo },
        ...(config.stoppedTaskRetentionMs !== undefined && { stoppedTaskRetentionMs: config.stoppedTaskRetentionMs }),
        log,
        ...(dns !== undefined && { dns }),
      })
    : undefined;

  let timer: NodeJS.Timeout | undefined;
  let finish!: (why: string) => void;
  const stopped = new Promise<string>((resolve) => (finish = resolve));
  let running = true;

  const beat = async (): Promise<void> => {
    try {
      const { status } = await client.heartbeat({ containerInstanceArn: registered.containerInstanceArn });
      if (status === "INACTIVE") {
        running = false;
        await tasks.stop();
        await managed?.stop();
        await dns?.close();
        finish(`container instance ${registered.containerInstanceArn} was deregistered`);
        return;
      }
    } catch (err) {
      if (err instanceof AgentProtocolError && err.status < 500 && running) {
        // The control plane no longer knows this instance (e.g. its data was reset): register again.
        log(`berth agent: heartbeat refused (${err.message}); registering again`);
        try {
          registered = await client.registerAgent({ ...request, containerInstanceArn: registered.containerInstanceArn });
        } catch (again) {
          log(`berth agent: registration failed: ${again instanceof Error ? again.message : String(again)}`);
        }
      } else if (running) {
        log(`berth agent: heartbeat failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (running) timer = setTimeout(beat, registered.heartbeatIntervalMs);
  };
  timer = setTimeout(beat, registered.heartbeatIntervalMs);

  return {
    get containerInstanceArn() {
      return registered.containerInstanceArn;
    },
    ...(managed !== undefined && { seatArn: managed.seatArn }),
    stopped,
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await tasks.stop();
      await managed?.stop();
      await dns?.close();
      finish("stopped");
    },
  };
}
