/**
 * Accepted access keys: those configured (flags, BERTH_ACCESS_KEYS, and `credentials` in the
 * data directory: one `ID:SECRET` per line), plus the well-known `test`/`test` pair, which is
 * accepted only while berth listens on loopback. Listening elsewhere with only the default key
 * is refused at start-up.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ConfigError, isLoopback } from "../config.js";

export const CREDENTIALS_FILE = "credentials";
export const DEFAULT_KEY = { id: "test", secret: "test" };

export function loadCredentials(opts: { host: string; dataDir: string; accessKeys: { id: string; secret: string }[] }): Map<string, string> {
  const keys = new Map<string, string>();
  const file = path.join(opts.dataDir, CREDENTIALS_FILE);
  if (existsSync(file)) {
    for (const raw of readFileSync(file, "utf8").split("\n")) {
      const line = raw.trim();
      if (!line || line.startsWith("#")) continue;
      const i = line.indexOf(":");
      if (i <= 0) throw new ConfigError(`${file}: each line must be ID:SECRET`);
      keys.set(line.slice(0, i), line.slice(i + 1));
    }
  }
  for (const k of opts.accessKeys) keys.set(k.id, k.secret);
  if (isLoopback(opts.host)) {
    if (!keys.has(DEFAULT_KEY.id)) keys.set(DEFAULT_KEY.id, DEFAULT_KEY.secret);
  } else {
    if (keys.get(DEFAULT_KEY.id) === DEFAULT_KEY.secret) keys.delete(DEFAULT_KEY.id);
    if (keys.size === 0) {
      throw new ConfigError(
        `refusing to listen on ${opts.host} with only the default test/test access key: anyone who can reach it could use it. ` +
          `Configure your own key with --access-key ID:SECRET, BERTH_ACCESS_KEYS, or ${file}, or listen on a loopback address.`,
      );
    }
  }
  return keys;
}
