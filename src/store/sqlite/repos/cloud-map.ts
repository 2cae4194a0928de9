/** The SQLite CloudMapRepo: Cloud Map namespaces, services, instances and operations. */
import type { CloudMapInstanceRecord, CloudMapNamespaceRecord, CloudMapOperationRecord, CloudMapRepo, CloudMapServiceRecord } from "../../store.js";
import { type Query, type Row, limit } from "../statements.js";

const opt = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : (v as string));

const toNamespace = (r: Row): CloudMapNamespaceRecord => ({
  region: r.region as string,
  id: r.id as string,
  arn: r.arn as string,
  name: r.name as string,
  type: r.type as CloudMapNamespaceRecord["type"],
  ...(opt(r.creator_request_id) !== undefined && { creatorRequestId: r.creator_request_id as string }),
  createdAt: r.created_at as number,
  doc: JSON.parse(r.doc as string),
});

const toService = (r: Row): CloudMapServiceRecord => ({
  region: r.region as string,
  id: r.id as string,
  arn: r.arn as string,
  namespaceId: r.namespace_id as string,
  name: r.name as string,
  ...(opt(r.creator_request_id) !== undefined && { creatorRequestId: r.creator_request_id as string }),
  createdAt: r.created_at as number,
  revision: r.revision as number,
  doc: JSON.parse(r.doc as string),
});

const toInstance = (r: Row): CloudMapInstanceRecord => ({
  region: r.region as string,
  serviceId: r.service_id as string,
  id: r.id as string,
  ...(opt(r.creator_request_id) !== undefined && { creatorRequestId: r.creator_request_id as string }),
  attributes: JSON.parse(r.attributes as string),
  ...(opt(r.health) !== undefined && { health: r.health as "HEALTHY" | "UNHEALTHY" }),
  createdAt: r.created_at as number,
});

const toOperation = (r: Row): CloudMapOperationRecord => ({
  region: r.region as string,
  id: r.id as string,
  type: r.type as string,
  status: r.status as CloudMapOperationRecord["status"],
  targets: JSON.parse(r.targets as string),
  ...(opt(r.creator_request_id) !== undefined && { creatorRequestId: r.creator_request_id as string }),
  createdAt: r.created_at as number,
  updatedAt: r.updated_at as number,
});

