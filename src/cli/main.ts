/**
 * `bin/berth`: the command line. `berth server` runs the control plane; `berth --help` and
 * `berth <command> --help` explain every flag.
 */
import { parseArgs } from "node:util";
import os from "node:os";
import { ConfigError, DEFAULT_PORT, DEFAULT_REGION, parseKeyPair, resolveServerConfig, seconds, serverSettings } from "../config.js";
import { startServer } from "../server/app.js";
import { startAgent } from "../agent/agent.js";
import { DockerRuntime } from "../agent/runtime/docker-runtime.js";
import { dnsServerOf } from "../agent/network/task-dns.js";

const MAIN_HELP = `berth: a self-hosted Amazon ECS on one AWS-compatible endpoint.

Usage:
  berth server [flags]    start the control plane (ECS API and its neighbours)
  berth agent [flags]     register this host's Docker engine with a control plane
  berth --help            this text
  berth <command> --help  the flags of a command

Point the aws CLI or any AWS SDK at the endpoint, with access key test / secret test:
  aws --endpoint-url http://127.0.0.1:4510 ecs list-clusters
`;

function serverHelp(): string {
  const arg = (flag: string) => (flag === "--access-key" ? " ID:SECRET" : flag === "--no-agent" || flag === "--allow-privileged" ? "" : " VALUE");
  const rows = serverSettings.map((s) => `  ${`${s.flag}${arg(s.flag)}`.padEnd(24)} ${s.help}\n${" ".repeat(27)}env ${s.env}; default ${s.default}`);
  return `Usage: berth server [flags]

Starts the control plane: the ECS API (and STS GetCallerIdentity) on one endpoint, signed with
AWS Signature Version 4, with its state in an SQLite database in the data directory.

Flags (each also settable by its environment variable; flags win):
${rows.join("\n")}
  --help                   this text

Access keys: test/test is accepted while berth listens on loopback. To listen elsewhere,
configure your own with --access-key, BERTH_ACCESS_KEYS=ID:SECRET,... or a file
<data-dir>/credentials holding one ID:SECRET per line.
`;
}

async function runServer(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: "string" },
      port: { type: "string" },
      "data-dir": { type: "string" },
      "account-id": { type: "string" },
      region: { type: "string" },
      "access-key": { type: "string", multiple: true },
      "no-agent": { type: "boolean" },
      "allow-privileged": { type: "boolean" },
      "task-cleanup-wait": { type: "string" },
      "dns-host": { type: "string" },
      "dns-port": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(serverHelp());
    return;
  }
  const flags = new Map<string, string[]>();
  for (const [k, v] of Object.entries(values)) {
    if (k === "help" || v === undefined || v === false) continue;
    flags.set(`--${k}`, Array.isArray(v) ? v : typeof v === "boolean" ? [] : [String(v)]);
  }
  const config = resolveServerConfig(flags, process.env);
  const server = await startServer(config);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`berth: ${signal} received, stopping\n`);
    server.close().then(
      () => process.exit(0),
      (err) => {
        console.error("berth: error while stopping:", err);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  // Announce only once the signal handlers are in place: whoever waits for this line may stop us at once.
  process.stdout.write(
    `berth is listening on ${server.url} (data in ${config.dataDir})\n` +
      (server.dns ? `DNS for Cloud Map names on ${server.dns.host} port ${server.dns.port} (UDP and TCP)\n` : "") +
      (server.agent ? `This host runs tasks as container instance ${server.agent.containerInstanceArn}\n` : "") +
      `Try: AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws --endpoint-url ${server.url} --region ${config.region} ecs create-cluster --cluster-name demo\n`,
  );
}

const AGENT_HELP = `Usage: berth agent --endpoint URL [flags]

Registers this host's Docker engine (DOCKER_HOST is honoured) as a container instance of a
berth control plane, through the agent protocol, and keeps it connected. Several agents may
share one Docker engine under different names.

Flags:
  --endpoint URL           the control plane's endpoint (required)        env BERTH_ENDPOINT
  --cluster NAME           the cluster to join (default: default)          env BERTH_CLUSTER
  --name NAME              this agent's name, unique per cluster (default: the host name)
  --cpu UNITS              CPU units to offer (default: 1024 per core)
  --memory MIB             memory to offer in MiB (default: all the engine reports)
  --attribute NAME=VALUE   a custom attribute (repeatable)
  --region REGION          the region to register in (default ${DEFAULT_REGION})  env BERTH_REGION
  --access-key ID:SECRET   the key to sign with (default: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else test:test)
  --task-cleanup-wait SECONDS  how long stopped tasks' containers are kept (default 3600)  env BERTH_TASK_CLEANUP_WAIT
  --allow-privileged       run containers with privileged: true (refused by default)  env BERTH_ALLOW_PRIVILEGED=1
  --managed-capacity       also offer managed capacity: run FARGATE tasks of the region's clusters
  --dns-server HOST:PORT   berth's DNS server, relayed to task containers on their network's gateway, port 53
                           (default: the endpoint's host and 4553; none: no relay)  env BERTH_DNS_SERVER
                           task containers also list the host's non-loopback resolvers after it, for
                           other names (env BERTH_DNS_FALLBACK=0: berth's names only)
  --help                   this text
`;

function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new ConfigError(`${flag} must be a positive integer, got '${value}'`);
  return n;
}

