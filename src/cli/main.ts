/**
 * `bin/berth`: the command line. `berth server` runs the control plane; `berth --help` and
 * `berth <command> --help` explain every flag.
 */
import { parseArgs } from "node:util";
import { ConfigError, resolveServerConfig, serverSettings } from "../config.js";
import { startServer } from "../server/app.js";

const MAIN_HELP = `berth: a self-hosted Amazon ECS on one AWS-compatible endpoint.

Usage:
  berth server [flags]    start the control plane (ECS API and its neighbours)
  berth --help            this text
  berth <command> --help  the flags of a command

Point the aws CLI or any AWS SDK at the endpoint, with access key test / secret test:
  aws --endpoint-url http://127.0.0.1:4510 ecs list-clusters
`;

function serverHelp(): string {
  const rows = serverSettings.map((s) => `  ${`${s.flag} ${s.flag === "--access-key" ? "ID:SECRET" : "VALUE"}`.padEnd(24)} ${s.help}\n${" ".repeat(27)}env ${s.env}; default ${s.default}`);
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
    if (k === "help" || v === undefined) continue;
    flags.set(`--${k}`, Array.isArray(v) ? v : [String(v)]);
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
      `Try: AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws --endpoint-url ${server.url} --region ${config.region} ecs create-cluster --cluster-name demo\n`,
  );
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

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (err) => {
    console.error("berth:", err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
