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

test("memoized reads see every commit: describe, list and latest follow registrations and deregistrations", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "berth-store-"));
  const store = new SqliteStore(dir);
  try {
    const td = (revision: number, status: "ACTIVE" | "INACTIVE") => ({
      region: "us-east-1",
      family: "web",
      revision,
      arn: `arn:aws:ecs:us-east-1:000000000000:task-definition/web:${revision}`,
      status,
      doc: { family: "web", revision, status },
    });
    const latest = () => store.read(async (tx) => (await tx.taskDefinitions.latestActive("us-east-1", "web"))?.revision);
    const listed = () => store.read(async (tx) => (await tx.taskDefinitions.list("us-east-1", { status: "ACTIVE", sort: "ASC" }, { limit: 10 })).map((k) => k.revision));
    const statusOf = (rev: number) => store.read(async (tx) => (await tx.taskDefinitions.get("us-east-1", "web", rev))?.status);
    assert.equal(await latest(), undefined);
    await store.write(async (tx) => tx.taskDefinitions.put(td(1, "ACTIVE")));
    assert.equal(await latest(), 1);
    assert.deepEqual(await listed(), [1]);
    assert.equal(await statusOf(1), "ACTIVE");
    assert.equal(await latest(), 1, "again, from the memo");
    await store.write(async (tx) => tx.taskDefinitions.put(td(2, "ACTIVE")));
    assert.equal(await latest(), 2);
    assert.deepEqual(await listed(), [1, 2]);
    await store.write(async (tx) => tx.taskDefinitions.put(td(2, "INACTIVE")));
    assert.equal(await latest(), 1);
    assert.deepEqual(await listed(), [1]);
    assert.equal(await statusOf(2), "INACTIVE");
    // A write that fails commits nothing, and reads still answer from what is committed.
    await assert.rejects(store.write(async (tx) => (await tx.taskDefinitions.put(td(3, "ACTIVE")), Promise.reject(new Error("boom")))));
    assert.equal(await latest(), 1);
    // Listed keys are the caller's own array.
    const keys = await store.read((tx) => tx.taskDefinitions.list("us-east-1", { status: "ACTIVE", sort: "ASC" }, { limit: 10 }));
    keys.pop();
    assert.deepEqual(await listed(), [1]);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
