/** Turns dockerode's errors into `RuntimeError`s that keep the engine's own message. */
import { RuntimeError, type RuntimeErrorKind } from "./runtime.js";

interface DockerodeError {
  statusCode?: number;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
}

export function statusOf(e: unknown): number | undefined {
  return (e as DockerodeError | undefined)?.statusCode;
}

/** The engine's message ("No such container: x"), without dockerode's "(HTTP code 404) ..." wrapping. */
export function engineMessage(e: unknown): string {
  const d = e as DockerodeError | undefined;
  const fromJson = d?.json && typeof d.json === "object" ? d.json.message : undefined;
  if (fromJson) return fromJson.trim();
  if (typeof d?.json === "string" && (d.json as string).trim()) return (d.json as string).trim();
  const msg = d?.message ?? String(e);
  const m = /^\(HTTP code \d+\) [^-]*- (.*)$/s.exec(msg);
  return (m ? m[1] : msg).trim();
}

/** Wraps `e` with `kind`, except that a 404 becomes "not-found" when `notFound` says so. */
export function toRuntimeError(e: unknown, kind: RuntimeErrorKind, opts: { notFound?: boolean } = {}): RuntimeError {
  if (e instanceof RuntimeError) return e;
  const status = statusOf(e);
  const k: RuntimeErrorKind = opts.notFound && status === 404 ? "not-found" : status === undefined && kind !== "pull" ? "engine" : kind;
  return new RuntimeError(k, engineMessage(e), status, { cause: e });
}
