/**
 * The set-up most real-container e2e files share: `bin/berth server` (embedded agent) on a fresh
 * data directory, an ECS client for it, the locally built busybox image, and an `after` that stops
 * the server, removes every container of the file's task-definition families and the cluster
 * networks it names (when nothing else uses them), and deletes the data directory.
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
import { DescribeTasksCommand, ECSClient, type Task } from "@aws-sdk/client-ecs";
import { spawnServer, type ServerProcess } from "./spawn-server.js";
import { TEST_CREDENTIALS } from "./harness.js";
import { ensureBusyboxImage } from "../support/busybox-image.js";
import { releaseClusterNetwork } from "../support/cluster-network.js";
import { removeContainers } from "../support/remove-containers.js";

export interface DockerServerOptions {
  /** Names the temporary data directory. */
  readonly name: string;
  /** Extra `bin/berth server` flags (the data directory is given already). */
  readonly args?: readonly string[];
  /** Task-definition families whose containers `after` removes. */
  readonly families: readonly string[];
  /** Cluster names whose berth network `after` releases. */
  readonly clusters?: readonly string[];
  /** Called at the end of the fixture's `before` (a second top-level `before` may run too early). */
  readonly ready?: (fixture: DockerServer) => void;
}

export interface DockerServer {
  readonly docker: Docker;
  readonly dataDir: string;
  /** The busybox test image (after `before`). */
  image(): string;
  server(): ServerProcess;
  ecs(): ECSClient;
  /** Poll DescribeTasks (with TAGS) until the task satisfies `done`, or fail after the deadline. */
  waitForTask(cluster: string, arn: string, done: (t: Task) => boolean, what: string, timeoutMs?: number): Promise<Task>;
}

export function useDockerServer(options: DockerServerOptions): DockerServer {
  const docker = new Docker();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `berth-${options.name}-`));
  let server: ServerProcess | undefined;
  let ecs: ECSClient | undefined;
  let image: string | undefined;

  before(async () => {
    image = await ensureBusyboxImage(docker);
    server = await spawnServer(["--data-dir", dataDir, ...(options.args ?? [])]);
    ecs = new ECSClient({ endpoint: server.url, region: "us-east-1", credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    options.ready?.(fixture);
  });

  after(async () => {
    ecs?.destroy();
    if (server && server.child.exitCode === null) server.child.kill("SIGTERM");
    await server?.exited;
    for (const family of options.families) {
      const leftovers = await docker.listContainers({ all: true, filters: { label: [`com.amazonaws.ecs.task-definition-family=${family}`] } });
      await removeContainers(docker, leftovers);
    }
    for (const cluster of options.clusters ?? []) await releaseClusterNetwork(`arn:aws:ecs:us-east-1:000000000000:cluster/${cluster}`);
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
    async waitForTask(cluster, arn, done, what, timeoutMs = 30_000) {
      const client = started(ecs, "ecs client");
      const deadline = Date.now() + timeoutMs;
      let last: Task | undefined;
      while (Date.now() < deadline) {
        const { tasks } = await client.send(new DescribeTasksCommand({ cluster, tasks: [arn], include: ["TAGS"] }));
        last = tasks?.[0];
        if (last && done(last)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`task never became ${what}; last seen: ${JSON.stringify(last)}`);
    },
  };
  return fixture;
}
