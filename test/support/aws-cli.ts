/**
 * Debian's aws CLI v2 (`/usr/bin/aws`; BERTH_AWS_CLI overrides it) as the tests run it: test/test
 * credentials, us-east-1, no pager, and a HOME and config of the test's own, so that neither the
 * user's configuration nor a profile on the machine leaks in. Always pass `--endpoint-url`: this
 * CLI version ignores AWS_ENDPOINT_URL.
 */
import { execFile } from "node:child_process";
import path from "node:path";

export const AWS_CLI = process.env.BERTH_AWS_CLI ?? "/usr/bin/aws";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment for the CLI with `home` as its HOME (a temporary directory the test owns). */
export function awsCliEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: home,
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: path.join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(home, "credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_PAGER: "",
  };
}

/** Runs `file` (the CLI by default) with `awsCliEnv(home)` plus `env`; never rejects. */
export function runAwsCli(home: string, args: string[], env: Record<string, string> = {}, file = AWS_CLI): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(file, args, { env: { ...awsCliEnv(home), ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
