/**
 * The awslogs `mode` and `max-buffer-size` options, validated as Docker validates them
 * (daemon/logger: ValidateLogOpts, go-units RAMInBytes): mode is `blocking` (the default) or
 * `non-blocking`; max-buffer-size is only allowed with non-blocking, is a size such as `4m`,
 * `25k`, `1.5MiB` or `512` (binary units, bytes when no unit), and defaults to 1 MB (1e6 bytes,
 * Docker's ring default). Pure.
 */

export type BufferMode = { nonBlocking: false } | { nonBlocking: true; maxBufferBytes: number };

/** Docker's default ring size for non-blocking mode (logger.defaultRingMaxSize). */
export const DEFAULT_MAX_BUFFER_BYTES = 1_000_000;

const UNITS: Record<string, number> = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** go-units RAMInBytes: "<number>[ ][kmgtp][i][b]", case-insensitive; undefined when malformed. */
export function ramInBytes(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$/.exec(s);
  if (m === null) return undefined;
  const n = Number.parseFloat(m[1]!);
  if (!Number.isFinite(n)) return undefined;
  return Math.floor(n * UNITS[(m[2] ?? "").toLowerCase()]!);
}

/** The buffer mode, or Docker's error message for the options. */
export function bufferMode(options: Record<string, string>): BufferMode | { error: string } {
  const mode = options["mode"] ?? "";
  if (mode !== "" && mode !== "blocking" && mode !== "non-blocking") return { error: `logger: logging mode not supported: ${mode}` };
  const size = options["max-buffer-size"];
  if (size !== undefined) {
    if (mode !== "non-blocking") return { error: "logger: max-buffer-size option is only supported with 'mode=non-blocking'" };
    const bytes = ramInBytes(size);
    if (bytes === undefined) return { error: `error parsing option max-buffer-size: invalid size: '${size}'` };
    return { nonBlocking: true, maxBufferBytes: bytes };
  }
  return mode === "non-blocking" ? { nonBlocking: true, maxBufferBytes: DEFAULT_MAX_BUFFER_BYTES } : { nonBlocking: false };
}
