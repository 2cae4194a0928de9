/**
 * CloudFormation's property names (PascalCase) → the API's member names (camelCase), for
 * resource types whose API uses camelCase (ECS). Members that are free-form maps (Docker labels,
 * log options, driver options) keep their keys; a few names don't follow the rule.
 */
import { isObject, type Json } from "../template/types.js";

const KEEP_KEYS = new Set(["DockerLabels", "Options", "DriverOpts", "Labels", "SecretOptions"]);
const RENAMES: Record<string, string> = {
  EFSVolumeConfiguration: "efsVolumeConfiguration",
  FSxWindowsFileServerVolumeConfiguration: "fsxWindowsFileServerVolumeConfiguration",
  ProxyConfigurationProperties: "properties",
  ClusterSettings: "settings",
  IPCMode: "ipcMode",
  PIDMode: "pidMode",
};

export const lowerFirst = (k: string) => RENAMES[k] ?? k.charAt(0).toLowerCase() + k.slice(1);

export function camelize(value: Json): Json {
  if (Array.isArray(value)) return value.map(camelize);
  if (!isObject(value)) return value;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) {
    if (KEEP_KEYS.has(k) && isObject(v)) out[lowerFirst(k)] = Object.fromEntries(Object.entries(v).map(([kk, vv]) => [kk, typeof vv === "string" ? vv : String(vv)]));
    else out[lowerFirst(k)] = camelize(v);
  }
  return out;
}

/** Numbers given as strings in templates, where the API wants numbers (ports, cpu, memory). */
export function coerceNumbers(value: Json, keys: ReadonlySet<string>): Json {
  if (Array.isArray(value)) return value.map((v) => coerceNumbers(v, keys));
  if (!isObject(value)) return value;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = keys.has(k) && typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : coerceNumbers(v, keys);
  }
  return out;
}

/** Strings where the API wants strings (a template may say `Cpu: 256`). */
export function coerceStrings(value: Json, keys: ReadonlySet<string>): Json {
  if (Array.isArray(value)) return value.map((v) => coerceStrings(v, keys));
  if (!isObject(value)) return value;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) out[k] = keys.has(k) && (typeof v === "number" || typeof v === "boolean") ? String(v) : coerceStrings(v, keys);
  return out;
}

/** A template's `Tags: [{Key, Value}]` as ECS's `tags: [{key, value}]`. */
export function ecsTags(tags: Json | undefined): { key: string; value: string }[] | undefined {
  if (!Array.isArray(tags)) return undefined;
  return tags.filter(isObject).map((t) => ({ key: String(t.Key), value: String(t.Value ?? "") }));
}

/** Booleans given as strings in templates (`Essential: 'true'`). */
export function coerceBooleans(value: Json, keys: ReadonlySet<string>): Json {
  if (Array.isArray(value)) return value.map((v) => coerceBooleans(v, keys));
  if (!isObject(value)) return value;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) out[k] = keys.has(k) && (v === "true" || v === "false") ? v === "true" : coerceBooleans(v, keys);
  return out;
}
