import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SqliteStore } from "./sqlite-store.js";
import { cloudformationConformance } from "../cloudformation-conformance.js";

cloudformationConformance("sqlite", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "berth-store-cfn-"));
  const store = new SqliteStore(dir);
  return { store, dispose: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
});