async function runAgent(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      endpoint: { type: "string" },
      cluster: { type: "string" },
      name: { type: "string" },
      cpu: { type: "string" },
      memory: { type: "string" },
      attribute: { type: "string", multiple: true },
      region: { type: "string" },
      "access-key": { type: "string" },
      "task-cleanup-wait": { type: "string" },
      "allow-privileged": { type: "boolean" },
      "managed-capacity": { type: "boolean" },
      "dns-server": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(AGENT_HELP);
    return;
  }
  const endpoint = values.endpoint ?? process.env.BERTH_ENDPOINT;
  if (!endpoint) throw new ConfigError(`--endpoint is required (e.g. --endpoint http://127.0.0.1:${DEFAULT_PORT})`);
  const key = values["access-key"]
    ? parseKeyPair(values["access-key"])
    : { id: process.env.AWS_ACCESS_KEY_ID ?? "test", secret: process.env.AWS_SECRET_ACCESS_KEY ?? "test" };
  const attributes = (values.attribute ?? []).map((a) => {
    const i = a.indexOf("=");
    return i < 0 ? { name: a } : { name: a.slice(0, i), value: a.slice(i + 1) };
  });
  let dnsServer;
  try {
    dnsServer = dnsServerOf(values["dns-server"] ?? process.env.BERTH_DNS_SERVER, endpoint);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  const agent = await startAgent(
    {
      endpoint,
      ...(dnsServer !== undefined && { dnsServer }),
      credentials: { accessKeyId: key.id, secretAccessKey: key.secret },
      cluster: values.cluster ?? process.env.BERTH_CLUSTER,
      name: values.name ?? os.hostname(),
      options: {
        region: values.region ?? process.env.BERTH_REGION ?? DEFAULT_REGION,
        cpu: positiveInt("--cpu", values.cpu),
        memory: positiveInt("--memory", values.memory),
        attributes,
        allowPrivileged: values["allow-privileged"] === true || process.env.BERTH_ALLOW_PRIVILEGED === "1" || process.env.BERTH_ALLOW_PRIVILEGED === "true",
      },
      stoppedTaskRetentionMs: 1000 * seconds("--task-cleanup-wait", values["task-cleanup-wait"] ?? process.env.BERTH_TASK_CLEANUP_WAIT ?? "3600"),
      managedCapacity: values["managed-capacity"] ?? false,
    },
    new DockerRuntime(),
  );
  const stop = (signal: string) => {
    process.stdout.write(`berth agent: ${signal} received, stopping\n`);
    agent.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.stdout.write(`berth agent registered as ${agent.containerInstanceArn}\n`);
  agent.stopped.then((why) => {
    if (why !== "stopped") {
      process.stdout.write(`berth agent: ${why}; stopping\n`);
      process.exit(0);
    }
  });
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case "--help":
      case "-h":
      case "help":
        process.stdout.write(MAIN_HELP);
        return command === undefined ? 1 : 0;
      case "server":
        await runServer(rest);
        return 0;
      case "agent":
        await runAgent(rest);
        return 0;
      default:
        process.stderr.write(`berth: unknown command '${command}'\n\n${MAIN_HELP}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError || (err instanceof TypeError && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS"))) {
      process.stderr.write(`berth: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

// A promise some background loop forgot to handle is a bug in berth, but not one that should take
// every cluster's control plane down with it: say so, with the stack, and keep serving.
process.on("unhandledRejection", (reason) => {
  process.stderr.write(`berth: internal error, not handled (a bug in berth; still serving): ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`);
});

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (err) => {
    console.error("berth:", err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
