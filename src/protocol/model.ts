/**
 * Service models: the botocore JSON models vendored in `models/` (documentation stripped by
 * `scripts/vendor-model.py`). They are the spec for operation names, shapes, required members,
 * enums and bounds.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

export interface ShapeRef {
  shape: string;
  location?: string;
  locationName?: string;
  flattened?: boolean;
}

export interface Shape {
  type: "structure" | "list" | "map" | "string" | "integer" | "long" | "boolean" | "double" | "float" | "timestamp" | "blob";
  members?: Record<string, ShapeRef>;
  required?: string[];
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
  exception?: boolean;
  fault?: boolean;
}

export interface Operation {
  name: string;
  input?: ShapeRef;
  output?: ShapeRef & { resultWrapper?: string };
  errors?: ShapeRef[];
}

export interface ServiceModel {
  metadata: {
    apiVersion: string;
    protocol: string;
    targetPrefix?: string;
    signingName?: string;
    endpointPrefix: string;
    jsonVersion?: string;
    xmlNamespace?: string;
  };
  operations: Record<string, Operation>;
  shapes: Record<string, Shape>;
}

const modelsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../models");

const cache = new Map<string, ServiceModel>();

/** Load `models/<service>-<version>.json` once. */
export function loadModel(file: string): ServiceModel {
  let model = cache.get(file);
  if (!model) {
    model = JSON.parse(readFileSync(path.join(modelsDir, `${file}.json`), "utf8")) as ServiceModel;
    cache.set(file, model);
  }
  return model;
}
