/**
 * The conformance suite every Store backend must pass. A backend's own test file calls
 * `storeConformance(name, factory)`; the factory makes a fresh, empty store.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { ContainerInstanceRecord, ServiceRecord, Store, StoreTx, TaskDefinitionKey, TaskDefinitionRecord, TaskRecord } from "./store.js";

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

const INSTANCE_A = "arn:aws:ecs:us-east-1:000000000000:container-instance/c/" + "a".repeat(32);
const INSTANCE_B = "arn:aws:ecs:us-east-1:000000000000:container-instance/c/" + "b".repeat(32);

const task = (id: string, over: Partial<TaskRecord> = {}): TaskRecord => ({
  region: "us-east-1",
  cluster: "c",
  id,
  arn: `arn:aws:ecs:us-east-1:000000000000:task/c/${id}`,
  containerInstanceArn: INSTANCE_A,
  family: "web",
  group: "family:web",
  desiredStatus: "RUNNING",
  lastStatus: "PENDING",
  launchType: "EC2",
  version: 1,
  createdAt: 1000,
  doc: { containers: [{ name: "app" }] },
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

    test(
      "tasks: get, optional fields stay absent, overwrite",
      withStore(async (store) => {
        const id = "1".repeat(32);
        await store.write((tx) => tx.tasks.put(task(id, { startedBy: "me", privateIpv4Address: "127.77.0.1" })));
        const got = await store.read((tx) => tx.tasks.get("us-east-1", "c", id));
        assert.deepEqual(got, task(id, { startedBy: "me", privateIpv4Address: "127.77.0.1" }));
        await store.write((tx) => tx.tasks.put(task(id, { lastStatus: "STOPPED", desiredStatus: "STOPPED", stoppedAt: 5, version: 3, doc: { v: 3 } })));
        const again = await store.read((tx) => tx.tasks.get("us-east-1", "c", id));
        assert.deepEqual(again, task(id, { lastStatus: "STOPPED", desiredStatus: "STOPPED", stoppedAt: 5, version: 3, doc: { v: 3 } }));
        assert.equal(again && "startedBy" in again, false);
        assert.equal(await store.read((tx) => tx.tasks.get("us-east-1", "other", id)), undefined);
      }),
    );

    test(
      "tasks list by id with filters and pages; counts by lastStatus per cluster",
      withStore(async (store) => {
        await store.write(async (tx) => {
          await tx.tasks.put(task("3".repeat(32), { family: "api", lastStatus: "RUNNING" }));
          await tx.tasks.put(task("1".repeat(32), { startedBy: "ci", containerInstanceArn: INSTANCE_B }));
          await tx.tasks.put(task("2".repeat(32), { desiredStatus: "STOPPED", lastStatus: "STOPPED" }));
          await tx.tasks.put(task("4".repeat(32), { launchType: "FARGATE", lastStatus: "RUNNING" }));
          await tx.tasks.put(task("9".repeat(32), { cluster: "other" }));
        });
        const ids = async (query: Parameters<StoreTx["tasks"]["list"]>[2], after?: string, lim = 10) =>
          (await store.read((tx) => tx.tasks.list("us-east-1", "c", query, { after, limit: lim }))).map((t) => t.id[0]).join("");
        assert.equal(await ids({}), "1234");
        assert.equal(await ids({ family: "api" }), "3");
        assert.equal(await ids({ startedBy: "ci" }), "1");
        assert.equal(await ids({ containerInstanceArn: INSTANCE_A }), "234");
        assert.equal(await ids({ desiredStatus: "RUNNING" }), "134");
        assert.equal(await ids({ desiredStatus: "STOPPED" }), "2");
        assert.equal(await ids({ launchType: "FARGATE" }), "4");
        assert.equal(await ids({ launchType: "EC2", desiredStatus: "RUNNING" }), "13");
        assert.equal(await ids({}, "1".repeat(32), 2), "23");
        assert.deepEqual(await store.read((tx) => tx.tasks.countByLastStatus("us-east-1", "c")), { PENDING: 1, RUNNING: 2, STOPPED: 1 });
        assert.deepEqual(await store.read((tx) => tx.tasks.countByLastStatus("us-east-1", "none")), {});
      }),
    );

    test(
      "an instance's assignment sequence grows with each new task and desired-status change, in the writing transaction",
      withStore(async (store) => {
        const seq = (arn: string) => store.read((tx) => tx.tasks.sequence(arn));
        assert.equal(await seq(INSTANCE_A), 0);
        const a = task("a".repeat(32));
        await store.write((tx) => tx.tasks.put(a));
        assert.equal(await seq(INSTANCE_A), 1);
        await store.write((tx) => tx.tasks.put({ ...a, lastStatus: "RUNNING", version: 2 }));
        assert.equal(await seq(INSTANCE_A), 1, "an observed-state change is not an assignment");
        await store.write((tx) => tx.tasks.put({ ...a, desiredStatus: "STOPPED", version: 3 }));
        assert.equal(await seq(INSTANCE_A), 2);
        await store.write((tx) => tx.tasks.put({ ...a, desiredStatus: "STOPPED", version: 4, reassigned: true }));
        assert.equal(await seq(INSTANCE_A), 3, "what the agent is told changed (a drained task released)");
        assert.equal((await store.read((tx) => tx.tasks.get("us-east-1", "c", "a".repeat(32))))?.reassigned, undefined, "not stored");
        assert.equal(await seq(INSTANCE_B), 0, "per instance");
        await assert.rejects(
          store.write(async (tx) => {
            await tx.tasks.put(task("b".repeat(32)));
            throw new Error("boom");
          }),
        );
        assert.equal(await seq(INSTANCE_A), 3, "a rolled-back write bumps nothing");
      }),
    );

    test(
      "assignedTo lists what the agent still acts on; addressesInUse skips STOPPED tasks",
      withStore(async (store) => {
        await store.write(async (tx) => {
          await tx.tasks.put(task("1".repeat(32), { privateIpv4Address: "127.77.0.1" }));
          await tx.tasks.put(task("2".repeat(32), { desiredStatus: "STOPPED", lastStatus: "RUNNING", privateIpv4Address: "127.77.0.2" }));
          await tx.tasks.put(task("3".repeat(32), { desiredStatus: "STOPPED", lastStatus: "STOPPED", privateIpv4Address: "127.77.0.3" }));
          await tx.tasks.put(task("4".repeat(32), { containerInstanceArn: INSTANCE_B }));
        });
        const assigned = await store.read((tx) => tx.tasks.assignedTo(INSTANCE_A));
        assert.deepEqual(assigned.map((t) => t.id[0]).join(""), "12");
        assert.deepEqual((await store.read((tx) => tx.tasks.addressesInUse())).sort(), ["127.77.0.1", "127.77.0.2"]);
        // A STOPPED task's address may be reused by a new task.
        await store.write((tx) => tx.tasks.put(task("5".repeat(32), { privateIpv4Address: "127.77.0.3" })));
      }),
    );

    test(
      "client tokens are per region and cluster",
      withStore(async (store) => {
        const rec = { region: "us-east-1", cluster: "c", token: "t1", requestHash: "h", response: { tasks: [{ taskArn: "x" }] }, createdAt: 7 };
        await store.write((tx) => tx.tasks.putClientToken(rec));
        assert.deepEqual(await store.read((tx) => tx.tasks.getClientToken("us-east-1", "c", "t1")), rec);
        assert.equal(await store.read((tx) => tx.tasks.getClientToken("us-east-1", "d", "t1")), undefined);
      }),
    );

    test(
      "tasks filter by group and by not STOPPED; instances are found in every region and cluster by status",
      withStore(async (store) => {
        await store.write(async (tx) => {
          await tx.tasks.put(task("1".repeat(32), { group: "service:web" }));
          await tx.tasks.put(task("2".repeat(32), { group: "service:web", lastStatus: "STOPPED", desiredStatus: "STOPPED" }));
          await tx.tasks.put(task("3".repeat(32), { group: "family:web" }));
          await tx.containerInstances.put(instance("a".repeat(32)));
          await tx.containerInstances.put(instance("b".repeat(32), { region: "eu-west-1", cluster: "d", status: "INACTIVE" }));
        });
        const group = await store.read((tx) => tx.tasks.list("us-east-1", "c", { group: "service:web" }, { limit: 10 }));
        assert.deepEqual(group.map((t) => t.id[0]), ["1", "2"]);
        const open = await store.read((tx) => tx.tasks.list("us-east-1", "c", { group: "service:web", notStopped: true }, { limit: 10 }));
        assert.deepEqual(open.map((t) => t.id[0]), ["1"]);
        assert.deepEqual((await store.read((tx) => tx.containerInstances.everywhere(["INACTIVE"]))).map((i) => i.cluster), ["d"]);
        assert.equal((await store.read((tx) => tx.containerInstances.everywhere(["ACTIVE", "INACTIVE"]))).length, 2);
      }),
    );
  });

  describe("services", () => {
    const service = (name: string, over: Partial<ServiceRecord> = {}): ServiceRecord => ({
      region: "us-east-1",
      cluster: "c",
      name,
      arn: `arn:aws:ecs:us-east-1:000000000000:service/c/${name}`,
      status: "ACTIVE",
      schedulingStrategy: "REPLICA",
      launchType: "EC2",
      version: 1,
      createdAt: 5,
      doc: { serviceName: name, deployments: [] },
      ...over,
    });

    test(
      "a service round-trips, is replaced by a put under the same name, and lists by name with filters",
      withStore(async (store) => {
        await store.write(async (tx) => {
          await tx.services.put(service("b"));
          await tx.services.put(service("a", { schedulingStrategy: "DAEMON" }));
          await tx.services.put(service("c", { status: "DRAINING" }));
          await tx.services.put(service("d", { status: "INACTIVE", launchType: undefined }));
          await tx.services.put(service("x", { cluster: "other" }));
        });
        assert.deepEqual(await store.read((tx) => tx.services.get("us-east-1", "c", "b")), service("b"));
        const d = await store.read((tx) => tx.services.get("us-east-1", "c", "d"));
        assert.equal(d?.launchType, undefined);
        await store.write((tx) => tx.services.put(service("b", { version: 2, doc: { serviceName: "b", deployments: [1] } })));
        assert.equal((await store.read((tx) => tx.services.get("us-east-1", "c", "b")))?.version, 2);
        const names = async (q: Parameters<StoreTx["services"]["list"]>[2], after?: string) =>
          (await store.read((tx) => tx.services.list("us-east-1", "c", q, { after, limit: 10 }))).map((s) => s.name);
        assert.deepEqual(await names({}), ["a", "b", "c", "d"]);
        assert.deepEqual(await names({ statuses: ["ACTIVE"] }), ["a", "b"]);
        assert.deepEqual(await names({ statuses: ["ACTIVE"], schedulingStrategy: "REPLICA" }), ["b"]);
        assert.deepEqual(await names({ launchType: "EC2" }, "a"), ["b", "c"]);
        assert.equal(await store.read((tx) => tx.services.count("us-east-1", "c", ["ACTIVE", "DRAINING"])), 3);
        assert.deepEqual((await store.read((tx) => tx.services.live())).map((s) => `${s.cluster}/${s.name}`), ["c/a", "c/b", "c/c", "other/x"]);
      }),
    );
  });
}
