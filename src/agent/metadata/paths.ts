/**
 * The task metadata endpoint's URLs (pure). Each container gets its own id, carried in the
 * container's `berth.metadata-id` label and in its environment:
 *   ECS_CONTAINER_METADATA_URI_V4 = http://<host>:<port>/v4/<id>
 *   ECS_CONTAINER_METADATA_URI    = http://<host>:<port>/v3/<id>
 * Under each: "" (the container), /task, /taskWithTags (v4), /stats, /task/stats.
 */
import { randomUUID } from "node:crypto";

export const LABEL_METADATA_ID = "berth.metadata-id";
/** `<host>:<port>` the container's URIs point at, so a restarted agent can serve them there again. */
export const LABEL_METADATA_ENDPOINT = "berth.metadata-endpoint";

/** Parses a LABEL_METADATA_ENDPOINT value. */
export function parseEndpoint(value: string | undefined): { host: string; port: number } | undefined {
  const m = /^(\d+\.\d+\.\d+\.\d+):(\d+)$/.exec(value ?? "");
  if (!m) return undefined;
  const port = Number(m[2]);
  return port > 0 && port < 65536 ? { host: m[1]!, port } : undefined;
}
export const ENV_V4 = "ECS_CONTAINER_METADATA_URI_V4";
export const ENV_V3 = "ECS_CONTAINER_METADATA_URI";

export type MetadataResource = "container" | "task" | "taskWithTags" | "stats" | "taskStats";

export interface MetadataRequest {
  version: 3 | 4;
  id: string;
  resource: MetadataResource;
}

const RESOURCES: Record<string, MetadataResource> = {
  "": "container",
  "/task": "task",
  "/taskWithTags": "taskWithTags",
  "/stats": "stats",
  "/task/stats": "taskStats",
};

/** A fresh per-container id (unguessable: containers of other tasks share the listening address). */
export function newMetadataId(): string {
  return randomUUID();
}

/** Parses a request path (query string ignored, one trailing slash allowed); undefined when unknown. */
export function parseMetadataPath(path: string): MetadataRequest | undefined {
  const pathOnly = path.split("?")[0]!.replace(/(.)\/$/, "$1");
  const m = /^\/v([34])\/([A-Za-z0-9-]+)((?:\/[A-Za-z/]*)?)$/.exec(pathOnly);
  if (!m) return undefined;
  const version = Number(m[1]) as 3 | 4;
  const resource = RESOURCES[m[3]!];
  if (resource === undefined || (resource === "taskWithTags" && version === 3)) return undefined;
  return { version, id: m[2]!, resource };
}

/** The two environment variables for a container whose endpoint is served at `host:port`. */
export function metadataEnv(host: string, port: number, id: string): Record<string, string> {
  return {
    [ENV_V4]: `http://${host}:${port}/v4/${id}`,
    [ENV_V3]: `http://${host}:${port}/v3/${id}`,
  };
}
