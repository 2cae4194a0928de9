/**
 * The conformance suite every Store backend must pass. A backend's own test file calls
 * `storeConformance(name, factory)`; the factory makes a fresh, empty store.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ContainerInstanceRecord, Store, StoreTx, TaskDefinitionKey, TaskDefinitionRecord } from "./store.js";

const td = (family: string, revision: number, status: TaskDefinitionRecord["status"] = "ACTIVE", region = "us-east-1"): TaskDefinitionRecord => ({
  region,
  family,
  revision,
  arn: `arn:aws:ecs:${region}:000000000000:task-definition/${family}:${revision}`,
  status,
  doc: { family, revision },
});

const instance = (id: string, over: Partial<ContainerInstanceRecord> = {}): ContainerInstanceRecord => ({
  region: "us-east-1",
  cluster: "c",
  id,
  arn: `arn:aws:ecs:us-east-1:000000000000:container-instance/c/${id}`,
  ec2InstanceId: `i-${id.slice(0, 17)}`,
  status: "ACTIVE",
  registeredAt: 1000,
  doc: { attributes: [{ name: "ecs.os-type", value: "linux" }] },
  ...over,
});

export function storeConformance(name: string, make: () => Promise<{ store: Store; dispose(): Promise<void> }>): void {
  const withStore = (fn: (store: Store) => Promise<void>) => async () => {
    const { store, dispose } = await make();
    try {
      await fn(store);
    } finally {
      await dispose();
    }
  };

  describe(`Store conformance: ${name}`, () => {
    test(
      "a write that throws leaves nothing behind",
      withStore(async (store) => {
        await assert.rejects(
          store.write(async (tx) => {
            await tx.clusters.put({ region: "r", name: "a", arn: "arn:a", status: "ACTIVE", doc: {} });
            throw new Error("boom");
          }),
          /boom/,
        );
        assert.equal(await store.read((tx) => tx.clusters.get("r", "a")), undefined);
      }),
    );

    test(
      "reads do not see a write transaction that is still open",
      withStore(async (store) => {
        let release!: () => void;
        const gate = new Promise<void>((r) => (release = r));
        const writing = store.write(async (tx) => {
          await tx.clusters.put({ region: "r", name: "open", arn: "arn:open", status: "ACTIVE", doc: {} });
          await gate;
        });
        // Give the write a chance to run up to the gate.
        await new Promise((r) => setImmediate(r));
        assert.equal(await store.read((tx) => tx.clusters.get("r", "open")), undefined);
        release();
        await writing;
        assert.equal((await store.read((tx) => tx.clusters.get("r", "open")))?.arn, "arn:open");
      }),
    );

    test(
      "concurrent writes are serialized: revision numbers are unique and dense",
      withStore(async (store) => {
        const revs = await Promise.all(
          Array.from({ length: 20 }, () =>
            store.write(async (tx) => {
              const rev = await tx.taskDefinitions.nextRevision("r", "fam");
              await new Promise((r) => setImmediate(r));
              await tx.taskDefinitions.put(td("fam", rev, "ACTIVE", "r"));
              return rev;
            }),
          ),
        );
        assert.deepEqual([...revs].sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => i + 1));
      }),
    );

    test(
      "revision numbers are per family and per region",
      withStore(async (store) => {
        await store.write(async (tx) => {
          assert.equal(await tx.taskDefinitions.nextRevision("us-east-1", "a"), 1);
          assert.equal(await tx.taskDefinitions.nextRevision("us-east-1", "a"), 2);
          assert.equal(await tx.taskDefinitions.nextRevision("us-east-1", "b"), 1);
          assert.equal(await tx.taskDefinitions.nextRevision("eu-west-1", "a"), 1);
        });
      }),
    );

    test(
      "task definitions list by family then revision, both ways, with filters and pages",
      withStore(async (store) => {
        await store.write(async (tx) => {
          for (const [f, r, s] of [["b", 1, "ACTIVE"], ["a", 2, "ACTIVE"], ["a", 1, "INACTIVE"], ["a", 3, "ACTIVE"], ["c", 1, "ACTIVE"]] as const) {
            await tx.taskDefinitions.put(td(f, r, s));
          }
        });
        const list = (q: (tx: StoreTx) => Promise<TaskDefinitionKey[]>) => store.read(q);
        const keys = (rows: TaskDefinitionKey[]) => rows.map((r) => `${r.family}:${r.revision}`);
        assert.deepEqual(keys(await list((tx) => tx.taskDefinitions.list("us-east-1", { status: "ACTIVE", sort: "ASC" }, { limit: 10 }))), ["a:2", "a:3", "b:1", "c:1"]);
        assert.deepEqual(keys(await list((tx) => tx.taskDefinitions.list("us-east-1", { status: "ACTIVE", sort: "DESC" }, { limit: 10 }))), ["c:1", "b:1", "a:3", "a:2"]);
        assert.deepEqual(keys(await list((tx) => tx.taskDefinitions.list("us-east-1", { status: "ACTIVE", sort: "ASC" }, { after: ["a", 3], limit: 1 }))), ["b:1"]);
        assert.deepEqual(keys(await list((tx) => tx.taskDefinitions.list("us-east-1", { status: "ACTIVE", sort: "DESC" }, { after: ["b", 1], limit: 10 }))), ["a:3", "a:2"]);
        assert.deepEqual(keys(await list((tx) => tx.taskDefinitions.list("us-east-1", { family: "a", status: "INACTIVE", sort: "ASC" }, { limit: 10 }))), ["a:1"]);
        assert.equal((await store.read((tx) => tx.taskDefinitions.latestActive("us-east-1", "a")))?.revision, 3);
      }),
    );

    test(
      "families filter by prefix (literally) and by whether an ACTIVE revision exists",
      withStore(async (store) => {
        await store.write(async (tx) => {
          for (const f of ["web", "web_api", "worker", "w%"]) {
            const rev = await tx.taskDefinitions.nextRevision("us-east-1", f);
            await tx.taskDefinitions.put(td(f, rev, f === "worker" ? "INACTIVE" : "ACTIVE"));
          }
        });
        const fam = (q: { prefix?: string; status: "ACTIVE" | "INACTIVE" | "ALL" }, after?: string) =>
          store.read((tx) => tx.taskDefinitions.families("us-east-1", q, { after, limit: 10 }));
        assert.deepEqual(await fam({ status: "ALL" }), ["w%", "web", "web_api", "worker"]);
        assert.deepEqual(await fam({ status: "ACTIVE", prefix: "web" }), ["web", "web_api"]);
        assert.deepEqual(await fam({ status: "INACTIVE" }), ["worker"]);
        assert.deepEqual(await fam({ status: "ALL", prefix: "w%" }), ["w%"]);
        assert.deepEqual(await fam({ status: "ALL" }, "web"), ["web_api", "worker"]);
      }),
    );

    test(
      "tags keep insertion order, overwrite values, and remove by key",
      withStore(async (store) => {
        await store.write(async (tx) => {
          await tx.tags.put("arn:x", [{ key: "b", value: "1" }, { key: "a", value: "2" }]);
          await tx.tags.put("arn:x", [{ key: "b", value: "3" }, { key: "c", value: "4" }]);
          await tx.tags.remove("arn:x", ["a", "zzz"]);
        });
        assert.deepEqual(await store.read((tx) => tx.tags.get("arn:x")), [{ key: "b", value: "3" }, { key: "c", value: "4" }]);
      }),
    );

    test(
      "clusters list by name, per region, after a given name",
      withStore(async (store) => {
        await store.write(async (tx) => {
          for (const n of ["c", "a", "b"]) await tx.clusters.put({ region: "r1", name: n, arn: `arn:${n}`, status: "ACTIVE", doc: { n } });
          await tx.clusters.put({ region: "r2", name: "z", arn: "arn:z", status: "ACTIVE", doc: {} });
        });
        const names = async (after?: string) => (await store.read((tx) => tx.clusters.list("r1", { after, limit: 10 }))).map((c) => c.name);
        assert.deepEqual(await names(), ["a", "b", "c"]);
        assert.deepEqual(await names("a"), ["b", "c"]);
        assert.deepEqual((await store.read((tx) => tx.clusters.get("r1", "c")))?.doc, { n: "c" });
      }),
    );

    test(
      "account settings are per region and principal",
      withStore(async (store) => {
        await store.write(async (tx) => {
          await tx.accountSettings.put({ region: "r", principal: "p1", name: "n", value: "v1" });
          await tx.accountSettings.put({ region: "r", principal: "p1", name: "n", value: "v2" });
          await tx.accountSettings.put({ region: "r", principal: "p2", name: "n", value: "x" });
        });
        assert.equal((await store.read((tx) => tx.accountSettings.get("r", "p1", "n")))?.value, "v2");
        assert.equal((await store.read((tx) => tx.accountSettings.list("r", undefined))).length, 2);
        await store.write((tx) => tx.accountSettings.delete("r", "p1", "n"));
        assert.deepEqual((await store.read((tx) => tx.accountSettings.list("r", "p1"))), []);
      }),
    );

    test(
      "container instances: get by id, by agent name (never an INACTIVE one), heartbeat, optional fields",
      withStore(async (store) => {
        await store.write(async (tx) => {
          await tx.containerInstances.put(instance("a".repeat(32), { agentName: "n1", status: "INACTIVE", registeredAt: 1 }));
          await tx.containerInstances.put(instance("b".repeat(32), { agentName: "n1", registeredAt: 2, lastHeartbeatAt: 5 }));
          await tx.containerInstances.put(instance("c".repeat(32)));
          await tx.containerInstances.put(instance("d".repeat(32), { cluster: "other", agentName: "n2" }));
        });
        const got = await store.read((tx) => tx.containerInstances.get("us-east-1", "c", "c".repeat(32)));
        assert.deepEqual(got, instance("c".repeat(32)));
        assert.equal(got && "agentName" in got, false, "absent optional fields stay absent");
        assert.equal((await store.read((tx) => tx.containerInstances.byAgentName("us-east-1", "c", "n1")))?.id, "b".repeat(32));
        assert.equal(await store.read((tx) => tx.containerInstances.byAgentName("us-east-1", "c", "n2")), undefined, "names are per cluster");
        assert.equal(await store.write((tx) => tx.containerInstances.touch("us-east-1", "c", "b".repeat(32), 99)), true);
        assert.equal(await store.write((tx) => tx.containerInstances.touch("us-east-1", "c", "f".repeat(32), 99)), false);
        const b = await store.read((tx) => tx.containerInstances.get("us-east-1", "c", "b".repeat(32)));
        assert.equal(b?.lastHeartbeatAt, 99);
        assert.deepEqual(b?.doc, instance("b").doc, "a heartbeat leaves the document alone");
        await store.write((tx) => tx.containerInstances.put({ ...b!, status: "DRAINING", doc: { version: 2 } }));
        const again = await store.read((tx) => tx.containerInstances.get("us-east-1", "c", "b".repeat(32)));
        assert.equal(again?.status, "DRAINING");
        assert.deepEqual(again?.doc, { version: 2 });
      }),
    );

    test(
      "container instances list by id per cluster, filter by status, page, and count",
      withStore(async (store) => {
        const ids = ["3", "1", "4", "2", "5"].map((d) => d.repeat(32));
        await store.write(async (tx) => {
          for (const [i, id] of ids.entries()) await tx.containerInstances.put(instance(id, { status: i === 0 ? "INACTIVE" : i === 1 ? "DRAINING" : "ACTIVE" }));
          await tx.containerInstances.put(instance("9".repeat(32), { cluster: "other" }));
          await tx.containerInstances.put(instance("8".repeat(32), { region: "eu-west-1" }));
        });
        const list = async (statuses?: ContainerInstanceRecord["status"][], after?: string, lim = 10) =>
          (await store.read((tx) => tx.containerInstances.list("us-east-1", "c", { statuses }, { after, limit: lim }))).map((r) => r.id[0]).join("");
        assert.equal(await list(), "12345");
        assert.equal(await list(["ACTIVE", "DRAINING"]), "1245");
        assert.equal(await list(["DRAINING"]), "1");
        assert.equal(await list([]), "");
        assert.equal(await list(undefined, "2".repeat(32), 2), "34");
        assert.equal(await store.read((tx) => tx.containerInstances.count("us-east-1", "c", ["ACTIVE", "DRAINING"])), 4);
        assert.equal(await store.read((tx) => tx.containerInstances.count("us-east-1", "c", ["INACTIVE"])), 1);
        assert.equal(await store.read((tx) => tx.containerInstances.count("us-east-1", "other", ["ACTIVE"])), 1);
      }),
    );
  });
}