export function cloudMapRepo(q: Query): CloudMapRepo {
  return {
    async getNamespace(region, id) {
      const r = q("SELECT * FROM sd_namespaces WHERE region = ? AND id = ?").get(region, id) as Row | undefined;
      return r && toNamespace(r);
    },
    async namespaceByName(region, name) {
      const r = q("SELECT * FROM sd_namespaces WHERE region = ? AND name = ?").get(region, name) as Row | undefined;
      return r && toNamespace(r);
    },
    async putNamespace(n) {
      q(
        `INSERT INTO sd_namespaces (region, id, arn, name, type, creator_request_id, created_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (region, id) DO UPDATE SET doc = excluded.doc`,
      ).run(n.region, n.id, n.arn, n.name, n.type, n.creatorRequestId ?? null, n.createdAt, JSON.stringify(n.doc));
    },
    async deleteNamespace(region, id) {
      q("DELETE FROM sd_namespaces WHERE region = ? AND id = ?").run(region, id);
    },
    async listNamespaces(region, page) {
      const rows = q(`SELECT * FROM sd_namespaces WHERE region = ? AND id > ? ORDER BY id LIMIT ${limit(page.limit)}`).all(region, page.after ?? "") as Row[];
      return rows.map(toNamespace);
    },
    async getService(region, id) {
      const r = q("SELECT * FROM sd_services WHERE region = ? AND id = ?").get(region, id) as Row | undefined;
      return r && toService(r);
    },
    async serviceByName(region, namespaceId, name) {
      const r = q("SELECT * FROM sd_services WHERE region = ? AND namespace_id = ? AND name = ?").get(region, namespaceId, name) as Row | undefined;
      return r && toService(r);
    },
    async putService(s) {
      q(
        `INSERT INTO sd_services (region, id, arn, namespace_id, name, creator_request_id, created_at, revision, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (region, id) DO UPDATE SET revision = excluded.revision, doc = excluded.doc`,
      ).run(s.region, s.id, s.arn, s.namespaceId, s.name, s.creatorRequestId ?? null, s.createdAt, s.revision, JSON.stringify(s.doc));
    },
    async deleteService(region, id) {
      q("DELETE FROM sd_services WHERE region = ? AND id = ?").run(region, id);
    },
    async listServices(region, page) {
      const rows = q(`SELECT * FROM sd_services WHERE region = ? AND id > ? ORDER BY id LIMIT ${limit(page.limit)}`).all(region, page.after ?? "") as Row[];
      return rows.map(toService);
    },
    async countServices(region, namespaceId) {
      return (q("SELECT COUNT(*) AS n FROM sd_services WHERE region = ? AND namespace_id = ?").get(region, namespaceId) as Row).n as number;
    },
    async getInstance(serviceId, id) {
      const r = q("SELECT * FROM sd_instances WHERE service_id = ? AND id = ?").get(serviceId, id) as Row | undefined;
      return r && toInstance(r);
    },
    async putInstance(i) {
      q(
        `INSERT INTO sd_instances (region, service_id, id, creator_request_id, attributes, health, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (service_id, id) DO UPDATE SET creator_request_id = excluded.creator_request_id, attributes = excluded.attributes, health = excluded.health`,
      ).run(i.region, i.serviceId, i.id, i.creatorRequestId ?? null, JSON.stringify(i.attributes), i.health ?? null, i.createdAt);
    },
    async deleteInstance(serviceId, id) {
      q("DELETE FROM sd_instances WHERE service_id = ? AND id = ?").run(serviceId, id);
    },
    async listInstances(serviceId, page) {
      const rows = q(`SELECT * FROM sd_instances WHERE service_id = ? AND id > ? ORDER BY id LIMIT ${limit(page.limit)}`).all(serviceId, page.after ?? "") as Row[];
      return rows.map(toInstance);
    },
    async countInstances(serviceId) {
      return (q("SELECT COUNT(*) AS n FROM sd_instances WHERE service_id = ?").get(serviceId) as Row).n as number;
    },
    async getOperation(region, id) {
      const r = q("SELECT * FROM sd_operations WHERE region = ? AND id = ?").get(region, id) as Row | undefined;
      return r && toOperation(r);
    },
    async operationByCreatorRequestId(region, creatorRequestId) {
      const r = q("SELECT * FROM sd_operations WHERE region = ? AND creator_request_id = ? ORDER BY created_at LIMIT 1").get(region, creatorRequestId) as Row | undefined;
      return r && toOperation(r);
    },
    async putOperation(o) {
      q(
        `INSERT INTO sd_operations (region, id, type, status, targets, creator_request_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (region, id) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
      ).run(o.region, o.id, o.type, o.status, JSON.stringify(o.targets), o.creatorRequestId ?? null, o.createdAt, o.updatedAt);
    },
    async listOperations(region, page) {
      const rows = q(`SELECT * FROM sd_operations WHERE region = ? AND id > ? ORDER BY id LIMIT ${limit(page.limit)}`).all(region, page.after ?? "") as Row[];
      return rows.map(toOperation);
    },
    async dnsSnapshot() {
      const namespaces = (q("SELECT * FROM sd_namespaces WHERE type != 'HTTP'").all() as Row[]).map(toNamespace);
      const services = (
        q("SELECT s.* FROM sd_services s JOIN sd_namespaces n ON n.region = s.region AND n.id = s.namespace_id WHERE n.type != 'HTTP'").all() as Row[]
      ).map(toService);
      const instances = (
        q(
          `SELECT i.* FROM sd_instances i JOIN sd_services s ON s.region = i.region AND s.id = i.service_id
           JOIN sd_namespaces n ON n.region = s.region AND n.id = s.namespace_id WHERE n.type != 'HTTP'`,
        ).all() as Row[]
      ).map(toInstance);
      return { namespaces, services, instances };
    },
  };
}
