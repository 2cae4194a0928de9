/**
 * The set-up most real-container e2e files share: `bin/berth server` on a fresh data directory
 * (with its embedded agent, or with `separateAgents` none and a cluster for `bin/berth agent`
 * processes), ECS and ELBv2 clients for it, the locally built busybox image, agent processes on request,
 * and an `after` that stops the agents and the server, removes every container of the file's
 * task-definition families and the cluster networks it names (when nothing else uses them), and
 * deletes the data directory. The server can be stopped (kill -9 included) and started again on
 * the same data directory; with `fixedPort` it comes back at the same URL, so agents reconnect.
 *
 * ```ts
 * const t = useDockerServer({ name: "runtask", families: [family], clusters: ["default"] });
 * test("...", async () => {
 *   const arn = ...; await t.waitForTask("default", arn, (x) => x.lastStatus === "RUNNING", "RUNNING");
 * });
 * ```
 */
import { after, before } from "node:test";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Docker from "dockerode";
import { CreateClusterCommand, DescribeTasksCommand, ECSClient, type Task } from "@aws-sdk/client-ecs";
import { ElasticLoadBalancingV2Client } from "@aws-sdk/client-elastic-load-balancing-v2";
import { spawnAgent, spawnServer, type runBerth, type ServerProcess } from "./spawn-server.js";
import { TEST_CREDENTIALS } from "./harness.js";
import { ensureBusyboxImage } from "../support/busybox-image.js";
import { releaseClusterNetwork } from "../support/cluster-network.js";
import { freePort } from "../support/free-port.js";
import { removeContainers } from "../support/remove-containers.js";

export type AgentProcess = ReturnType<typeof runBerth>;

export interface DockerServerOptions {
  /** Names the temporary data directory. */
  readonly name: string;
  /** Extra `bin/berth server` flags (the data directory, and the port with `fixedPort`, are given already). */
  readonly args?: readonly string[];
  /** Listen on a loopback port chosen once, so that a restarted server has the same URL. */
  readonly fixedPort?: boolean;
  /**
   * `bin/berth agent` processes instead of the embedded agent: the server runs with `--no-agent`,
   * `cluster` is created before `setUp` (its network is released in `after`), and `agent(args)`
   * starts one with `--cluster <cluster> --task-cleanup-wait 1` before `args`.
   */
  readonly separateAgents?: { readonly cluster: string };
  /** Task-definition families whose containers `after` removes (read at the end: a list the file fills as it goes works). */
  readonly families: readonly string[];
  /** Cluster names whose berth network `after` releases. */
  readonly clusters?: readonly string[];
  /** Called each time the server has started (in `before`, and after `start()`), once the ECS client is made: take clients here. */
  readonly ready?: (fixture: DockerServer) => void;
  /**
   * Awaited once at the end of the fixture's `before`, after `ready`: clusters, agents, task
   * definitions the whole file uses (a second top-level `before` may run too early).
   */
  readonly setUp?: (fixture: DockerServer) => Promise<unknown>;
}

export interface DockerServer {
  readonly docker: Docker;
  readonly dataDir: string;
  /** The busybox test image (after `before`). */
  image(): string;
  server(): ServerProcess;
  ecs(): ECSClient;
  /** An ELBv2 client for the current server (made on first use). */
  elb(): ElasticLoadBalancingV2Client;
  /** Keeps `client` (made for the current server) to destroy it when the server stops. */
  track<C extends { destroy(): void }>(client: C): C;
  /** Start `bin/berth agent --endpoint <server> ...args` (see `separateAgents`); resolves once it has registered. `after` stops it. */
  agent(args: readonly string[]): Promise<{ arn: string; run: AgentProcess }>;
  /** Stop the server with `signal` (SIGKILL: as a crash) and destroy its clients; resolves with its exit code or signal. */
  stop(signal?: NodeJS.Signals): Promise<number | string>;
  /** Start the server again on the same data directory (and port, with `fixedPort`); `ready` runs again. */
  start(): Promise<void>;
  /** `stop(signal)`, then `start()`. */
  restart(signal?: NodeJS.Signals): Promise<void>;
  /** Poll DescribeTasks (with TAGS) until the task satisfies `done`, or fail after the deadline. */
  waitForTask(cluster: string, arn: string, done: (t: Task) => boolean, what: string, timeoutMs?: number): Promise<Task>;
}

