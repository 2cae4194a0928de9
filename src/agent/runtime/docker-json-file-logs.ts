/**
 * Follows a container's log by reading the file of Docker's `json-file` driver directly, which
 * takes the engine's log API (a copy of every entry through the engine and its socket) out of
 * the way. Only where it can be read safely: the engine is on the local Unix socket, the driver
 * is json-file without rotation (`max-size`/`max-file` would rename the file under the reader),
 * and the file opens; otherwise the runtime reads the log API (docker-logs.ts, docker-tty-logs.ts).
 *
 * The file is read from its start, or with `since` from an entry a little before `since`
 * (docker-json-file-seek.ts: a binary search, so a resumed reader doesn't read what it would
 * skip), a buffer at a time, lines before `since` left out as the API's `since` does; at its end
 * the reader waits for fs.watch to report a write (or a 1 s poll, should a change go unreported),
 * until the container is not running (waitNotRunning) and a read after that finds nothing new.
 */
import fs from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { JsonFileLogParser } from "./docker-json-file.js";
import { jsonFileOffsetFor } from "./docker-json-file-seek.js";
import type { TimedLine } from "./runtime.js";

const READ_BYTES = 1 << 20;
const POLL_MS = 1_000;

/** What inspect says of the log: the file to read, or undefined when the log API must be read. */
export function jsonLogFile(c: { LogPath?: string; HostConfig?: { LogConfig?: { Type?: string; Config?: Record<string, string> } } }): string | undefined {
  const lc = c.HostConfig?.LogConfig;
  if (lc?.Type !== "json-file" || !c.LogPath) return undefined;
  if (lc.Config?.["max-size"] !== undefined || lc.Config?.["max-file"] !== undefined) return undefined;
  return c.LogPath;
}

export interface JsonFileFollow {
  /** The open file (closed when reading ends). */
  file: FileHandle;
  path: string;
  tty: boolean;
  since?: Date;
  /** Without follow, reading ends at the file's end. */
  follow: boolean;
  /** Settles once the container is not running (follow only). */
  exited: Promise<void>;
}

/** The file's lines, an array per buffer read, until the end (see the header). */
export async function* jsonFileLogBatches(o: JsonFileFollow): AsyncGenerator<TimedLine[]> {
  const parser = new JsonFileLogParser(o.tty, o.since?.getTime());
  const buf = Buffer.allocUnsafe(READ_BYTES);
  let pos = o.since === undefined ? 0 : await jsonFileOffsetFor(o.file, o.since.getTime());
  let exited = false;
  let changed = false;
  let wake: (() => void) | undefined;
  const poke = () => {
    changed = true;
    wake?.();
  };
  let watcher: fs.FSWatcher | undefined;
  if (o.follow) {
    try {
      watcher = fs.watch(o.path, { persistent: false }, poke);
      watcher.on("error", () => undefined);
    } catch {
      // no watch: the poll reads the file
    }
    void o.exited.then(() => ((exited = true), poke()));
  }
  try {
    for (;;) {
      const exitedBefore = exited;
      changed = false;
      const { bytesRead } = await o.file.read(buf, 0, READ_BYTES, pos);
      if (bytesRead > 0) {
        pos += bytesRead;
        const lines = parser.push(buf.subarray(0, bytesRead));
        if (lines.length > 0) yield lines;
        continue;
      }
      if (!o.follow || exitedBefore) break;
      if (changed) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, POLL_MS);
        wake = () => (clearTimeout(timer), resolve());
      });
      wake = undefined;
    }
    const last = parser.end();
    if (last.length > 0) yield last;
  } finally {
    watcher?.close();
    await o.file.close().catch(() => undefined);
  }
}
