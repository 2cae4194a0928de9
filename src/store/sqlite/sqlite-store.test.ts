import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { SqliteStore, DATABASE_FILE } from "./sqlite-store.js";
import { storeConformance } from "../store-conformance.js";
import { cloudMapConformance } from "../cloud-map-conformance.js";
import { migrations } from "./migrations.js";

storeConformance("sqlite", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "berth-store-"));
  const store = new SqliteStore(dir);
  return { store, dispose: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
});

cloudMapConformance("sqlite", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "berth-store-"));
  const store = new SqliteStore(dir);
  return { store, dispose: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
});

test("the database uses WAL, full sync, and records the migrations it ran", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "berth-store-"));
  try {
    const store = new SqliteStore(dir);
    await store.close();
    // Opening again runs no migration twice.
    await new SqliteStore(dir).close();
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
    assert.equal(db.pragma("user_version", { simple: true }), migrations.length);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