const alive = (p: AgentProcess) => p.child.exitCode === null && p.child.signalCode === null;

export function useDockerServer(options: DockerServerOptions): DockerServer {
  const docker = new Docker();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `berth-${options.name}-`));
  let server: ServerProcess | undefined;
  let ecs: ECSClient | undefined;
  let elb: ElasticLoadBalancingV2Client | undefined;
  let image: string | undefined;
  let port: number | undefined;
  let clients: { destroy(): void }[] = [];
  const agents: AgentProcess[] = [];

  const start = async () => {
    port ??= options.fixedPort ? await freePort() : undefined;
    const own = [...(port === undefined ? [] : ["--port", String(port)]), ...(options.separateAgents ? ["--no-agent"] : [])];
    server = await spawnServer(["--data-dir", dataDir, ...own, ...(options.args ?? [])]);
    ecs = fixture.track(new ECSClient({ endpoint: server.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 }));
    options.ready?.(fixture);
  };
  const destroyClients = () => {
    for (const c of clients) c.destroy();
    clients = [];
    elb = undefined;
  };

  before(async () => {
    image = await ensureBusyboxImage(docker);
    await start();
    if (options.separateAgents) await fixture.ecs().send(new CreateClusterCommand({ clusterName: options.separateAgents.cluster }));
    await options.setUp?.(fixture);
  });

  after(async () => {
    destroyClients();
    const processes = [...agents, ...(server ? [server] : [])];
    for (const p of processes) if (alive(p)) p.child.kill("SIGTERM");
    await Promise.all(processes.map((p) => p.exited));
    for (const family of options.families) {
      const leftovers = await docker.listContainers({ all: true, filters: { label: [`com.amazonaws.ecs.task-definition-family=${family}`] } });
      await removeContainers(docker, leftovers);
    }
    // Agents stopped while their tasks' containers stood leave the cluster networks they made: those go too.
    const clusters = new Set([...(options.clusters ?? []), ...(options.separateAgents ? [options.separateAgents.cluster] : [])]);
    for (const cluster of clusters) await releaseClusterNetwork(`arn:aws:ecs:us-east-1:000000000000:cluster/${cluster}`);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not ready: use it inside a test, after before()`);
    return value;
  };

  const fixture: DockerServer = {
    docker,
    dataDir,
    image: () => started(image, "image"),
    server: () => started(server, "server"),
    ecs: () => started(ecs, "ecs client"),
    elb: () =>
      (elb ??= fixture.track(new ElasticLoadBalancingV2Client({ endpoint: started(server, "server").url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 }))),
    track(client) {
      clients.push(client);
      return client;
    },
    agent(args) {
      const where = options.separateAgents ? ["--cluster", options.separateAgents.cluster, "--task-cleanup-wait", "1"] : [];
      return spawnAgent(started(server, "server").url, [...where, ...args], (run) => agents.push(run));
    },
    async stop(signal = "SIGTERM") {
      const s = started(server, "server");
      destroyClients();
      if (alive(s)) s.child.kill(signal);
      return s.exited;
    },
    start,
    async restart(signal) {
      await fixture.stop(signal);
      await start();
    },
    async waitForTask(cluster, arn, done, what, timeoutMs = 30_000) {
      const client = started(ecs, "ecs client");
      const deadline = Date.now() + timeoutMs;
      let last: Task | undefined;
      while (Date.now() < deadline) {
        const { tasks } = await client.send(new DescribeTasksCommand({ cluster, tasks: [arn] }));
        last = tasks?.[0];
        if (last && done(last)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`task never became ${what}; last seen: ${JSON.stringify(last)}`);
    },
  };
  return fixture;
}
