/**
 * The agent's offer of managed capacity (what FARGATE tasks run on; the control plane's side is
 * src/services/ecs/launch/managed-capacity.ts). Beside its container instance, an agent that
 * offers it registers a *seat* through the agent protocol (RegisterManagedCapacity), heartbeats
 * it, and runs its tasks with a task sync of its own, labelled with the seat's ARN: the seat's
 * containers are apart from the instance's on the same engine, and a restarted agent gets the same
 * seat back (by name) and adopts them. No container instance is shown for the seat.
 */
import { AgentProtocolError, type AgentClient } from "../agent-protocol/client.js";
import type { RegisterManagedCapacityRequest } from "../agent-protocol/messages.js";
import type { ContainerRuntime } from "./runtime/runtime.js";
import { startTaskSync } from "./task-sync.js";
import type { TaskDns } from "./network/task-dns.js";

export interface ManagedCapacity {
  seatArn: string;
  stop(): Promise<void>;
}

export async function startManagedCapacity(opts: {
  client: AgentClient;
  runtime: ContainerRuntime;
  request: RegisterManagedCapacityRequest;
  stoppedTaskRetentionMs?: number;
  log: (message: string) => void;
  /** The agent's DNS relay, shared with its container instance's runner. */
  dns?: TaskDns;
}): Promise<ManagedCapacity> {
  const { client, log } = opts;
  let registered = await client.registerManagedCapacity(opts.request);
  const seatArn = registered.seatArn;
  const tasks = startTaskSync({
    client,
    runtime: opts.runtime,
    containerInstanceArn: seatArn,
    agentName: opts.request.name,
    ...(opts.stoppedTaskRetentionMs !== undefined && { stoppedTaskRetentionMs: opts.stoppedTaskRetentionMs }),
    log,
    ...(opts.dns !== undefined && { dns: opts.dns }),
  });
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  const beat = async (): Promise<void> => {
    try {
      await client.heartbeat({ containerInstanceArn: seatArn });
    } catch (err) {
      if (!running) return;
      if (err instanceof AgentProtocolError && err.status < 500) {
        // The control plane no longer knows the seat (its data was reset): register it again.
        log(`berth agent: managed-capacity heartbeat refused (${err.message}); registering again`);
        registered = await client.registerManagedCapacity({ ...opts.request, seatArn }).catch((again: unknown) => {
          log(`berth agent: managed-capacity registration failed: ${again instanceof Error ? again.message : String(again)}`);
          return registered;
        });
      } else {
        log(`berth agent: managed-capacity heartbeat failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (running) timer = setTimeout(beat, registered.heartbeatIntervalMs);
  };
  timer = setTimeout(beat, registered.heartbeatIntervalMs);
  return {
    seatArn,
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await tasks.stop();
    },
  };
}
