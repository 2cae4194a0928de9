/**
 * Server settings from flags, environment variables and defaults (flags win over the
 * environment, the environment over defaults). The README's "Configuration" table mirrors this.
 */
import os from "node:os";
import path from "node:path";

export const DEFAULT_PORT = 4510;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_ACCOUNT_ID = "000000000000";
export const DEFAULT_REGION = "us-east-1";
export const defaultDataDir = (): string => path.join(os.homedir(), ".berth");

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  accountId: string;
  region: string;
  /** Access keys given on the command line or in BERTH_ACCESS_KEYS (`id:secret,...`). */
  accessKeys: { id: string; secret: string }[];
  /** Run an agent for this host inside the server (default true; `--no-agent`, BERTH_AGENT=0). */
  embeddedAgent: boolean;
  /** Seconds a stopped task's containers are kept before the agent removes them (default 3600). */
  taskCleanupWaitSeconds: number;
  /** The embedded agent runs privileged containers (default false; `--allow-privileged`, BERTH_ALLOW_PRIVILEGED=1). */
  allowPrivileged: boolean;
  /** berth's DNS server for Cloud Map names (`--dns-host`, `--dns-port`; port 0 picks a free one). */
  dnsHost: string;
  dnsPort: number;
}

export interface Setting {
  flag: string;
  env: string;
  help: string;
  default: string;
}

export const serverSettings: Setting[] = [
  { flag: "--host", env: "BERTH_HOST", default: DEFAULT_HOST, help: "address to listen on (a loopback address unless you configure your own access keys)" },
  { flag: "--port", env: "BERTH_PORT", default: String(DEFAULT_PORT), help: "TCP port of the endpoint (0 picks a free port)" },
  { flag: "--data-dir", env: "BERTH_DATA_DIR", default: "~/.berth", help: "directory for the database and other state" },
  { flag: "--account-id", env: "BERTH_ACCOUNT_ID", default: DEFAULT_ACCOUNT_ID, help: "12-digit AWS account id used in ARNs" },
  { flag: "--region", env: "BERTH_REGION", default: DEFAULT_REGION, help: "region shown in the start-up example (requests use the region they are signed for)" },
  { flag: "--access-key", env: "BERTH_ACCESS_KEYS", default: "test:test on loopback", help: "an accepted access key as ID:SECRET (repeatable; the env var takes a comma-separated list)" },
  { flag: "--task-cleanup-wait", env: "BERTH_TASK_CLEANUP_WAIT", default: "3600", help: "seconds a stopped task's containers are kept before they are removed" },
  { flag: "--allow-privileged", env: "BERTH_ALLOW_PRIVILEGED", default: "refused (BERTH_ALLOW_PRIVILEGED=1 to allow)", help: "let the embedded agent run containers with privileged: true" },
  { flag: "--dns-host", env: "BERTH_DNS_HOST", default: "127.0.0.1", help: "address of the DNS server that answers Cloud Map names (a loopback address)" },
  { flag: "--dns-port", env: "BERTH_DNS_PORT", default: "4553", help: "UDP and TCP port of the DNS server (0 picks a free port)" },
  { flag: "--no-agent", env: "BERTH_AGENT", default: "an agent runs (BERTH_AGENT=0 to disable)", help: "do not run the embedded agent for this host (it needs a Docker engine)" },
];

export class ConfigError extends Error {}

export function isLoopback(host: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === "localhost" || host === "::1";
}

export function parseKeyPair(s: string): { id: string; secret: string } {
  const i = s.indexOf(":");
  if (i <= 0 || i === s.length - 1) throw new ConfigError(`access key must be ID:SECRET, got '${s}'`);
  return { id: s.slice(0, i), secret: s.slice(i + 1) };
}

/** A whole number of seconds, 0 or more. */
export function seconds(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ConfigError(`${flag} must be a whole number of seconds, got '${value}'`);
  return n;
}

/** A port number, 0-65535. */
export function portNumber(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`${flag} must be 0-65535, got '${value}'`);
  return n;
}

/** Resolve the server's configuration from parsed flags (flag name → values) and the environment. */
export function resolveServerConfig(flags: Map<string, string[]>, env: NodeJS.ProcessEnv): ServerConfig {
  const one = (flag: string, envName: string): string | undefined => flags.get(flag)?.at(-1) ?? env[envName];
  const port = Number(one("--port", "BERTH_PORT") ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`--port must be 0-65535`);
  const accountId = one("--account-id", "BERTH_ACCOUNT_ID") ?? DEFAULT_ACCOUNT_ID;
  if (!/^\d{12}$/.test(accountId)) throw new ConfigError(`--account-id must be 12 digits, got '${accountId}'`);
  const region = one("--region", "BERTH_REGION") ?? DEFAULT_REGION;
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(region)) throw new ConfigError(`--region must look like us-east-1, got '${region}'`);
  const keys = [...(flags.get("--access-key") ?? []), ...(env.BERTH_ACCESS_KEYS ? env.BERTH_ACCESS_KEYS.split(",").filter(Boolean) : [])];
  return {
    host: one("--host", "BERTH_HOST") ?? DEFAULT_HOST,
    port,
    dataDir: path.resolve(one("--data-dir", "BERTH_DATA_DIR") ?? defaultDataDir()),
    accountId,
    region,
    accessKeys: keys.map(parseKeyPair),
    embeddedAgent: !(flags.has("--no-agent") || env.BERTH_AGENT === "0" || env.BERTH_AGENT === "false"),
    taskCleanupWaitSeconds: seconds("--task-cleanup-wait", one("--task-cleanup-wait", "BERTH_TASK_CLEANUP_WAIT") ?? "3600"),
    dnsHost: one("--dns-host", "BERTH_DNS_HOST") ?? DEFAULT_HOST,
    dnsPort: portNumber("--dns-port", one("--dns-port", "BERTH_DNS_PORT") ?? "4553"),
    allowPrivileged: flags.has("--allow-privileged") || env.BERTH_ALLOW_PRIVILEGED === "1" || env.BERTH_ALLOW_PRIVILEGED === "true",
  };
}
