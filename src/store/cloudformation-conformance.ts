/**
 * Conformance of the CloudFormation and Parameter Store repositories, for every Store backend
 * (beside store-conformance.ts, which holds the ECS repositories').
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { StackRecord, Store } from "./store.js";

const stack = (name: string, id: string, status: string, createdAt: number, region = "us-east-1"): StackRecord => ({
  region,
  stackId: `arn:aws:cloudformation:${region}:000000000000:stack/${name}/${id}`,
  name,
  status,
  createdAt,
  doc: { templateBody: "{}" },
});

export function cloudformationConformance(name: string, make: () => Promise<{ store: Store; dispose(): Promise<void> }>): void {
  const withStore = (fn: (store: Store) => Promise<void>) => async () => {
    const { store, dispose } = await make();
    try {
      await fn(store);
    } finally {
      await dispose();
    }
  };

  describe(`CloudFormation repositories: ${name}`, () => {
    test(
      "a stack is found by ARN always, by name only while not deleted; the newest of a name wins",
      withStore(async (store) => {
        const old = stack("s", "1", "DELETE_COMPLETE", 1);
        const live = stack("s", "2", "CREATE_COMPLETE", 2);
        await store.write(async (tx) => {
          await tx.cloudformation.putStack(old);
          await tx.cloudformation.putStack(live);
          await tx.cloudformation.putStack(stack("s", "3", "CREATE_COMPLETE", 3, "eu-west-1"));
        });
        await store.read(async (tx) => {
          assert.equal((await tx.cloudformation.getStack("us-east-1", "s"))?.stackId, live.stackId);
          assert.equal((await tx.cloudformation.getStack("us-east-1", old.stackId))?.status, "DELETE_COMPLETE");
          assert.equal(await tx.cloudformation.getStack("eu-west-1", old.stackId), undefined);
          assert.deepEqual((await tx.cloudformation.listStacks("us-east-1")).map((s) => s.stackId), [live.stackId, old.stackId]);
          assert.deepEqual((await tx.cloudformation.stacksWithStatus("%_COMPLETE")).map((s) => s.name), ["s", "s"]);
        });
        await store.write((tx) => tx.cloudformation.putStack({ ...live, status: "UPDATE_IN_PROGRESS", doc: { x: 1 } }));
        const again = await store.read((tx) => tx.cloudformation.getStack("us-east-1", "s"));
        assert.deepEqual([again?.status, again?.doc], ["UPDATE_IN_PROGRESS", { x: 1 }]);
      }),
    );

    test(
      "resources, events (newest first) and change sets of a stack",
      withStore(async (store) => {
        const id = stack("s", "1", "CREATE_COMPLETE", 1).stackId;
        await store.write(async (tx) => {
          await tx.cloudformation.putResource({ stackId: id, logicalId: "B", doc: { status: "CREATE_IN_PROGRESS" } });
          await tx.cloudformation.putResource({ stackId: id, logicalId: "A", doc: { status: "CREATE_COMPLETE" } });
          await tx.cloudformation.putResource({ stackId: id, logicalId: "B", doc: { status: "CREATE_COMPLETE" } });
          for (const n of [1, 2, 3]) await tx.cloudformation.addEvent({ stackId: id, doc: { n } });
          await tx.cloudformation.putChangeSet({ region: "us-east-1", id: "arn:cs/b", stackId: id, name: "b", doc: {} });
          await tx.cloudformation.putChangeSet({ region: "us-east-1", id: "arn:cs/a", stackId: id, name: "a", doc: {} });
        });
        await store.read(async (tx) => {
          assert.deepEqual((await tx.cloudformation.resources(id)).map((r) => [r.logicalId, r.doc.status]), [["A", "CREATE_COMPLETE"], ["B", "CREATE_COMPLETE"]]);
          assert.deepEqual((await tx.cloudformation.events(id)).map((e) => e.doc.n), [3, 2, 1]);
          assert.deepEqual((await tx.cloudformation.changeSets(id)).map((c) => c.name), ["a", "b"]);
          assert.equal((await tx.cloudformation.changeSetByName(id, "b"))?.id, "arn:cs/b");
          assert.equal((await tx.cloudformation.getChangeSet("us-east-1", "arn:cs/a"))?.name, "a");
        });
        await store.write(async (tx) => {
          await tx.cloudformation.deleteResource(id, "A");
          await tx.cloudformation.deleteChangeSet("arn:cs/a");
        });
        await store.read(async (tx) => {
          assert.deepEqual((await tx.cloudformation.resources(id)).map((r) => r.logicalId), ["B"]);
          assert.equal(await tx.cloudformation.getChangeSet("us-east-1", "arn:cs/a"), undefined);
        });
      }),
    );

    test(
      "SSM parameters: put, get, list by name, delete reports whether it deleted",
      withStore(async (store) => {
        await store.write(async (tx) => {
          await tx.ssmParameters.put({ region: "us-east-1", name: "/b", doc: { Value: "1" } });
          await tx.ssmParameters.put({ region: "us-east-1", name: "/a", doc: { Value: "2" } });
          await tx.ssmParameters.put({ region: "us-east-1", name: "/b", doc: { Value: "3" } });
          await tx.ssmParameters.put({ region: "eu-west-1", name: "/c", doc: {} });
        });
        assert.deepEqual((await store.read((tx) => tx.ssmParameters.list("us-east-1"))).map((p) => [p.name, p.doc.Value]), [["/a", "2"], ["/b", "3"]]);
        assert.equal(await store.write((tx) => tx.ssmParameters.delete("us-east-1", "/a")), true);
        assert.equal(await store.write((tx) => tx.ssmParameters.delete("us-east-1", "/a")), false);
        assert.equal(await store.read((tx) => tx.ssmParameters.get("us-east-1", "/a")), undefined);
      }),
    );
  });
}
